import ConsoleKit
import Foundation
import SwitchboardCore

/// The conflict queue: every open conflict of the tenant (tenant, connector, record, fields in
/// conflict, age); Enter reviews one, field by field.
public struct ConflictQueueScreen: ConsoleScreen {
    public private(set) var conflicts: [SyncConflict]
    public private(set) var list: ListState
    public private(set) var filter = ""
    let sync: ConsoleSync
    let tenant: String?
    /// The time the ages are counted to (advanced by the app's clock).
    public private(set) var now: Date
    var loadError: String?

    public init(sync: ConsoleSync, tenant: String?, now: Date) {
        self.sync = sync
        self.tenant = tenant
        self.now = now
        do { conflicts = try sync.conflicts(tenant) } catch {
            conflicts = []
            loadError = String(describing: error)
        }
        list = ListState(count: conflicts.count)
    }

    public var breadcrumb: String { "Conflicts" }
    public var wantsClock: Bool { true }
    public mutating func clock(_ now: Date) { self.now = now }
    public var supportsFilter: Bool { true }
    public var filterText: String { filter }

    /// The conflicts passing the filter.
    public var visible: [SyncConflict] {
        conflicts.filter { c in ListFilter.matches(filter, "\(c.label) \(c.connectorID) \(c.localID) \(c.remoteID) \(c.openFields.map(\.field).joined(separator: " "))") }
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("conflicts.review", keys: [.enter], title: "review", group: "Conflicts",
                    disabledReason: { ($0.top as? ConflictQueueScreen)?.visible.isEmpty == false ? nil : "no open conflicts" }),
            Binding("conflicts.reload", keys: [.character("r")], title: "reload", group: "Conflicts"),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
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
        list.setCount(visible.count)
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        list.setCount(visible.count)
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        if message is ConflictReviewScreen.Applied { reload() }
        return .none
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        list.tableMouse(action, row: row, pageSize: pageSize)
        return .none
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        var state = list
        let rows = visible
        let empty = loadError.map { "Cannot read the queue: \($0)" }
            ?? (conflicts.isEmpty ? "No open conflicts\(tenant.map { " for \($0)" } ?? "") — sync with :sync" : "No conflict matches \"\(filter)\"")
        let table = TableView(columns: [TableColumn("#", width: .fixed(5)), TableColumn("Connector", width: .fixed(11)),
                                        TableColumn("Record", width: .fill(3)), TableColumn("Fields in conflict", width: .fill(3)),
                                        TableColumn("Age", width: .fixed(5), alignRight: true)], emptyMessage: empty, sizedByContent: true)
        let text = theme.style(.text), muted = theme.style(.muted), warn = theme.style(.warning)
        let now = self.now
        table.render(state: &state, in: rect, buffer: &buffer, theme: theme) { i in
            let c = rows[i]
            return [[Span(String(c.id), muted)], [Span(c.connectorID, text)], [Span(c.label, text), Span("  \(c.localID) ↔ \(c.remoteID)", muted)],
                    [Span(c.openFields.map(\.field).joined(separator: ", "), warn)], [Span(c.age(at: now), muted)]]
        }
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
