import ConsoleKit
import Foundation
import SwitchboardCore

/// The conflict queue: every open conflict of the tenant (tenant, connector, record, fields in
/// conflict, age); Enter reviews one, field by field; `s` / `S` and a header click sort it.
public struct ConflictQueueScreen: ConsoleScreen, SortableTable {
    public private(set) var conflicts: [SyncConflict]
    public internal(set) var list: ListState
    public private(set) var filter = ""
    /// The conflicts shown, filtered and sorted.
    var order = TableOrder(sort: ConflictQueueScreen.sort, texts: [])
    let sync: ConsoleSync
    let tenant: String?
    /// The time the ages are counted to (advanced by the app's clock).
    public private(set) var now: Date
    var loadError: String?
    /// Connector ids to the names the catalog gives them ("HubSpot"), as every other screen shows them.
    public var connectorNames: [String: String] = [:]

    public init(sync: ConsoleSync, tenant: String?, now: Date) {
        self.sync = sync
        self.tenant = tenant
        self.now = now
        do { conflicts = try sync.conflicts(tenant) } catch {
            conflicts = []
            loadError = String(describing: error)
        }
        list = ListState(count: conflicts.count)
        let me = self
        order.reload(texts: conflicts.map(Self.searchText), ranks: me.ranks)
    }

    /// The table's columns, by index.
    enum Column: Int { case id, connector, record, fields, age }

    /// What `s` sorts the queue by; the natural order is the queue's, oldest first (Age ▼).
    static let sort = TableSort([TableSort.Key(column: Column.id.rawValue, name: "#"), TableSort.Key(column: Column.connector.rawValue, name: "connector"),
                                 TableSort.Key(column: Column.record.rawValue, name: "record"), TableSort.Key(column: Column.fields.rawValue, name: "fields")],
                                natural: TableSort.Key(column: Column.age.rawValue, name: "age", descending: true),
                                naturalLabel: ("oldest first", "newest first"))

    static func searchText(_ c: SyncConflict) -> [UInt8] {
        PreparedFilter.haystack("\(c.label) \(c.connectorID) \(c.localID) \(c.remoteID) \(c.openFields.map(\.field).joined(separator: " "))")
    }

    var rowNoun: String { "Conflicts" }

    func ranks(_ column: Int) -> [Int] {
        switch Column(rawValue: column) {
        case .id: return conflicts.map { Int($0.id) }
        case .connector: return SortRanks.text(conflicts.map(\.connectorID))
        case .record: return SortRanks.text(conflicts.map(\.label))
        case .fields: return SortRanks.text(conflicts.map { $0.openFields.map(\.field).joined(separator: ", ") })
        default: return Array(conflicts.indices)
        }
    }

    public var breadcrumb: String { "Conflicts" }
    public var wantsClock: Bool { true }
    public mutating func clock(_ now: Date) { self.now = now }
    public var supportsFilter: Bool { true }
    public var filterText: String { filter }

    /// The conflicts passing the filter, in the order shown.
    public var visible: [SyncConflict] { order.shown.map { conflicts[$0] } }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("conflicts.review", keys: [.enter], title: "review", group: "Conflicts",
                    disabledReason: { ($0.top as? ConflictQueueScreen)?.visible.isEmpty == false ? nil : "no open conflicts" }),
            Binding("conflicts.reload", keys: [.character("r")], title: "reload", group: "Conflicts"),
        ] + SortBindings.all(group: "Conflicts")
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
        if let sorted = performSort(id) { return sorted }
        switch id {
        case "conflicts.review":
            let v = visible
            guard !v.isEmpty else { return .none }
            return .push(ConflictReviewScreen(queue: v, index: min(list.selected, v.count - 1), sync: sync, tenant: tenant))
        case "conflicts.reload":
            reload()
            return .flash(.info, "\(conflicts.count) open conflict\(conflicts.count == 1 ? "" : "s")")
        default:
            return .none
        }
    }

    mutating func reload() {
        do { conflicts = try sync.conflicts(tenant); loadError = nil } catch { loadError = String(describing: error) }
        let me = self
        order.reload(texts: conflicts.map(Self.searchText), ranks: me.ranks)
        list.setCount(order.count)
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        order.setFilter(text)
        list.setCount(order.count)
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        if message is ConflictReviewScreen.Applied { reload() }
        return .none
    }

    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        tableMouse(action, x: x, row: row, content: content)
    }

    func tableRect(in content: Rect) -> Rect { content }

    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]]) {
        let rows = conflicts, shown = order.shown
        let empty = loadError.map { "Cannot read the queue: \($0)" }
            ?? (conflicts.isEmpty ? "No open conflicts\(tenant.map { " for \($0)" } ?? "") — sync with :sync" : "No conflict matches \"\(filter)\"")
        let view = TableView(columns: [TableColumn("#", width: .fixed(5)), TableColumn("Connector", width: .fixed(11)),
                                       TableColumn("Record", width: .fill(3)), TableColumn("Fields in conflict", width: .fill(3)),
                                       TableColumn("Age", width: .fixed(5), alignRight: true)], emptyMessage: empty, sizedByContent: true, sort: order.sort)
        let text = theme.style(.text), muted = theme.style(.muted), warn = theme.style(.warning)
        let now = self.now
        return (view, { i in
            let c = rows[shown[i]]
            return [[Span(String(c.id), muted)], [Span(connectorNames[c.connectorID] ?? c.connectorID, text)], [Span(c.label, text), Span("  \(c.localID) ↔ \(c.remoteID)", muted)],
                    [Span(c.openFields.map(\.field).joined(separator: ", "), warn)], [Span(c.age(at: now), muted)]]
        })
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        var state = list
        let (view, cells) = table(theme: theme)
        view.render(state: &state, in: tableRect(in: rect), buffer: &buffer, theme: theme, cells: cells)
    }
}

/// Text helpers shared by the conflict screens.
enum ConflictText {
    static func value(_ v: JSONValue?) -> String {
        guard let v, !v.isNull else { return "—" }
        return v.stringValue ?? JSONWriter.compact(v)
    }


    static func time(_ d: Date?) -> String {
        guard let d else { return "unknown" }
        return DateText.isoDateTime(d).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }
}
