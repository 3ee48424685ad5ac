import ConsoleKit

/// The bindings every tree screen shares: navigation plus expand / collapse, routed to `TreeState`.
enum TreeBindings {
    static func all(group: String = "Tree") -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("tree.expand", keys: [.right, .character("l")], title: "expand", group: group, showInBar: false),
            Binding("tree.collapse", keys: [.left, .character("h")], title: "collapse / parent", group: group, showInBar: false),
            Binding("tree.toggle", keys: [.character(" ")], title: "fold", group: group),
            Binding("tree.expandAll", keys: [.character("E")], title: "expand all", group: group, showInBar: false),
            Binding("tree.collapseAll", keys: [.character("C")], title: "collapse all", group: group, showInBar: false),
        ]
    }

    /// The key `TreeState.handle` understands for each shared binding id.
    private static let keys: [String: Key] = [
        "list.up": .up, "list.down": .down, "list.pageUp": .pageUp, "list.pageDown": .pageDown,
        "list.home": .home, "list.end": .end,
        "tree.expand": .right, "tree.collapse": .left, "tree.toggle": .character(" "),
        "tree.expandAll": .character("E"), "tree.collapseAll": .character("C"),
    ]

    /// Runs a shared tree binding on `state`; false when `id` is not one.
    static func perform(_ id: String, state: inout TreeState, roots: [TreeNode], pageSize: Int) -> Bool {
        guard let key = keys[id] else { return false }
        _ = state.handle(key, roots: roots, pageSize: pageSize)
        state.list.scrollToSelection(height: pageSize)
        return true
    }
}
