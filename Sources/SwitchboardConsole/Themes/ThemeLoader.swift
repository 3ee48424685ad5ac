import ConsoleKit
import Foundation
import TOMLKit

/// Finds and reads `themes/<name>.toml` files (see README "Themes"), resolving `inherits`.
///
/// A theme is looked up by path (anything containing `/` or ending in `.toml`) or by name in the
/// search directories, in order: `$SWITCHBOARD_THEMES_DIR`, `$XDG_CONFIG_HOME/switchboard/themes`,
/// `./themes`, and the `themes/` folder of the source checkout this binary was built from.
/// The built-in `default` needs no file at all.
public struct ThemeLoader: Sendable {
    public var searchDirectories: [URL]

    public init(searchDirectories: [URL]) { self.searchDirectories = searchDirectories }

    /// The standard search path for the given environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ThemeLoader {
        var dirs: [URL] = []
        if let dir = environment["SWITCHBOARD_THEMES_DIR"], !dir.isEmpty { dirs.append(URL(fileURLWithPath: dir)) }
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (environment["HOME"].map { $0 + "/.config" } ?? "")
        if !config.isEmpty { dirs.append(URL(fileURLWithPath: config).appendingPathComponent("switchboard/themes")) }
        dirs.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        dirs.append(sourceThemesDirectory)
        return ThemeLoader(searchDirectories: dirs)
    }

    /// The `themes/` folder of the checkout this module was compiled from.
    public static var sourceThemesDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")
    }

    /// Names of every theme found in the search directories, plus the built-in default.
    public func availableThemes() -> [String] {
        var names: Set<String> = ["default"]
        for dir in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for f in files where f.hasSuffix(".toml") { names.insert(String(f.dropLast(5))) }
        }
        return names.sorted()
    }

    /// Loads a theme by name or path.
    public func load(_ nameOrPath: String) throws(ThemeError) -> Theme {
        try load(nameOrPath, chain: [])
    }

    /// Parses theme text; `file` names it in errors and `parent` resolves `inherits`.
    public func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        try parse(text, file: file, chain: [file])
    }

    // MARK: - Internals

    private func locate(_ nameOrPath: String) -> URL? {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            let url = URL(fileURLWithPath: nameOrPath)
            return FileManager.default.fileExists(atPath: url.path) ? url : nil
        }
        for dir in searchDirectories {
            let url = dir.appendingPathComponent(nameOrPath + ".toml")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    private func load(_ nameOrPath: String, chain: [String]) throws(ThemeError) -> Theme {
        guard let url = locate(nameOrPath) else {
            if nameOrPath == "default" { return .builtInDefault }
            if nameOrPath == "mono" { return .monochrome }
            let known = availableThemes().joined(separator: ", ")
            throw ThemeError(file: nameOrPath, message: "no such theme; available: \(known)")
        }
        let display = url.path.hasPrefix(FileManager.default.currentDirectoryPath + "/")
            ? String(url.path.dropFirst(FileManager.default.currentDirectoryPath.count + 1)) : url.path
        if chain.contains(display) {
            throw ThemeError(file: display, message: "inherits forms a cycle: \((chain + [display]).joined(separator: " → "))")
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ThemeError(file: display, message: "cannot be read as UTF-8 text")
        }
        return try parse(text, file: display, chain: chain + [display])
    }

    private func parse(_ text: String, file: String, chain: [String]) throws(ThemeError) -> Theme {
        // TOML allows no control character but tab (and line ends); the parser below asserts on
        // some of them in a key (a crash in debug builds), so they are refused first, by line.
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let body = line.hasSuffix("\r") ? line.dropLast() : line[...]
            if let bad = body.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }) {
                throw ThemeError(file: file, line: index + 1, message: String(format: "control character U+%04X (TOML allows only tab)", bad.value))
            }
            // Likewise a table header must name its table: `[name]` or `[[name]]` (`[[[` trips it).
            let trimmed = body.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("[") {
                let name = trimmed.dropFirst(trimmed.hasPrefix("[[") ? 2 : 1).drop { $0 == " " || $0 == "\t" }
                guard let first = name.unicodeScalars.first, first.isASCII,
                      first.properties.isAlphabetic || ("0"..."9").contains(first) || "_-\"'".unicodeScalars.contains(first) else {
                    throw ThemeError(file: file, line: index + 1, message: "a table header needs a name: [name] or [[name]]")
                }
            }
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: error.source.begin.line, message: "TOML syntax: \(error.description)")
        } catch {
            throw ThemeError(file: file, message: "TOML syntax error")
        }
        let lines = ThemeSourceLines(text)
        let allowedTop: Set<String> = ["name", "dark", "inherits", "palette", "roles", "styles"]
        for key in table.keys where !allowedTop.contains(key) {
            throw ThemeError(file: file, line: lines.line(ofKey: key, inTable: nil), message: "unknown key \"\(key)\" (allowed: name, dark, inherits, [palette], [roles], [styles])")
        }
        var theme: Theme
        if let inherits = table["inherits"] {
            guard let parentName = inherits.string else {
                throw ThemeError(file: file, line: lines.line(ofKey: "inherits", inTable: nil), message: "inherits must be a theme name in quotes")
            }
            do {
                theme = try load(parentName, chain: chain)
            } catch {
                throw ThemeError(file: file, line: lines.line(ofKey: "inherits", inTable: nil), message: "inherits \"\(parentName)\": \(error.description)")
            }
            theme.name = file
        } else {
            theme = .builtInDefault
            theme.overrides = [:]
        }
        if let name = table["name"] {
            guard let s = name.string, !s.isEmpty else { throw ThemeError(file: file, line: lines.line(ofKey: "name", inTable: nil), message: "name must be a non-empty string") }
            theme.name = s
        } else if table["inherits"] == nil {
            throw ThemeError(file: file, message: "missing name = \"...\"")
        }
        if let dark = table["dark"] {
            guard let b = dark.bool else { throw ThemeError(file: file, line: lines.line(ofKey: "dark", inTable: nil), message: "dark must be true or false") }
            theme.isDark = b
        }
        var resolver = ThemeColorResolver(palette: [:], roles: theme.roles)
        if let paletteValue = table["palette"] {
            guard let palette = paletteValue.table else { throw ThemeError(file: file, line: lines.line(ofKey: "palette", inTable: nil), message: "[palette] must be a table") }
            for key in palette.keys {
                let line = lines.line(ofKey: key, inTable: "palette")
                guard let raw = palette[key]?.string else { throw ThemeError(file: file, line: line, message: "palette.\(key) must be a colour string") }
                guard let color = resolver.color(raw, allowRoles: false) else {
                    throw ThemeError(file: file, line: line, message: "palette.\(key): unknown colour \"\(raw)\" (use #rrggbb, color(N), an ANSI name or default)")
                }
                resolver.palette[key] = color
            }
        }
        if let rolesValue = table["roles"] {
            guard let roles = rolesValue.table else { throw ThemeError(file: file, line: lines.line(ofKey: "roles", inTable: nil), message: "[roles] must be a table") }
            for key in roles.keys {
                let line = lines.line(ofKey: key, inTable: "roles")
                guard ThemeRoles.names.contains(key) else {
                    throw ThemeError(file: file, line: line, message: "unknown role \"\(key)\" (roles: \(ThemeRoles.names.joined(separator: ", ")))")
                }
                guard let raw = roles[key]?.string, let color = resolver.color(raw, allowRoles: true) else {
                    throw ThemeError(file: file, line: line, message: "roles.\(key): unknown colour \"\(roles[key]?.string ?? "?")\"")
                }
                resolver.roles.set(key, color)
            }
            theme.roles = resolver.roles
        }
        if let stylesValue = table["styles"] {
            guard let styles = stylesValue.table else { throw ThemeError(file: file, line: lines.line(ofKey: "styles", inTable: nil), message: "[styles] must be a table") }
            for key in styles.keys {
                let line = lines.line(ofKey: key, inTable: "styles")
                guard let component = ThemeComponent(rawValue: key) else {
                    throw ThemeError(file: file, line: line, message: "unknown style \"\(key)\" (styles: \(ThemeComponent.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard let raw = styles[key]?.string else { throw ThemeError(file: file, line: line, message: "styles.\(key) must be a string such as \"bold primary on surface\"") }
                do {
                    theme.overrides[component] = try resolver.style(raw)
                } catch {
                    throw ThemeError(file: file, line: line, message: "styles.\(key): \(error.message)")
                }
            }
        }
        return theme
    }
}
