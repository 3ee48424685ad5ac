/// A node of a `TreeView`: a label, an optional detail column, children, and a style hint.
public struct TreeNode: Sendable, Equatable {
    public var id: String
    public var label: [Span]
    public var detail: [Span]
    public var children: [TreeNode]
    /// Extra text the `/` search looks at (e.g. a field's description).
    public var searchText: String

    public init(id: String, label: [Span], detail: [Span] = [], children: [TreeNode] = [], searchText: String = "") {
        self.id = id
        self.label = label
        self.detail = detail
        self.children = children
        self.searchText = searchText
    }

    public var plainLabel: String { label.map(\.text).joined() }
}

/// Which nodes are expanded and which row is selected in a tree.
public struct TreeState: Sendable, Equatable {
    public var expanded: Set<String>
    public var list = ListState()

    public init(expanded: Set<String> = []) { self.expanded = expanded }

    /// One visible row: the node, its depth, and whether it has children.
    public struct Row: Sendable, Equatable {
        public var node: TreeNode
        public var depth: Int
        public var hasChildren: Bool { !node.children.isEmpty }
    }

    /// The rows currently visible (children of collapsed nodes hidden).
    public func visibleRows(_ roots: [TreeNode]) -> [Row] {
        var rows: [Row] = []
        func walk(_ nodes: [TreeNode], depth: Int) {
            for n in nodes {
                rows.append(Row(node: n, depth: depth))
                if expanded.contains(n.id) { walk(n.children, depth: depth + 1) }
            }
        }
        walk(roots, depth: 0)
        return rows
    }

    /// Expands every node that has children.
    public mutating func expandAll(_ roots: [TreeNode]) {
        func walk(_ nodes: [TreeNode]) {
            for n in nodes where !n.children.isEmpty {
                expanded.insert(n.id)
                walk(n.children)
            }
        }
        walk(roots)
    }

    /// Applies tree keys: ←/h collapse (or go to parent), →/l/space expand, plus list navigation.
    public mutating func handle(_ key: Key, roots: [TreeNode], pageSize: Int) -> Bool {
        let rows = visibleRows(roots)
        list.setCount(rows.count)
        guard !rows.isEmpty else { return false }
        let row = rows[list.selected]
        switch key {
        case .right, .character("l"):
            if row.hasChildren { expanded.insert(row.node.id) }
        case .character(" "), .enter:
            guard row.hasChildren else { return false }
            if expanded.contains(row.node.id) { expanded.remove(row.node.id) } else { expanded.insert(row.node.id) }
        case .left, .character("h"):
            if row.hasChildren, expanded.contains(row.node.id) {
                expanded.remove(row.node.id)
            } else if let parent = rows[..<list.selected].lastIndex(where: { $0.depth < row.depth }) {
                list.select(parent)
            }
        case .character("E"): expandAll(roots)
        case .character("C"): expanded.removeAll(); list.select(0)
        default:
            return list.handle(key, pageSize: pageSize)
        }
        list.setCount(visibleRows(roots).count)
        return true
    }

    /// Selects the first node (expanding its ancestors) whose label or search text matches, from `start`.
    public mutating func reveal(matching query: String, roots: [TreeNode], after start: Int = -1) -> Bool {
        var path: [TreeNode] = []
        var found: [TreeNode]?
        var order = 0
        let startOrder = start
        func walk(_ nodes: [TreeNode]) {
            for n in nodes where found == nil {
                path.append(n)
                if order > startOrder, ListFilter.matches(query, n.plainLabel + " " + n.searchText) { found = path }
                order += 1
                walk(n.children)
                path.removeLast()
            }
        }
        walk(roots)
        guard let hit = found else { return false }
        for ancestor in hit.dropLast() { expanded.insert(ancestor.id) }
        let rows = visibleRows(roots)
        list.setCount(rows.count)
        if let index = rows.firstIndex(where: { $0.node.id == hit.last!.id }) { list.select(index) }
        return true
    }

    /// Selects the next match after the selected node, wrapping to the top; nil when nothing
    /// matches, else whether the search wrapped.
    public mutating func revealNext(matching query: String, roots: [TreeNode]) -> Bool? {
        if reveal(matching: query, roots: roots, after: order(ofSelectedIn: roots)) { return false }
        return reveal(matching: query, roots: roots) ? true : nil
    }

    /// The depth-first order of the selected node among all nodes (collapsed ones included).
    public func order(ofSelectedIn roots: [TreeNode]) -> Int {
        let rows = visibleRows(roots)
        guard rows.indices.contains(list.selected) else { return -1 }
        let target = rows[list.selected].node.id
        var index = 0, found = -1
        func walk(_ nodes: [TreeNode]) {
            for n in nodes where found < 0 {
                if n.id == target { found = index }
                index += 1
                walk(n.children)
            }
        }
        walk(roots)
        return found
    }
}

/// Draws a `TreeState` with ▸/▾ markers, indentation and a right-hand detail column.
///
/// The detail column is as wide as its widest value when the terminal has room (at least
/// `detailWidth`); a detail still too long is cut in the middle, keeping its end (a path's last
/// segments), and a label too long for what is left is cut at its end.
public struct TreeView {
    public var detailWidth: Int
    public init(detailWidth: Int = 28) { self.detailWidth = detailWidth }

    public func render(roots: [TreeNode], state: inout TreeState, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let rows = state.visibleRows(roots)
        state.list.setCount(rows.count)
        let muted = theme.style(.muted)
        let expanded = state.expanded
        func labelSpans(_ row: TreeState.Row) -> [Span] {
            let marker = row.hasChildren ? (expanded.contains(row.node.id) ? "▾ " : "▸ ") : "  "
            return [Span(String(repeating: "  ", count: row.depth) + marker, muted)] + row.node.label
        }
        func width(_ spans: [Span]) -> Int { spans.reduce(0) { $0 + CharacterWidth.of($1.text) } }
        let widestDetail = rows.map { width($0.node.detail) }.max() ?? 0
        let widestLabel = rows.map { width(labelSpans($0)) }.max() ?? 0
        let room = rect.width - 2
        let cap = max(min(detailWidth, rect.width / 2), room - widestLabel - 2)
        let detailW = rect.width >= 60 && widestDetail > 0 ? min(max(detailWidth, widestDetail), cap) : 0
        ListView(emptyMessage: "(empty)").render(state: &state.list, in: rect, buffer: &buffer, theme: theme) { i in
            let row = rows[i]
            var spans = labelSpans(row)
            guard detailW > 0, !row.node.detail.isEmpty else { return spans }
            var labelWidth = width(spans)
            let labelRoom = max(1, room - detailW - 1)
            if labelWidth > labelRoom {
                spans = TableView.fit(spans, width: labelRoom, alignRight: false)
                labelWidth = labelRoom
            }
            var detail = row.node.detail
            if width(detail) > detailW {
                detail = [Span(TextLayout.truncateMiddle(detail.map(\.text).joined(), to: detailW), detail.last?.style ?? muted)]
            }
            let gap = max(1, rect.width - 1 - detailW - labelWidth)
            spans.append(Span(String(repeating: " ", count: gap), muted))
            spans.append(contentsOf: detail)
            return spans
        }
    }
}
