import ConsoleKit
import Foundation
import SwitchboardConsole
import Testing

@Suite("Theme files")
struct ThemeLoaderTests {
    let loader = ThemeLoader(searchDirectories: [repositoryThemes])

    @Test("every file in themes/ loads without error")
    func everyShippedThemeLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: repositoryThemes.path).filter { $0.hasSuffix(".toml") }
        #expect(Set(files).isSuperset(of: ["default.toml", "light.toml", "high-contrast.toml", "mono.toml"]))
        for file in files {
            #expect(throws: Never.self, "\(file) loads") { try loader.load(repositoryThemes.appendingPathComponent(file).path) }
        }
    }

    @Test("light is light, high-contrast inherits default's dark flag and overrides its roles")
    func shippedThemeFacts() throws {
        let light = try loader.load("light")
        #expect(!light.isDark)
        #expect(light.roles.background == Color.rgb(255, 255, 255))
        let hc = try loader.load("high-contrast")
        #expect(hc.isDark)
        #expect(hc.roles.foreground == .rgb(255, 255, 255))
        #expect(hc.style(.selection).attributes.contains(.reverse))
    }

    @Test("mono uses no colour at all")
    func monoHasNoColour() throws {
        let mono = try loader.load("mono")
        for component in ThemeComponent.allCases {
            #expect(mono.style(component).foreground == .default, "\(component.rawValue) foreground")
            #expect(mono.style(component).background == .default, "\(component.rawValue) background")
        }
        #expect(mono.style(.selection).attributes.contains(.reverse))
    }

    @Test("the built-in default works with no theme files at all")
    func builtInDefault() throws {
        let empty = ThemeLoader(searchDirectories: [URL(fileURLWithPath: "/nonexistent-\(UUID())")])
        #expect(try empty.load("default") == Theme.builtInDefault)
        #expect(empty.availableThemes() == ["default"])
    }

    @Test("bad theme files name the file and line", arguments: [
        ("name = \"x\"\n[roles]\nprimary = \"blu\"\n", 3, "unknown colour \"blu\""),
        ("name = \"x\"\ncolour = 1\n", 2, "unknown key \"colour\""),
        ("name = \"x\"\n[roles]\nbackground = \"default\"\naccent = \"red\"\n", 4, "unknown role \"accent\""),
        ("name = \"x\"\n[styles]\n\"selection\" = \"blinking red\"\n", 3, "unknown attribute or colour \"blinking\""),
        ("name = \"x\"\n[styles]\n\"sidebar\" = \"bold\"\n", 3, "unknown style \"sidebar\""),
        ("name = \"x\"\n[roles\nprimary = \"red\"\n", 2, "TOML syntax"),
        ("name = \"x\"\ndark = \"yes\"\n", 2, "dark must be true or false"),
        ("name = \"x\"\ninherits = \"no-such-parent\"\n", 2, "no such theme"),
    ] as [(String, Int, String)])
    func badFiles(text: String, line: Int, message: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("broken.toml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let loader = ThemeLoader(searchDirectories: [dir, repositoryThemes])
        do {
            _ = try loader.load(file.path)
            Issue.record("expected an error for: \(text)")
        } catch {
            #expect(error.file.hasSuffix("broken.toml"))
            #expect(error.line == line, "line for \(message)")
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test("an inherits cycle is an error, not a hang")
    func inheritsCycle() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "inherits = \"b\"\n".write(to: dir.appendingPathComponent("a.toml"), atomically: true, encoding: .utf8)
        try "inherits = \"a\"\n".write(to: dir.appendingPathComponent("b.toml"), atomically: true, encoding: .utf8)
        let loader = ThemeLoader(searchDirectories: [dir])
        #expect(throws: ThemeError.self) { try loader.load("a") }
    }

    @Test("a child theme keeps its parent's palette-derived roles and overrides only what it sets")
    func inheritance() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "name = \"child\"\ninherits = \"light\"\n[roles]\nprimary = \"#ff0000\"\n".write(to: dir.appendingPathComponent("child.toml"), atomically: true, encoding: .utf8)
        let loader = ThemeLoader(searchDirectories: [dir, repositoryThemes])
        let child = try loader.load("child")
        let light = try loader.load("light")
        #expect(child.roles.primary == .rgb(255, 0, 0))
        #expect(child.roles.background == light.roles.background)
        #expect(!child.isDark)
    }
}
