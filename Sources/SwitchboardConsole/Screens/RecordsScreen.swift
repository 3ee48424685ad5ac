import ConsoleKit
import Foundation
import SwitchboardCore

/// The tenant's own records (the local side of sync): a filterable list, the selected record's
/// fields below it, and `e` to edit one (`field=value`, bumps the modified time).
public struct RecordsScreen: ConsoleScreen {
    public private(set) var records: [LocalRecord]
    public private(set) var list: ListState
    public private(set) var filter = ""
    private var editing = false
    private var draft = ""
    let sync: ConsoleSync
    let tenant: String
    var loadError: String?

    public init(sync: ConsoleSync, tenant: String) {
        self.sync = sync
        self.tenant = tenant
        do { records = try sync.records(tenant, nil) } catch {
            records = []
            loadError = String(describing: error)
        }
        list = ListState(count: records.count)
    }

    public var breadcrumb: String { "Records" }
    public var supportsFilter: Bool { true }
    public var filterText: String { editing ? draft : filter }
    public var filterPrompt: String { editing ? "field=value (field= clears)" : "filter" }

    public var visible: [LocalRecord] {
        records.filter { r in ListFilter.matches(filter, "\(r.id) \(r.object.rawValue) " + r.fields.map { "\($0.value.stringValue ?? JSONWriter.compact($0.value))" }.joined(separator: " ")) }
    }

    public var current: LocalRecord? {
        let v = visible
        return v.isEmpty ? nil : v[min(list.selected, v.count - 1)]
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("records.edit", keys: [.character("e")], title: "edit field", group: "Records",
                    disabledReason: { ($0.top as? RecordsScreen)?.current == nil ? "no record selected" : nil }),
            Binding("records.reload", keys: [.character("r")], title: "reload", group: "Records"),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: max(1, pageSize / 2)) { return .none }
        switch id {
        case "records.edit":
            editing = true
            draft = ""
            return .effect(.send(.input(.key(.character("/")))))
        case "records.reload":
            reload()
            return .none
        default:
            return .none
        }
    }

    mutating func reload() {
        do { records = try sync.records(tenant, nil); loadError = nil } catch { loadError = String(describing: error) }
        list.setCount(visible.count)
    }

    public mutating func setFilter(_ text: String) {
        if editing {
            draft = text
            if text.isEmpty { editing = false }
        } else {
            filter = text
            list.setCount(visible.count)
        }
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard editing else { return .none }
        editing = false
        let text = draft
        draft = ""
        guard let record = current, !text.isEmpty else { return .none }
        do {
            let changes = try LocalRecordStore.parseAssignments([text])
            _ = try sync.editRecord(tenant, record.id, changes)
        } catch {
            return .flash(.error, "Not saved: \(String(describing: error))")
        }
        let id = record.id
        reload()
        if let i = visible.firstIndex(where: { $0.id == id }) { list.select(i) }
        return .flash(.info, "\(id): \(text) saved; the next sync sends it")
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let detailHeight = min(12, rect.height / 2)
        let listRect = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - detailHeight)
        var state = list
        let rows = visible
        let empty = loadError.map { "Cannot read records: \($0)" }
            ?? (records.isEmpty ? "No records for \(tenant): `switchboard records import FILE --tenant \(tenant) --object contact`" : "No record matches \"\(filter)\"")
        let table = TableView(columns: [TableColumn("Id", width: .fill(1)), TableColumn("Object", width: .fixed(8)),
                                        TableColumn("Record", width: .fill(3)), TableColumn("Modified", width: .fixed(20))], emptyMessage: empty)
        let text = theme.style(.text), muted = theme.style(.muted)
        table.render(state: &state, in: listRect, buffer: &buffer, theme: theme) { i in
            let r = rows[i]
            return [[Span(r.id, muted)], [Span(r.object.rawValue, muted)], [Span(r.label, text)], [Span(ConflictText.time(r.modifiedAt), muted)]]
        }
        guard let r = current, detailHeight > 1 else { return }
        let y0 = listRect.y + listRect.height
        buffer.write(spans: [Span("── \(r.id) ", theme.style(.title)), Span(String(repeating: "─", count: max(0, rect.width)), theme.style(.border))],
                     x: rect.x, y: y0, width: rect.width, fill: text)
        for (i, field) in r.fields.prefix(detailHeight - 1).enumerated() {
            buffer.write(spans: [Span(field.key, muted), Span("  " + (field.value.stringValue ?? JSONWriter.compact(field.value)), text)],
                         x: rect.x + 1, y: y0 + 1 + i, width: rect.width - 2, fill: text)
        }
    }
}
