import ConsoleKit
import SwitchboardCore

/// A connector's details: how it authenticates, its limits, and its resources and actions as a
/// tree; `enter` on an action opens its request schema.
public struct ConnectorScreen: ConsoleScreen {
    public let connector: ConnectorManifest
    public private(set) var tree: TreeState
    /// The `/` search over resource and action names and paths (`n` finds the next match).
    public private(set) var search = ""
    let roots: [TreeNode]

    public init(connector: ConnectorManifest) {
        self.connector = connector
        roots = Self.nodes(connector)
        tree = TreeState(expanded: Set(roots.map(\.id)))
        tree.list.setCount(tree.visibleRows(roots).count)
        // Start on the first action rather than on a resource heading.
        if let first = tree.visibleRows(roots).firstIndex(where: { $0.node.id.hasPrefix("action:") }) { tree.list.select(first) }
    }

    public var breadcrumb: String { connector.name }
    public var connectorID: String? { connector.id }
    public var supportsFilter: Bool { true }
    public var filterText: String { search }
    public var filterPrompt: String { "search" }

    /// The action under the cursor, when the cursor is on an action.
    public var selectedAction: ActionSpec? {
        let rows = tree.visibleRows(roots)
        guard rows.indices.contains(tree.list.selected) else { return nil }
        let id = rows[tree.list.selected].node.id
        guard id.hasPrefix("action:") else { return nil }
        return connector.action(id: String(id.dropFirst("action:".count)))?.action
    }

    public func bindings() -> [Binding<AppModel>] {
        TreeBindings.all(group: "Connector") + [
            Binding("connector.schema", keys: [.enter], title: "schema", group: "Connector",
                    disabledReason: { model in (model.top as? ConnectorScreen)?.selectedAction == nil ? "select an action first" : nil }),
            Binding("connector.mapping", keys: [.character("m")], title: "mapping", group: "Connector",
                    disabledReason: { model in (model.top as? ConnectorScreen)?.selectedAction == nil ? "select an action first" : nil }),
            Binding("connector.copyPath", keys: [.character("y")], title: "copy path", group: "Connector", showInBar: false,
                    disabledReason: { model in (model.top as? ConnectorScreen)?.selectedAction == nil ? "select an action first" : nil }),
            Binding("connector.next", keys: [.character("n")], title: "next match", group: "Connector",
                    disabledReason: { model in ((model.top as? ConnectorScreen)?.search ?? "").isEmpty ? "search with / first" : nil }),
        ]
    }

    public mutating func setFilter(_ text: String) {
        search = text
        if !text.isEmpty { _ = tree.reveal(matching: text, roots: roots) }
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard !search.isEmpty, !tree.reveal(matching: search, roots: roots, after: tree.order(ofSelectedIn: roots) - 1) else { return .none }
        return .flash(.warning, "Nothing matches \"\(search)\"")
    }

    /// The selected action's request whole (`v`): the tree cuts long paths in the middle.
    public var details: [(label: String, value: String)]? {
        guard let a = selectedAction else { return nil }
        return [("Action", a.id), ("Name", a.name), ("Request", "\(a.method) \(connector.api.baseURL)\(a.path)"),
                ("Description", a.description)]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if TreeBindings.perform(id, state: &tree, roots: roots, pageSize: pageSize) { return .none }
        switch id {
        case "connector.schema":
            guard let action = selectedAction else { return .flash(.warning, "Select an action to see its schema") }
            return .push(SchemaScreen(connector: connector, action: action))
        case "connector.mapping":
            guard let action = selectedAction else { return .flash(.warning, "Select an action to edit its mapping") }
            return .effect(.send(.command("mapping \(connector.id) \(action.id)")))
        case "connector.next":
            guard !search.isEmpty else { return .none }
            let next: Bool? = tree.revealNext(matching: search, roots: roots)
            switch next {
            case nil: return .flash(.warning, "Nothing matches \"\(search)\"")
            case true?: return .flash(.info, "Search wrapped to the top")
            case false?: return .none
            }
        case "connector.copyPath":
            guard let action = selectedAction else { return .none }
            return .copy("\(action.method) \(connector.api.baseURL)\(action.path)", label: "request line")
        default:
            return .none
        }
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        tree.list.mouse(action, row: row - Self.headerHeight, pageSize: pageSize - Self.headerHeight)
        return .none
    }

    static let headerHeight = 4

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let muted = theme.style(.muted), text = theme.style(.text)
        let x = rect.x + 1, w = rect.width - 2
        buffer.write("\(connector.name) (\(connector.id)) — \(connector.description)", x: x, y: rect.y, width: w, style: theme.style(.title))
        buffer.write("API \(connector.api.baseURL)   auth \(authSummary)", x: x, y: rect.y + 1, width: w, style: text)
        buffer.write(limitsSummary, x: x, y: rect.y + 2, width: w, style: muted)
        var state = tree
        let body = Rect(x: rect.x, y: rect.y + Self.headerHeight, width: rect.width, height: max(0, rect.height - Self.headerHeight))
        TreeView(detailWidth: 34).render(roots: Self.nodes(connector, theme: theme), state: &state, in: body, buffer: &buffer, theme: theme)
    }

    private var authSummary: String {
        let main: String
        switch connector.auth {
        case .oauth2(let o): main = "OAuth 2.0 · PKCE \(o.pkce.rawValue) · \(o.clientAuthentication.rawValue) · redirect \(o.redirect.summary)"
        case .apiKey(let k): main = "API key in \(k.header)"
        }
        guard !connector.authMethods.isEmpty else { return main }
        return main + " · or a token: " + connector.authMethods.map(\.name).joined(separator: ", ") + " (auth login --method)"
    }

    private var limitsSummary: String {
        var parts: [String] = []
        if let n = connector.rateLimits.requestsPerWindow, let s = connector.rateLimits.windowSeconds {
            parts.append("rate limit \(n) per \(JSONWriter.format(number: s)) s")
        }
        if let d = connector.rateLimits.dailyBudget { parts.append("\(d) per day") }
        if let b = connector.batch { parts.append("batches of ≤ \(b.maxRecords)") }
        parts.append("categories \(connector.categories.joined(separator: ", "))")
        return parts.joined(separator: " · ")
    }

    /// The tree of resources and actions; styled with `theme` for drawing (structure is the same without).
    static func nodes(_ c: ConnectorManifest, theme: Theme? = nil) -> [TreeNode] {
        let title = theme?.style(.title) ?? .plain, text = theme?.style(.text) ?? .plain, muted = theme?.style(.muted) ?? .plain
        return c.resources.map { resource in
            TreeNode(id: "resource:\(resource.id)", label: [Span(resource.name, title)],
                     detail: [Span("\(resource.actions.count) actions", muted)],
                     children: resource.actions.map { action in
                         TreeNode(id: "action:\(action.id)", label: [Span(action.id, text), Span("  " + action.name, muted)],
                                  detail: [Span(action.method + " " + action.path, muted)],
                                  searchText: action.path)
                     },
                     searchText: resource.id)
        }
    }
}
