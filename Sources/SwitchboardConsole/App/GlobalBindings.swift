import ConsoleKit

/// The bindings every screen has: help, command mode, filter, palette, back and quit.
enum GlobalBindings {
    static func all() -> [Binding<AppModel>] {
        [
            Binding("app.filter", keys: [.character("/")], title: "filter", group: "General",
                    disabledReason: { $0.top.supportsFilter ? nil : "this screen has nothing to filter" }),
            Binding("app.command", keys: [.character(":")], title: "command", group: "General"),
            Binding("app.palette", keys: [.ctrl("p")], title: "palette", group: "General"),
            Binding("app.help", keys: [.character("?")], title: "help", group: "General"),
            Binding("app.back", keys: [.escape], title: "back", group: "General",
                    disabledReason: { $0.screens.count > 1 || !$0.top.filterText.isEmpty ? nil : "already at the first screen" }),
            Binding("app.quit", keys: [.character("q"), .ctrl("c")], title: "quit", group: "General"),
        ]
    }
}
