import ConsoleKit

/// Turns colour and style strings from theme files into `Color` and `Style` values.
struct ThemeColorResolver {
    var palette: [String: Color]
    var roles: ThemeRoles

    /// A problem with one style string.
    struct StyleError: Error { var message: String }

    /// Resolves a palette name, a role name (when allowed), `#rrggbb`, `color(N)`, an ANSI name or `default`.
    func color(_ text: String, allowRoles: Bool) -> Color? {
        if let c = palette[text] { return c }
        if allowRoles, let c = roles[text] { return c }
        return Color(parsing: text)
    }

    /// Parses `"[attrs] [fg] [on bg]"`, e.g. `"bold primary on surface"` or `"underline"`.
    func style(_ text: String) throws(StyleError) -> Style {
        var style = Style(foreground: roles.foreground, background: roles.background)
        var words = text.split(separator: " ").map(String.init)
        var sawForeground = false
        while !words.isEmpty {
            let word = words.removeFirst()
            if let attr = TextAttributes.names.first(where: { $0.0 == word }) {
                style.attributes.insert(attr.1)
            } else if word == "on" {
                guard !words.isEmpty else { throw StyleError(message: "\"on\" must be followed by a background colour") }
                let bg = words.removeFirst()
                guard let c = color(bg, allowRoles: true) else { throw StyleError(message: "unknown colour \"\(bg)\"") }
                style.background = c
            } else if let c = color(word, allowRoles: true) {
                guard !sawForeground else { throw StyleError(message: "two foreground colours; write \"fg on bg\"") }
                style.foreground = c
                sawForeground = true
            } else {
                throw StyleError(message: "unknown attribute or colour \"\(word)\" (attributes: bold, dim, underline, reverse, italic)")
            }
        }
        return style
    }
}

/// Finds the line of a key in TOML text, so semantic errors can name it (TOMLKit gives lines only for syntax errors).
struct ThemeSourceLines {
    private let lines: [Substring]
    init(_ text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    /// The 1-based line where `key` is assigned inside `[table]` (or at the top level when nil).
    func line(ofKey key: String, inTable table: String?) -> Int? {
        var current: String? = nil
        for (i, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                current = line.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))
                if table == nil, current == key { return i + 1 }
                continue
            }
            guard current == table else { continue }
            let name = line.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            if name == key { return i + 1 }
        }
        return nil
    }
}

import Foundation
