import ConsoleKit
import SwitchboardCore

/// Every tenant with its connections: `n` creates one, Enter selects it (the header shows it);
/// `s` / `S` and a header click sort them.
public struct TenantsScreen: ConsoleScreen, SortableTable {
    public private(set) var rows: [ConsoleAuth.TenantRow]
    public internal(set) var list: ListState
    public private(set) var filter = ""
    /// The tenants shown, filtered and sorted.
    var order: TableOrder
    public private(set) var selectedName: String?
    /// Whether the app's prompt is collecting a new tenant's name.
    public private(set) var naming = false
    private var draftName = ""
    private let auth: ConsoleAuth

    /// The screen over `auth`'s tenants; `selected` is the tenant in the header.
    public init(auth: ConsoleAuth, selected: String?) {
        self.auth = auth
        self.selectedName = selected
        self.rows = (try? auth.tenants()) ?? []
        self.list = ListState(count: rows.count)
        order = TableOrder(sort: Self.sort, texts: rows.map(Self.searchText))
        if let selected, let i = rows.firstIndex(where: { $0.name.lowercased() == selected.lowercased() }) { list.select(i) }
    }

    /// The table's columns, by index.
    enum Column: Int { case mark, name, externalID, connections }

    /// What `s` sorts the tenants by; the natural order is the store's.
    static let sort = TableSort([TableSort.Key(column: Column.name.rawValue, name: "name"), TableSort.Key(column: Column.externalID.rawValue, name: "external id"),
                                 TableSort.Key(column: Column.connections.rawValue, name: "connections")],
                                naturalLabel: ("in the order they were made", "newest first"))

    static func searchText(_ row: ConsoleAuth.TenantRow) -> [UInt8] {
        PreparedFilter.haystack("\(row.name) \(row.externalID ?? "") \(row.connections.joined(separator: " "))")
    }

    var rowNoun: String { "Tenants" }

    func ranks(_ column: Int) -> [Int] {
        switch Column(rawValue: column) {
        case .name: return SortRanks.text(rows.map(\.name))
        // A tenant without an external id comes after those with one.
        case .externalID: return SortRanks.text(rows.map { $0.externalID ?? "\u{10FFFF}" })
        case .connections: return SortRanks.text(rows.map { $0.connections.isEmpty ? "\u{10FFFF}" : $0.connections.joined(separator: ", ") })
        default: return Array(rows.indices)
        }
    }

    public var breadcrumb: String { "Tenants" }
    public var supportsFilter: Bool { true }
    public var filterText: String { naming ? draftName : filter }
    public var isTextEntry: Bool { naming }
    public var filterPrompt: String { naming ? "new tenant name" : "filter" }

    /// The rows passing the filter, in the order shown.
    public var visible: [ConsoleAuth.TenantRow] { order.shown.map { rows[$0] } }

    /// The tenant under the cursor.
    public var current: ConsoleAuth.TenantRow? { order.row(at: list.selected).map { rows[$0] } }

    /// The selected tenant whole (`v`).
    public var details: [(label: String, value: String)]? {
        guard let t = current else { return nil }
        return [("Name", t.name), ("External id", t.externalID ?? "—"), ("Connections", t.connections.isEmpty ? "none" : t.connections.joined(separator: ", "))]
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("tenants.select", keys: [.enter], title: "select", group: "Tenants",
                    disabledReason: { ($0.top as? TenantsScreen)?.current == nil ? "no tenant yet (n creates one)" : nil }),
            Binding("tenants.new", keys: [.character("n")], title: "new tenant", group: "Tenants"),
            Binding("tenants.reload", keys: [.character("r")], title: "reload", group: "Tenants", showInBar: false),
        ] + SortBindings.all(group: "Tenants")
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
        if let sorted = performSort(id) { return sorted }
        switch id {
        case "tenants.select":
            guard let current else { return .none }
            selectedName = current.name
            return .effect(.send(.command("tenant \(current.name)")))
        case "tenants.new":
            naming = true
            draftName = ""
            return .prompt
        case "tenants.reload":
            reload()
            return .none
        default:
            return .none
        }
    }

    public mutating func setFilter(_ text: String) {
        if naming {
            draftName = text
            if text.isEmpty { naming = false }
        } else {
            filter = text
            order.setFilter(text)
            list.setCount(order.count)
        }
    }

    /// Creates the tenant named in the prompt; a refused name keeps the prompt open with the text.
    public mutating func confirmFilter() -> ScreenOutcome {
        guard naming else { return .none }
        let name = draftName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            naming = false
            return .none
        }
        do {
            try auth.createTenant(name)
        } catch {
            return .flash(.error, "Tenant not created: \(String(describing: error)); edit the name, or esc to cancel")
        }
        naming = false
        draftName = ""
        reload()
        if let i = visible.firstIndex(where: { $0.name == name }) { list.select(i) }
        return .flash(.info, "Created tenant \(name); Enter selects it")
    }

    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        tableMouse(action, x: x, row: row, content: content)
    }

    func tableRect(in content: Rect) -> Rect { content }

    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]]) {
        let rows = self.rows, shown = order.shown
        let view = TableView(columns: [TableColumn("", width: .fixed(2)), TableColumn("Name", width: .fill(2)),
                                       TableColumn("External id", width: .fill(1)), TableColumn("Connections", width: .fill(3))],
                             emptyMessage: rows.isEmpty ? "No tenants yet: press n to create one" : "No tenant matches \"\(filter)\"", sizedByContent: true,
                             sort: order.sort)
        let text = theme.style(.text), muted = theme.style(.muted), success = theme.style(.success)
        let selected = selectedName?.lowercased()
        return (view, { i in
            let r = rows[shown[i]]
            return [[Span(r.name.lowercased() == selected ? "●" : "", success)], [Span(r.name, text)],
                    [Span(r.externalID ?? "—", muted)], [Span(r.connections.isEmpty ? "none" : r.connections.joined(separator: ", "), muted)]]
        })
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        var state = list
        let (view, cells) = table(theme: theme)
        view.render(state: &state, in: tableRect(in: rect), buffer: &buffer, theme: theme, cells: cells)
    }

    private mutating func reload() {
        rows = (try? auth.tenants()) ?? []
        let me = self
        order.reload(texts: rows.map(Self.searchText), ranks: me.ranks)
        list.setCount(order.count)
    }
}
