import Foundation
import ConsoleKit
import SwitchboardCore

/// An action's request body schema as a collapsible tree: required fields marked, types, enums,
/// formats and descriptions; `/` searches field names, `n` finds the next match.
public struct SchemaScreen: ConsoleScreen {
    public let connector: ConnectorManifest
    public let action: ActionSpec
    public private(set) var tree: TreeState
    public private(set) var search = ""
    let outline: SchemaField?
    let roots: [TreeNode]

    /// The tenant whose account's fields are merged in, and when they were read (nil: the manifest's schema).
    public let account: String?
    public let readAt: Date?

    public init(connector: ConnectorManifest, action: ActionSpec, account: String? = nil, readAt: Date? = nil) {
        self.connector = connector
        self.action = action
        self.account = account
        self.readAt = readAt
        outline = action.requestSchema?.outline
        roots = outline.map { Self.nodes($0.children, theme: nil) } ?? []
        tree = TreeState()
        tree.expandAll(roots)
        tree.list.setCount(tree.visibleRows(roots).count)
    }

    public var breadcrumb: String { action.id }
    public var connectorID: String? { connector.id }
    public var supportsFilter: Bool { outline != nil }
    public var filterText: String { search }
    public var filterPrompt: String { "search field" }

    /// The schema field under the cursor.
    public var selectedField: SchemaField? {
        let rows = tree.visibleRows(roots)
        guard rows.indices.contains(tree.list.selected) else { return nil }
        return field(at: rows[tree.list.selected].node.id)
    }

    public func bindings() -> [Binding<AppModel>] {
        TreeBindings.all(group: "Schema") + [
            Binding("schema.next", keys: [.character("n")], title: "next match", group: "Schema",
                    disabledReason: { model in ((model.top as? SchemaScreen)?.search ?? "").isEmpty ? "search with / first" : nil }),
            Binding("schema.copyPointer", keys: [.character("y")], title: "copy pointer", group: "Schema", showInBar: false),
            Binding("schema.mapping", keys: [.character("m")], title: "mapping", group: "Schema"),
            Binding("schema.preview", keys: [.character("p")], title: "preview sample", group: "Schema",
                    disabledReason: { model in
                        guard let action = (model.top as? SchemaScreen)?.action else { return nil }
                        if action.object == nil { return "this action has no record type" }
                        return action.isBatch ? "batches carry one create body per record: preview the single create action" : nil
                    }),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        let treeHeight = max(1, pageSize - Self.chromeHeight)
        if TreeBindings.perform(id, state: &tree, roots: roots, pageSize: treeHeight) { return .none }
        switch id {
        case "schema.next":
            guard !search.isEmpty else { return .none }
            let next: Bool? = tree.revealNext(matching: search, roots: roots)
            switch next {
            case nil: return .flash(.warning, "No field matches \"\(search)\"")
            case true?: return .flash(.info, "Search wrapped to the top")
            case false?: return .none
            }
        case "schema.preview":
            guard let object = action.object else { return .flash(.warning, "This action has no record type to preview") }
            guard !action.isBatch else { return .flash(.warning, "Batches carry one create body per record: preview the single create action") }
            return .push(PreviewScreen(connector: connector, action: action, record: .sample(object)))
        case "schema.mapping":
            return .effect(.send(.command("mapping \(connector.id) \(action.id)")))
        case "schema.copyPointer":
            guard let field = selectedField else { return .none }
            return .copy(field.pointer.description, label: "field pointer")
        default:
            return .none
        }
    }

    public mutating func setFilter(_ text: String) {
        search = text
        if !text.isEmpty { _ = tree.reveal(matching: text, roots: roots) }
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard !search.isEmpty, selectedField.map({ ListFilter.matches(search, $0.name) }) != true else { return .none }
        return tree.reveal(matching: search, roots: roots) ? .none : .flash(.warning, "No field matches \"\(search)\"")
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        tree.list.mouse(action, row: row - Self.headerHeight, pageSize: max(1, pageSize - Self.chromeHeight))
        return .none
    }

    static let headerHeight = 3
    static let detailHeight = 4
    static var chromeHeight: Int { headerHeight + detailHeight }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let x = rect.x + 1, w = rect.width - 2
        buffer.write("\(connector.name) · \(action.name) (\(action.id))", x: x, y: rect.y, width: w, style: theme.style(.title))
        buffer.write("\(action.method) \(connector.api.baseURL)\(action.path)", x: x, y: rect.y + 1, width: w, style: theme.style(.text))
        guard let outline else {
            buffer.write("This action takes no request body.", x: x, y: rect.y + 3, width: w, style: theme.style(.muted))
            return
        }
        let required = SchemaFieldSummary.requiredPointers(outline).count
        var line = "Request body · \(required) required field\(required == 1 ? "" : "s") marked *"
        if let account {
            line += readAt.map { " · \(account)'s fields, read \(RelativeTime.describe($0))" } ?? " · \(account)'s fields never read (:schema refresh)"
        }
        buffer.write(line, x: x, y: rect.y + 2, width: w, style: theme.style(.muted))
        let treeRect = Rect(x: rect.x, y: rect.y + Self.headerHeight, width: rect.width, height: max(0, rect.height - Self.chromeHeight))
        var state = tree
        TreeView(detailWidth: 30).render(roots: Self.nodes(outline.children, theme: theme), state: &state, in: treeRect, buffer: &buffer, theme: theme)
        let detailY = treeRect.maxY
        guard rect.height > Self.chromeHeight, let field = selectedField else { return }
        buffer.write(String(repeating: "─", count: max(0, rect.width)), x: rect.x, y: detailY, style: theme.style(.border))
        buffer.write("\(field.pointer.description)  \(SchemaFieldSummary.typeText(field))\(field.required ? "  required" : "")",
                     x: x, y: detailY + 1, width: w, style: theme.style(field.required ? .required : .text))
        let more = SchemaFieldSummary.details(field)
        let wrapped = TextLayout.wrap(more.isEmpty ? "No further rules." : more, width: max(1, w))
        for (i, line) in wrapped.prefix(Self.detailHeight - 2).enumerated() {
            buffer.write(line, x: x, y: detailY + 2 + i, width: w, style: theme.style(.muted))
        }
    }

    // MARK: - Tree

    static func nodes(_ fields: [SchemaField], theme: Theme?) -> [TreeNode] {
        let text = theme?.style(.text) ?? .plain, required = theme?.style(.required) ?? .plain, muted = theme?.style(.muted) ?? .plain
        return fields.map { f in
            let label: [Span] = f.required ? [Span("* ", required), Span(f.name, required)] : [Span("  ", muted), Span(f.name, text)]
            var detail = SchemaFieldSummary.typeText(f)
            if let values = f.enumValues { detail += " · \(values.count) values" }
            return TreeNode(id: f.pointer.description, label: label, detail: [Span(detail, muted)],
                            children: nodes(f.children, theme: theme), searchText: "")
        }
    }

    private func field(at pointer: String) -> SchemaField? {
        func find(_ f: SchemaField) -> SchemaField? {
            if f.pointer.description == pointer { return f }
            for c in f.children { if let hit = find(c) { return hit } }
            return nil
        }
        return outline.flatMap(find)
    }
}
