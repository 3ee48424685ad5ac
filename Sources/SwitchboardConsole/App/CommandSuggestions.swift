import Foundation

/// What `:` offers as you type: every command that matches with its one-line description, then
/// the arguments of the command typed (connectors, a connector's methods and actions, tenants,
/// categories, themes, file paths for `:bulk`). The command line draws them above the prompt;
/// Tab completes them.
public enum CommandSuggestions {
    /// One suggestion: the whole command line it completes to, what is shown, and a description.
    public struct Suggestion: Sendable, Equatable {
        /// The command line after choosing it (a trailing space when more is expected).
        public var completion: String
        /// The word shown, e.g. `:connect [ID] [METHOD]` or `hubspot`.
        public var label: String
        public var detail: String
    }

    /// What arguments can be: read by the app from the catalog, the store and the file system.
    public struct Context: Sendable {
        public var themes: [String]
        /// Connector ids with their names.
        public var connectors: [(id: String, name: String)]
        public var categories: [String]
        /// The tenants' names (read only when a `:tenant` argument is completed).
        public var tenants: @Sendable () -> [String]
        /// A connector's token methods (id, name) by connector id.
        public var methods: @Sendable (String) -> [(id: String, name: String)]
        /// A connector's actions (id, "METHOD path") by connector id.
        public var actions: @Sendable (String) -> [(id: String, detail: String)]
        /// The entries of a folder (names, a folder's ending in "/"); empty when it cannot be read.
        public var files: @Sendable (String) -> [String]

        public init(themes: [String] = [], connectors: [(id: String, name: String)] = [], categories: [String] = [], tenants: @escaping @Sendable () -> [String] = { [] },
                    methods: @escaping @Sendable (String) -> [(id: String, name: String)] = { _ in [] },
                    actions: @escaping @Sendable (String) -> [(id: String, detail: String)] = { _ in [] },
                    files: @escaping @Sendable (String) -> [String] = { _ in [] }) {
            self.themes = themes
            self.connectors = connectors
            self.categories = categories
            self.tenants = tenants
            self.methods = methods
            self.actions = actions
            self.files = files
        }
    }

    /// The suggestions for the text typed after `:`.
    public static func suggestions(for typed: String, context: Context) -> [Suggestion] {
        // Spaces before the command are ignored, as running the line ignores them.
        let text = String(typed.drop { $0 == " " })
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let prefix = (parts.first ?? "").lowercased()
            return PaletteCommands.specs.filter { $0.name.hasPrefix(prefix) }.map { spec in
                Suggestion(completion: spec.argument.isEmpty ? spec.name : spec.name + " ",
                           label: ":" + spec.name + (spec.argument.isEmpty ? "" : " " + spec.argument), detail: spec.summary)
            }
        }
        let command = parts[0], argument = parts[1]
        let words = argument.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        func offer(_ candidates: [(String, String)], word: String, before: String, more: Bool = false) -> [Suggestion] {
            candidates.filter { $0.0.lowercased().hasPrefix(word.lowercased()) }.map {
                Suggestion(completion: command + " " + before + $0.0 + (more ? " " : ""), label: $0.0, detail: $0.1)
            }
        }
        let connectors = context.connectors.map { ($0.id, $0.name) }
        switch command {
        case "theme": return offer(context.themes.map { ($0, "") }, word: argument, before: "")
        case "connector", "schema": return offer(connectors, word: argument, before: "")
        case "category": return offer([("all", "every category")] + context.categories.map { ($0, "") }, word: argument, before: "")
        case "tenant": return offer(context.tenants().map { ($0, "") }, word: argument, before: "")
        case "connect", "connect!":
            guard words.count > 1 else { return offer(connectors, word: argument, before: "") }
            return offer(context.methods(words[0]).map { ($0.id, $0.name) }, word: words[1], before: words[0] + " ")
        case "mapping":
            guard words.count > 1 else { return offer(connectors, word: argument, before: "", more: true) }
            return offer(context.actions(words[0]).map { ($0.id, $0.detail) }, word: words[1], before: words[0] + " ")
        case "bulk": return files(argument, command: command, context: context)
        default: return []
        }
    }

    /// File and folder names that continue `path` (`~` is the home folder; a folder ends in "/").
    /// Each is labelled by its own name (the folder is what was typed), so the names of a long
    /// folder's files stay apart in the list.
    static func files(_ path: String, command: String, context: Context) -> [Suggestion] {
        if path == "~" { return [Suggestion(completion: command + " ~/", label: "~/", detail: "your home folder")] }
        let folder: String, stem: String
        if let slash = path.lastIndex(of: "/") {
            folder = String(path[...slash])
            stem = String(path[path.index(after: slash)...])
        } else {
            folder = ""
            stem = path
        }
        let showHidden = stem.hasPrefix(".")
        return context.files(folder.isEmpty ? "." : folder)
            .filter { $0.hasPrefix(stem) && (showHidden || !$0.hasPrefix(".")) }
            .sorted()
            .map { Suggestion(completion: command + " " + folder + $0, label: $0, detail: $0.hasSuffix("/") ? "folder" : "") }
    }

    /// The folder's entries as `files` wants them, from the file system (`~` expanded).
    public static func listFolder(_ folder: String) -> [String] {
        let expanded = (folder as NSString).expandingTildeInPath
        let url = URL(fileURLWithPath: expanded.isEmpty ? "." : expanded, isDirectory: true)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.prefix(500).map { name in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            return exists && isDirectory.boolValue ? name + "/" : name
        }
    }
}
