import ConsoleKit
import SwitchboardCore

/// Every tenant with its connections: `n` creates one, Enter selects it (the header shows it).
public struct TenantsScreen: ConsoleScreen {
    public private(set) var rows: [ConsoleAuth.TenantRow]
    public private(set) var list: ListState
    public private(set) var filter = ""
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
        if let selected, let i = rows.firstIndex(where: { $0.name.lowercased() == selected.lowercased() }) { list.select(i) }
    }

    public var breadcrumb: String { "Tenants" }
    public var supportsFilter: Bool { true }
    public var filterText: String { naming ? draftName : filter }
    public var isTextEntry: Bool { naming }
    public var filterPrompt: String { naming ? "new tenant name" : "filter" }

    /// The rows passing the filter.
    public var visible: [ConsoleAuth.TenantRow] {
        rows.filter { ListFilter.matches(filter, "\($0.name) \($0.externalID ?? "") \($0.connections.joined(separator: " "))") }
    }

    /// The tenant under the cursor.
    public var current: ConsoleAuth.TenantRow? {
        let v = visible
        return v.isEmpty ? nil : v[min(list.selected, v.count - 1)]
    }

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
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
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
            list.setCount(visible.count)
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

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        list.tableMouse(action, row: row, pageSize: pageSize)
        return .none
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        var state = list
        let rows = visible
        let table = TableView(columns: [TableColumn("", width: .fixed(2)), TableColumn("Name", width: .fill(2)),
                                        TableColumn("External id", width: .fill(1)), TableColumn("Connections", width: .fill(3))],
                              emptyMessage: self.rows.isEmpty ? "No tenants yet: press n to create one" : "No tenant matches \"\(filter)\"", sizedByContent: true)
        let text = theme.style(.text), muted = theme.style(.muted)
        let selected = selectedName?.lowercased()
        table.render(state: &state, in: rect, buffer: &buffer, theme: theme) { i in
            let r = rows[i]
            return [[Span(r.name.lowercased() == selected ? "●" : "", theme.style(.success))], [Span(r.name, text)],
                    [Span(r.externalID ?? "—", muted)], [Span(r.connections.isEmpty ? "none" : r.connections.joined(separator: ", "), muted)]]
        }
    }

    private mutating func reload() {
        rows = (try? auth.tenants()) ?? []
        list.setCount(visible.count)
    }
}
