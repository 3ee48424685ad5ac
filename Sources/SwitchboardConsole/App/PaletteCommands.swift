import ConsoleKit

/// The `:` commands: their names, what they do, and Tab completion of names and arguments.
public struct PaletteCommands: Sendable {
    /// One command: its name, argument hint and summary for help and completion.
    public struct Spec: Sendable {
        public var name: String
        public var argument: String
        public var summary: String
        /// Other words people search for it by (the palette matches them too).
        public var synonyms: [String] = []
    }

    public static let specs: [Spec] = [
        Spec(name: "theme", argument: "NAME", summary: "switch the colour theme", synonyms: ["colours", "colors", "appearance"]),
        Spec(name: "connector", argument: "ID", summary: "open a connector", synonyms: ["crm", "actions", "resources", "open"]),
        Spec(name: "category", argument: "NAME|all", summary: "show one category of the catalog", synonyms: ["filter"]),
        Spec(name: "catalog", argument: "", summary: "go back to the catalog", synonyms: ["home", "connectors", "start"]),
        Spec(name: "tenants", argument: "", summary: "list, create and select tenants", synonyms: ["customers", "accounts", "new tenant"]),
        Spec(name: "tenant", argument: "NAME", summary: "select the tenant to work on", synonyms: ["customer", "account", "switch"]),
        Spec(name: "connect", argument: "[ID] [METHOD]", summary: "connect the tenant to a connector (OAuth walk-through; keeps a valid credential)", synonyms: ["login", "log in", "auth", "oauth", "token"]),
        Spec(name: "connect!", argument: "[ID]", summary: "connect again even when a valid credential exists"),
        Spec(name: "records", argument: "", summary: "the tenant's own records (browse, filter, edit)", synonyms: ["contacts", "companies", "deals", "data"]),
        Spec(name: "sync", argument: "", summary: "sync the tenant's records with its CRMs (run now, last results)", synonyms: ["synchronise", "synchronize", "pull", "two-way"]),
        Spec(name: "conflicts", argument: "", summary: "review conflicts field by field and apply choices to both sides", synonyms: ["merge", "resolve", "review"]),
        Spec(name: "schema", argument: "[CONNECTOR]", summary: "read the tenant's own CRM fields again (custom fields, picklists, required); says what changed", synonyms: ["fields", "refresh", "custom fields"]),
        Spec(name: "mapping", argument: "[CONNECTOR ACTION]", summary: "edit the tenant's field mapping of an action (default: the action on screen)", synonyms: ["fields", "map", "editor"]),
        Spec(name: "send", argument: "", summary: "send the previewed request (Preview screen; asks first, like ctrl+j)", synonyms: ["push one", "request"]),
        Spec(name: "send!", argument: "", summary: "send the previewed request without asking"),
        Spec(name: "bulk", argument: "FILE", summary: "push a records file (JSON, JSON Lines, CSV) through the action on screen", synonyms: ["import", "upload", "csv"]),
        Spec(name: "history", argument: "[RUN]", summary: "the tenant's push runs (on RUN when given); Enter shows a run's records", synonyms: ["runs", "log", "journal", "resume", "past pushes"]),
        Spec(name: "help", argument: "", summary: "show keys and commands", synonyms: ["keys", "shortcuts", "?"]),
        Spec(name: "quit", argument: "", summary: "leave the console", synonyms: ["exit", "close"]),
    ]

    /// Completions for the text typed so far: command names, then arguments.
    public static func completions(for text: String, themes: [String], connectors: [String], categories: [String]) -> [String] {
        let context = CommandSuggestions.Context(themes: themes, connectors: connectors.map { ($0, "") }, categories: categories)
        return CommandSuggestions.suggestions(for: text, context: context).map(\.completion)
    }
}
