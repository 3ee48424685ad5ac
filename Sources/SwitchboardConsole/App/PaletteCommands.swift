import ConsoleKit

/// The `:` commands: their names, what they do, and Tab completion of names and arguments.
public struct PaletteCommands: Sendable {
    /// One command: its name, argument hint and summary for help and completion.
    public struct Spec: Sendable {
        public var name: String
        public var argument: String
        public var summary: String
    }

    public static let specs: [Spec] = [
        Spec(name: "theme", argument: "NAME", summary: "switch the colour theme"),
        Spec(name: "connector", argument: "ID", summary: "open a connector"),
        Spec(name: "category", argument: "NAME|all", summary: "show one category of the catalog"),
        Spec(name: "catalog", argument: "", summary: "go back to the catalog"),
        Spec(name: "tenants", argument: "", summary: "list, create and select tenants"),
        Spec(name: "tenant", argument: "NAME", summary: "select the tenant to work on"),
        Spec(name: "connect", argument: "[ID]", summary: "connect the tenant to a connector (OAuth walk-through; keeps a valid credential)"),
        Spec(name: "connect!", argument: "[ID]", summary: "connect again even when a valid credential exists"),
        Spec(name: "records", argument: "", summary: "the tenant's own records (browse, filter, edit)"),
        Spec(name: "sync", argument: "", summary: "sync the tenant's records with its CRMs (run now, last results)"),
        Spec(name: "conflicts", argument: "", summary: "review conflicts field by field and apply choices to both sides"),
        Spec(name: "schema", argument: "[CONNECTOR]", summary: "read the tenant's own CRM fields again (custom fields, picklists, required); says what changed"),
        Spec(name: "mapping", argument: "[CONNECTOR ACTION]", summary: "edit the tenant's field mapping of an action (default: the action on screen)"),
        Spec(name: "send", argument: "", summary: "send the previewed request (Preview screen; asks first, like ctrl+j)"),
        Spec(name: "send!", argument: "", summary: "send the previewed request without asking"),
        Spec(name: "bulk", argument: "FILE", summary: "push a records file (JSON, JSON Lines, CSV) through the action on screen"),
        Spec(name: "history", argument: "", summary: "the tenant's push runs; Enter shows a run's records"),
        Spec(name: "help", argument: "", summary: "show keys and commands"),
        Spec(name: "quit", argument: "", summary: "leave the console"),
    ]

    /// Completions for the text typed so far: command names, then arguments.
    public static func completions(for text: String, themes: [String], connectors: [String], categories: [String]) -> [String] {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let prefix = parts.first ?? ""
            return specs.filter { $0.name.hasPrefix(prefix) }.map { $0.argument.isEmpty ? $0.name : $0.name + " " }
        }
        let argument = parts[1]
        let candidates: [String]
        switch parts[0] {
        case "theme": candidates = themes
        case "connector", "connect", "connect!": candidates = connectors
        case "category": candidates = ["all"] + categories
        case "mapping", "schema": candidates = connectors
        default: candidates = []
        }
        return candidates.filter { $0.hasPrefix(argument) }.map { parts[0] + " " + $0 }
    }
}
