import ConsoleKit
import SwitchboardCore

/// The first screen: every connector in the catalog, filterable by text and by category.
public struct CatalogScreen: ConsoleScreen {
    public private(set) var catalog: ConnectorCatalog
    public private(set) var filter = ""
    public private(set) var category: String?
    public private(set) var list = ListState()
    /// Indices into `catalog.connectors` that pass the filters, in display order.
    public private(set) var visible: [Int] = []
    /// The selected tenant's connection state per connector id ("valid", "needs re-auth", ...).
    public var statuses: [String: String] = [:]
    /// The tenant `statuses` were read for.
    public var statusTenant: String?

    public init(catalog: ConnectorCatalog) {
        self.catalog = catalog
        recompute()
    }

    public var breadcrumb: String { category.map { "Catalog [\($0)]" } ?? "Catalog" }
    public var supportsFilter: Bool { true }
    public var filterText: String { filter }

    /// The connector under the cursor.
    public var selected: ConnectorManifest? {
        visible.isEmpty ? nil : catalog.connectors[visible[list.selected]]
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("catalog.open", keys: [.enter, .right, .character("l")], title: "open", group: "Catalog",
                    disabledReason: { model in (model.top as? CatalogScreen)?.selected == nil ? "no connector selected" : nil }),
            Binding("catalog.category", keys: [.character("c")], title: "category", group: "Catalog"),
            Binding("catalog.clearCategory", keys: [.character("C")], title: "all categories", group: "Catalog", showInBar: false),
            Binding("catalog.copyId", keys: [.character("y")], title: "copy id", group: "Catalog", showInBar: false),
        ]
    }

    /// The selected connector whole (`v`).
    public var details: [(label: String, value: String)]? {
        guard let c = selected else { return nil }
        return [("Id", c.id), ("Name", c.name), ("Description", c.description), ("Categories", c.categories.joined(separator: ", ")),
                ("API", c.api.baseURL), ("Status", statuses[c.id] ?? "not connected")]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
        switch id {
        case "catalog.open":
            guard let connector = selected else { return .flash(.warning, "No connector selected") }
            return .push(ConnectorScreen(connector: connector))
        case "catalog.category":
            let all = catalog.categories
            guard !all.isEmpty else { return .none }
            if let current = category, let i = all.firstIndex(of: current) {
                category = i + 1 < all.count ? all[i + 1] : nil
            } else {
                category = all[0]
            }
            recompute()
            return .flash(.info, category.map { "Category: \($0)" } ?? "All categories")
        case "catalog.clearCategory":
            category = nil
            recompute()
            // The flash line says what is shown now, not the category that was (issue 24, finding 8).
            return .flash(.info, "All categories")
        case "catalog.copyId":
            guard let connector = selected else { return .none }
            return .copy(connector.id, label: "connector id")
        default:
            return .none
        }
    }

    /// Shows only connectors in `category` (nil for all).
    public mutating func setCategory(_ category: String?) {
        self.category = category
        recompute()
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        recompute()
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        list.tableMouse(action, row: row, pageSize: pageSize)
        return .none
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        var state = list
        let wide = rect.width >= 100
        var columns = [TableColumn("Id", width: .fixed(16)), TableColumn("Name", width: .fill(2)), TableColumn("Categories", width: .fill(2))]
        if wide { columns.append(TableColumn("Auth", width: .fixed(9))) }
        columns.append(TableColumn("Status", width: .fixed(14)))
        let message = catalog.connectors.isEmpty ? "No connectors installed" : "No connector matches \"\(filter)\"\(category.map { " in category \($0)" } ?? "")"
        let table = TableView(columns: columns, emptyMessage: message)
        let text = theme.style(.text), match = theme.style(.match), muted = theme.style(.muted)
        let connectors = catalog.connectors
        let visible = self.visible
        let filter = self.filter
        let statuses = self.statuses
        table.render(state: &state, in: rect, buffer: &buffer, theme: theme) { i in
            let c = connectors[visible[i]]
            var row: [[Span]] = [
                ListFilter.highlight(c.id, query: filter, base: text, highlight: match),
                ListFilter.highlight(c.name, query: filter, base: text, highlight: match),
                ListFilter.highlight(c.categories.joined(separator: ", "), query: filter, base: muted, highlight: match),
            ]
            if wide { row.append([Span(c.authLabel, muted)]) }
            if let status = statuses[c.id] {
                row.append([Span(status, status == "valid" ? theme.style(.success) : theme.style(.warning))])
            } else {
                row.append([Span("—", muted)])
            }
            return row
        }
    }

    public func paletteEntries() -> [(title: String, command: String)] {
        catalog.connectors.map { ("Open connector: \($0.name)", "connector \($0.id)") }
            + catalog.categories.map { ("Show category: \($0)", "category \($0)") }
    }

    private mutating func recompute() {
        visible = catalog.connectors.indices.filter { i in
            let c = catalog.connectors[i]
            if let category, !c.categories.contains(category) { return false }
            return ListFilter.matches(filter, "\(c.id) \(c.name) \(c.categories.joined(separator: " "))")
        }
        list.setCount(visible.count)
    }
}

extension ConnectorManifest {
    /// A short label for the connector's authentication kind.
    var authLabel: String { "OAuth 2.0" }
}
