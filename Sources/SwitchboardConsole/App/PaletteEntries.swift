import ConsoleKit

/// The command palette's entries: every binding and command reachable from here, searchable by
/// title, key, command name, description and synonyms ("ten" finds `:tenants`, "hist" `:history`).
public enum PaletteEntries {
    /// What choosing an entry does.
    public enum Action: Sendable, Equatable {
        case binding(String)
        case command(String)
        /// Opens the command line with this text, for a command that needs an argument.
        case prefill(String)
    }

    /// One entry: what people read, what it does, and the key if it has one.
    public struct Entry: Sendable, Equatable {
        public var title: String
        public var action: Action
        public var keyLabel: String
        /// Further words it is found by (a command's name and synonyms).
        public var keywords: String = ""
    }

    /// All entries for the current state.
    public static func all(_ model: AppModel, themes: [String]) -> [Entry] {
        var out: [Entry] = []
        for b in model.top.bindings() + GlobalBindings.all(model) where b.disabledReason(model) == nil && !b.id.hasPrefix("list.") && b.id != "app.palette" {
            out.append(Entry(title: b.title.capitalizedFirst, action: .binding(b.id), keyLabel: b.keyLabel))
        }
        for (title, command) in model.top.paletteEntries() {
            out.append(Entry(title: title, action: .command(command), keyLabel: ":" + command))
        }
        for spec in PaletteCommands.specs where !out.contains(where: { $0.action == .command(spec.name) }) {
            let needsArgument = spec.argument.hasPrefix("[") == false && !spec.argument.isEmpty
            out.append(Entry(title: spec.summary.capitalizedFirst, action: needsArgument ? .prefill(spec.name + " ") : .command(spec.name),
                             keyLabel: ":" + spec.name + (spec.argument.isEmpty ? "" : " " + spec.argument),
                             keywords: ([spec.name] + spec.synonyms).joined(separator: " ")))
        }
        for theme in themes {
            out.append(Entry(title: "Switch theme: \(theme)", action: .command("theme \(theme)"), keyLabel: ":theme \(theme)"))
        }
        return out
    }

    /// The entries matching the typed query.
    public static func filtered(_ entries: [Entry], query: String) -> [Entry] {
        entries.filter { ListFilter.matches(query, $0.title + " " + $0.keyLabel + " " + $0.keywords) }
    }
}
