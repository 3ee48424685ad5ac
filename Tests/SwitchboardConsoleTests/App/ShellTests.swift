import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Console shell")
struct ShellTests {
    @Test("the header shows product, tenant, connector, auth state and the SANDBOX badge")
    func header() {
        let console = makeConsole(size: Size(width: 120, height: 30), sandbox: true)
        let header = console.screen.text(row: 0)
        #expect(header.contains("Switchboard"))
        #expect(header.contains("tenant none"))
        #expect(header.contains("no connector"))
        #expect(header.contains("mode direct"))
        #expect(header.contains("SANDBOX"))
        let narrow = makeConsole(size: Size(width: 80, height: 24)).screen.text(row: 0)
        // Issue 24 finding 9: the same format at 80 columns as at 120.
        #expect(narrow.hasPrefix(" Switchboard │ tenant none │ no connector │ mode direct"), "\(narrow)")
        #expect(header.hasPrefix(" Switchboard │ tenant none │ no connector │ mode direct"), "\(header)")
        #expect(console.screen.style(of: "SANDBOX") == console.model.theme.style(.badgeSandbox))
        #expect(!makeConsole(sandbox: false).screen.text(row: 0).contains("SANDBOX"))
    }

    @Test("the key-hint bar and the help screen come from the same bindings")
    func hintsAndHelpAgree() {
        let console = makeConsole(size: Size(width: 100, height: 50))
        let bar = console.screen.text(row: 49)
        for binding in console.app.bindings(console.model) where binding.showInBar && bar.contains(binding.title) {
            console.press("?")
            #expect(console.text.contains(binding.title), "\(binding.title) is in help")
            console.press("esc")
        }
        #expect(bar.contains("? help"))
        #expect(bar.contains("q quit"))
        let tall = makeConsole(size: Size(width: 100, height: 50))
        tall.press("?")
        #expect(tall.text.contains("Help — Catalog"))
        #expect(tall.text.contains("already at the first screen"), "help says why an action is unavailable")
        console.press("?")
        #expect(console.text.contains("Help — Catalog"))
        console.press("esc")
        #expect(!console.text.contains("Help — Catalog"))
    }

    @Test(": runs commands with Tab completion; :theme switches the theme")
    func commandMode() {
        let console = makeConsole()
        console.press(":")
        console.type("theme li")
        console.press("tab")
        guard case .command(let input) = console.model.mode else { Issue.record("not in command mode"); return }
        #expect(input.text == "theme light")
        console.press("enter")
        #expect(console.model.theme.name == "light")
        #expect(console.text.contains("Theme: light"))
        #expect(console.screen.style(of: "Switchboard")?.background != Theme.builtInDefault.style(.header).background)
    }

    @Test("an unknown command or theme is an error on the flash line, and nothing changes")
    func badCommands() {
        let console = makeConsole()
        console.press(":")
        console.type("frobnicate")
        console.press("enter")
        #expect(console.text.contains("Unknown command \"frobnicate\""))
        console.press(":")
        console.type("theme no-such-theme")
        console.press("enter")
        #expect(console.model.theme.name == "default")
        #expect(console.text.contains("Theme not changed"))
        #expect(console.screen.style(of: "Theme not changed") == console.model.theme.style(.flashError))
    }

    @Test("the flash line clears itself")
    func flashExpires() {
        let console = makeConsole()
        console.press(":")
        console.type("theme light")
        console.press("enter")
        #expect(console.text.contains("Theme: light"))
        console.tick(now: testNow.addingTimeInterval(1))
        #expect(console.text.contains("Theme: light"))
        console.tick(now: testNow.addingTimeInterval(10))
        #expect(!console.text.contains("Theme: light"))
    }

    @Test("ctrl+p opens the palette; typing narrows it and Enter runs the entry")
    func palette() {
        let console = makeConsole()
        console.press("ctrl+p")
        #expect(console.text.contains("Command palette"))
        console.type("theme mono")
        #expect(console.text.contains("Switch theme: mono"))
        console.press("enter")
        #expect(console.model.theme.name == "mono")
        #expect(!console.text.contains("Command palette"))
    }

    @Test("q quits at once when nothing is unsaved")
    func quit() {
        let console = makeConsole()
        console.press("q")
        #expect(console.isFinished)
    }

    @Test("q asks first when a screen holds unsaved work; n stays, y quits")
    func quitAsks() {
        let console = makeConsole()
        console.model.screens.append(UnsavedScreen())
        console.press("q")
        #expect(!console.isFinished)
        #expect(console.text.contains("Quit Switchboard?"))
        console.press("n")
        #expect(!console.isFinished)
        console.press("q", "y")
        #expect(console.isFinished)
    }

    @Test("Esc on the first screen does not quit")
    func escapeAtRoot() {
        let console = makeConsole()
        console.press("esc")
        #expect(!console.isFinished)
    }
}

/// A screen with unsaved changes, to exercise the quit confirmation.
struct UnsavedScreen: ConsoleScreen {
    var breadcrumb: String { "Editor" }
    var hasUnsavedChanges: Bool { true }
    func bindings() -> [Binding<AppModel>] { [] }
    mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome { .none }
    func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {}
}
