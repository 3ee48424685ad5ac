import ConsoleKit

/// The bindings every screen has: help, command mode, filter, palette, back and quit.
///
/// `/` is only offered where it filters something (`ConsoleScreen.supportsFilter`), so the key
/// bar never shows a key that would be refused.
enum GlobalBindings {
    static func all(_ model: AppModel) -> [Binding<AppModel>] {
        var bindings: [Binding<AppModel>] = []
        if model.top.supportsFilter {
            bindings.append(Binding("app.filter", keys: [.character("/")], title: model.top.filterPrompt, group: "General"))
        }
        return bindings + [
            Binding("app.command", keys: [.character(":")], title: "command", group: "General"),
            Binding("app.palette", keys: [.ctrl("p")], title: "palette", group: "General"),
            Binding("app.help", keys: [.character("?")], title: "help", group: "General"),
            Binding("app.details", keys: [.character("v")], title: "whole values", group: "General", showInBar: model.top.details != nil,
                    disabledReason: { $0.top.details == nil ? "nothing selected here" : nil }),
            Binding("app.messages", keys: [.character("!")], title: "messages", group: "General", showInBar: false,
                    disabledReason: { $0.flashLog.isEmpty ? "nothing has been said yet" : nil }),
            Binding("app.back", keys: [.escape], title: "back", group: "General",
                    disabledReason: { $0.screens.count > 1 || !$0.top.filterText.isEmpty ? nil : "already at the first screen" }),
            Binding("app.quit", keys: [.character("q"), .ctrl("c")], title: "quit", group: "General"),
        ]
    }
}
