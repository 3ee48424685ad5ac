import ConsoleKit
import Testing

@Suite("Tree")
struct TreeTests {
    let theme = TestTheme.theme

    /// contact ─┬ name
    ///          └ address ── city
    /// deal
    let roots: [TreeNode] = [
        TreeNode(id: "contact", label: [Span("contact", .plain)], children: [
            TreeNode(id: "contact.name", label: [Span("name", .plain)]),
            TreeNode(id: "contact.address", label: [Span("address", .plain)], children: [
                TreeNode(id: "contact.address.city", label: [Span("city", .plain)], searchText: "town where they live"),
            ]),
        ]),
        TreeNode(id: "deal", label: [Span("deal", .plain)]),
    ]

    func visibleIDs(_ state: TreeState) -> [String] { state.visibleRows(roots).map(\.node.id) }
    func selectedID(_ state: TreeState) -> String { state.visibleRows(roots)[state.list.selected].node.id }

    @Test("collapsed nodes hide their children")
    func collapsedByDefault() {
        let state = TreeState()
        #expect(visibleIDs(state) == ["contact", "deal"])
    }

    @Test("→ expands the selected node and its children appear below it, one level deeper")
    func expand() {
        var state = TreeState()
        do { let handled = state.handle(.right, roots: roots, pageSize: 10); #expect(handled) }
        #expect(visibleIDs(state) == ["contact", "contact.name", "contact.address", "deal"])
        #expect(state.visibleRows(roots).map(\.depth) == [0, 1, 1, 0])
        #expect(state.list.count == 4)
    }

    @Test("← on an expanded node collapses it")
    func collapse() {
        var state = TreeState(expanded: ["contact"])
        do { let handled = state.handle(.left, roots: roots, pageSize: 10); #expect(handled) }
        #expect(visibleIDs(state) == ["contact", "deal"])
    }

    @Test("← on a leaf or collapsed node goes to its parent")
    func leftGoesToParent() {
        var state = TreeState(expanded: ["contact", "contact.address"])
        state.list.setCount(5)
        state.list.select(3) // city
        #expect(selectedID(state) == "contact.address.city")
        _ = state.handle(.left, roots: roots, pageSize: 10)
        #expect(selectedID(state) == "contact.address")
        _ = state.handle(.left, roots: roots, pageSize: 10) // collapses address
        #expect(selectedID(state) == "contact.address")
        #expect(!state.expanded.contains("contact.address"))
        _ = state.handle(.left, roots: roots, pageSize: 10)
        #expect(selectedID(state) == "contact")
        _ = state.handle(.down, roots: roots, pageSize: 10) // name
        _ = state.handle(.character("h"), roots: roots, pageSize: 10)
        #expect(selectedID(state) == "contact")
    }

    @Test("← on a collapsed root does nothing")
    func leftOnRoot() {
        var state = TreeState()
        _ = state.handle(.left, roots: roots, pageSize: 10)
        #expect(selectedID(state) == "contact")
        #expect(visibleIDs(state) == ["contact", "deal"])
    }

    @Test("space and enter toggle a node with children; on a leaf they are not handled")
    func toggle() {
        var state = TreeState()
        do { let handled = state.handle(.character(" "), roots: roots, pageSize: 10); #expect(handled) }
        #expect(state.expanded == ["contact"])
        do { let handled = state.handle(.enter, roots: roots, pageSize: 10); #expect(handled) }
        #expect(state.expanded.isEmpty)
        _ = state.handle(.down, roots: roots, pageSize: 10) // deal, a leaf
        do { let handled = state.handle(.enter, roots: roots, pageSize: 10); #expect(!handled) }
    }

    @Test("E expands everything and C collapses everything and goes to the top")
    func expandCollapseAll() {
        var state = TreeState()
        _ = state.handle(.character("E"), roots: roots, pageSize: 10)
        #expect(visibleIDs(state).count == 5)
        _ = state.handle(.end, roots: roots, pageSize: 10)
        _ = state.handle(.character("C"), roots: roots, pageSize: 10)
        #expect(visibleIDs(state) == ["contact", "deal"])
        #expect(state.list.selected == 0)
    }

    @Test("collapsing keeps the selection in range")
    func collapseClampsSelection() {
        var state = TreeState(expanded: ["contact", "contact.address"])
        _ = state.handle(.end, roots: roots, pageSize: 10)
        #expect(selectedID(state) == "deal")
        _ = state.handle(.character("C"), roots: roots, pageSize: 10)
        #expect(state.list.selected < state.list.count)
    }

    @Test("reveal(matching:) expands the ancestors of the first match and selects it")
    func reveal() {
        var state = TreeState()
        do { let handled = state.reveal(matching: "city", roots: roots); #expect(handled) }
        #expect(state.expanded.isSuperset(of: ["contact", "contact.address"]))
        #expect(selectedID(state) == "contact.address.city")
    }

    @Test("reveal also searches the search text")
    func revealSearchText() {
        var state = TreeState()
        do { let handled = state.reveal(matching: "TOWN", roots: roots); #expect(handled) }
        #expect(selectedID(state) == "contact.address.city")
    }

    @Test("reveal with no match changes nothing")
    func revealNoMatch() {
        var state = TreeState()
        let before = state
        do { let handled = state.reveal(matching: "zzz", roots: roots); #expect(!handled) }
        #expect(state == before)
    }

    @Test("the view marks collapsed and expanded nodes and indents children")
    func view() {
        var state = TreeState(expanded: ["contact"])
        var buffer = ScreenBuffer(size: Size(width: 30, height: 5))
        TreeView().render(roots: roots, state: &state, in: buffer.bounds, buffer: &buffer, theme: theme)
        #expect(buffer.plainText == """
        ▾ contact
            name
          ▸ address
          deal

        """)
    }

    @Test("on a wide view the detail column is shown on the right")
    func detailColumn() {
        let nodes = [TreeNode(id: "a", label: [Span("email", .plain)], detail: [Span("string", .plain)])]
        var state = TreeState()
        var buffer = ScreenBuffer(size: Size(width: 60, height: 1))
        TreeView(detailWidth: 10).render(roots: nodes, state: &state, in: buffer.bounds, buffer: &buffer, theme: theme)
        let row = buffer.text(row: 0)
        #expect(row.hasPrefix("  email"))
        #expect(row.contains("string"))
        let detailColumn = CharacterWidth.of(String(row[..<row.range(of: "string")!.lowerBound]))
        #expect(detailColumn == 60 - 1 - 10)
    }
}
