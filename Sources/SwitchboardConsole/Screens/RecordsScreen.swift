import ConsoleKit
import Foundation
import SwitchboardCore

/// The tenant's own records (the local side of sync): a filterable list, the selected record's
/// fields below it; `o` shows one object at a time, `e` edits a field (`field=value`, bumps the
/// modified time), `n` adds a contact by its email (the record form: then `e` fills fields), `p`
/// previews the record's create request for the connector in use (the Preview can send it), `l`
/// logs an activity on a contact (`call: subject | body`) and previews it for that connector;
/// `s` / `S` and a header click sort the list.
public struct RecordsScreen: ConsoleScreen, SortableTable {
    /// What the prompt line is collecting.
    enum Prompt { case none, edit, create, logActivity }
    public private(set) var records: [LocalRecord] { didSet { rescope() } }
    /// The records of the object shown (`o`), which the filter and the sort work on.
    private var scoped: [LocalRecord] = []
    /// The records passing the filter, in the order shown.
    public var visible: [LocalRecord] { order.shown.map { scoped[$0] } }
    var list: ListState
    public private(set) var filter = ""
    /// Only records of this object (`o` cycles through the objects the tenant has); nil shows all.
    public private(set) var objectFilter: UniversalObject? { didSet { rescope() } }
    /// The shown records, filtered and sorted.
    var order = TableOrder(sort: RecordsScreen.sort, texts: [])
    private var prompt = Prompt.none
    private var draft = ""
    private var editing: Bool { prompt != .none }
    let sync: ConsoleSync
    let tenant: String
    /// The connector `p` previews for (the one in the header, else the first the tenant syncs with).
    let previewConnector: ConnectorManifest?
    var loadError: String?

    /// The table's columns, by index.
    enum Column: Int { case id, object, record, modified }

    /// What `s` sorts the records by; the natural order is the store's (oldest first).
    static let sort = TableSort([TableSort.Key(column: Column.id.rawValue, name: "id"), TableSort.Key(column: Column.object.rawValue, name: "object"),
                                 TableSort.Key(column: Column.record.rawValue, name: "record"),
                                 TableSort.Key(column: Column.modified.rawValue, name: "modified", descending: true)],
                                naturalLabel: ("oldest first", "newest first"))

    public init(sync: ConsoleSync, tenant: String, previewConnector: ConnectorManifest? = nil) {
        self.sync = sync
        self.tenant = tenant
        self.previewConnector = previewConnector
        list = ListState()
        do { records = try sync.records(tenant, nil) } catch {
            records = []
            loadError = String(describing: error)
        }
        rescope()
    }

    var rowNoun: String { "Records" }

    func ranks(_ column: Int) -> [Int] {
        switch Column(rawValue: column) {
        case .id: return SortRanks.text(scoped.map(\.id))
        case .object: return scoped.map { r in UniversalObject.allCases.firstIndex(of: r.object) ?? 0 }
        case .record: return SortRanks.text(scoped.map(\.label))
        case .modified: return SortRanks.numbers(scoped.map { Int($0.modifiedAt.timeIntervalSince1970 * 1000) })
        default: return Array(scoped.indices)
        }
    }

    /// The records of the object shown, ordered and filtered again (the sort and filter kept).
    private mutating func rescope() {
        scoped = objectFilter.map { o in records.filter { $0.object == o } } ?? records
        let me = self
        order.reload(texts: scoped.map { r in
            PreparedFilter.haystack("\(r.id) \(r.object.rawValue) " + r.fields.map { "\($0.value.stringValue ?? JSONWriter.compact($0.value))" }.joined(separator: " "))
        }, ranks: me.ranks)
        list.setCount(order.count)
    }

    public var breadcrumb: String { objectFilter.map { "Records · \($0.plural)" } ?? "Records" }
    public var supportsFilter: Bool { true }
    public var filterText: String { editing ? draft : filter }
    public var isTextEntry: Bool { editing }
    public var filterPrompt: String {
        switch prompt {
        case .edit: return "field=value (field= clears)"
        case .create: return "new contact's email"
        case .logActivity: return "TYPE: subject | body (TYPE: call, note, task, meeting, email)"
        case .none: return "filter"
        }
    }

    public var current: LocalRecord? { order.row(at: list.selected).map { scoped[$0] } }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("records.edit", keys: [.character("e")], title: "edit field", group: "Records",
                    disabledReason: { ($0.top as? RecordsScreen)?.current == nil ? "no record selected" : nil }),
            Binding("records.new", keys: [.character("n")], title: "new contact", group: "Records"),
            Binding("records.preview", keys: [.character("p")], title: "preview", group: "Records",
                    disabledReason: { m in
                        guard let s = m.top as? RecordsScreen else { return nil }
                        if s.current == nil { return "no record selected" }
                        return s.previewConnector == nil ? "no connector: open one or :connect first" : nil
                    }),
            Binding("records.log", keys: [.character("l")], title: "log activity", group: "Records",
                    disabledReason: { m in
                        guard let s = m.top as? RecordsScreen else { return nil }
                        guard s.current?.object == .contact else { return "select a contact to log an activity on" }
                        return s.previewConnector == nil ? "no connector: open one or :connect first" : nil
                    }),
            Binding("records.object", keys: [.character("o")], title: "object", group: "Records"),
            Binding("records.reload", keys: [.character("r")], title: "reload", group: "Records"),
        ] + SortBindings.all(group: "Records")
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: max(1, pageSize / 2)) { return .none }
        if let sorted = performSort(id) { return sorted }
        switch id {
        case "records.edit", "records.new":
            prompt = id == "records.edit" ? .edit : .create
            draft = ""
            return .prompt
        case "records.preview":
            guard let record = current, let connector = previewConnector else { return .none }
            guard let action = connector.actions(for: record.object, .create).first(where: { !$0.isBatch }) else {
                return .flash(.warning, "\(connector.name) has no create action for \(record.object.plural)")
            }
            return .push(PreviewScreen(connector: connector, action: action, record: record.universal))
        case "records.log":
            guard current?.object == .contact, previewConnector != nil else { return .none }
            prompt = .logActivity
            draft = ""
            return .prompt
        case "records.object":
            // All → each object the tenant has records of, in model order → all.
            let present = UniversalObject.allCases.filter { o in records.contains { $0.object == o } }
            if let current = objectFilter, let i = present.firstIndex(of: current) {
                objectFilter = i + 1 < present.count ? present[i + 1] : nil
            } else {
                objectFilter = present.first
            }
            return .flash(.info, objectFilter.map { "Showing \($0.plural); o shows the next object" } ?? "Showing every record")
        case "records.reload":
            reload()
            return .none
        default:
            return .none
        }
    }

    mutating func reload() {
        do { records = try sync.records(tenant, nil); loadError = nil } catch { loadError = String(describing: error) }
    }

    public mutating func setFilter(_ text: String) {
        if editing {
            draft = text
            if text.isEmpty { prompt = .none }
        } else {
            filter = text
            order.setFilter(text)
            list.setCount(order.count)
        }
    }

    /// Saves the prompt's text; refused text keeps the prompt open with it.
    public mutating func confirmFilter() -> ScreenOutcome {
        guard editing else { return .none }
        let kind = prompt
        let text = draft.trimmingCharacters(in: .whitespaces)
        if kind == .create { return create(email: text) }
        if kind == .logActivity { return logActivity(text) }
        guard let record = current, !text.isEmpty else {
            prompt = .none
            draft = ""
            return .none
        }
        do {
            let changes = try LocalRecordStore.parseAssignments([text])
            _ = try sync.editRecord(tenant, record.id, changes)
        } catch {
            return .flash(.error, "Not saved: \(String(describing: error)); edit the text, or esc to cancel")
        }
        prompt = .none
        draft = ""
        let id = record.id
        reload()
        if let i = visible.firstIndex(where: { $0.id == id }) { list.select(i) }
        return .flash(.info, "\(id): \(text) saved; the next sync sends it")
    }

    /// Adds a contact with `email` (checked like an import), selects it.
    mutating func create(email: String) -> ScreenOutcome {
        guard !email.isEmpty else {
            prompt = .none
            draft = ""
            return .none
        }
        let id: String
        do {
            let changes = try LocalRecordStore.parseAssignments(["contact_email=" + email])
            id = try sync.createRecord(tenant, .contact, JSONObject(changes.compactMap { k, v in v.map { (k, $0) } })).id
        } catch {
            return .flash(.error, "Not added: \(String(describing: error)); edit the email, or esc to cancel")
        }
        prompt = .none
        draft = ""
        filter = ""
        order.setFilter("")
        reload()
        if let i = visible.firstIndex(where: { $0.id == id }) { list.select(i) }
        return .flash(.info, "Added \(id) (\(email)); e fills its fields, p previews it")
    }

    /// Saves an activity on the selected contact from `TYPE: subject | body` and opens its preview
    /// for the connector in use (where `ctrl+j` sends it); refused text keeps the prompt open.
    mutating func logActivity(_ text: String) -> ScreenOutcome {
        guard let contact = current, contact.object == .contact, let connector = previewConnector else {
            prompt = .none
            return .none
        }
        guard !text.isEmpty else {
            prompt = .none
            draft = ""
            return .none
        }
        let parsed: (type: String, subject: String, body: String)
        do { parsed = try ActivityLog.parse(text) } catch {
            return .flash(.error, "Not logged: \(error.description); edit the text, or esc to cancel")
        }
        guard let action = connector.activityAction(for: parsed.type) else {
            return .flash(.error, "\(connector.name) has no action that creates activities")
        }
        let record: LocalRecord
        do {
            record = try sync.createRecord(tenant, .activity, ActivityLog.fields(type: parsed.type, subject: parsed.subject, body: parsed.body,
                                                                                   contactID: contact.id, at: Date()))
        } catch {
            return .flash(.error, "Not logged: \(String(describing: error))")
        }
        prompt = .none
        draft = ""
        reload()
        return .push(PreviewScreen(connector: connector, action: action, record: record.universal))
    }

    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        tableMouse(action, x: x, row: row, content: content)
    }

    /// The rows the record's fields take below the list.
    static func detailHeight(_ rect: Rect) -> Int { min(12, rect.height / 2) }

    func tableRect(in content: Rect) -> Rect {
        Rect(x: content.x, y: content.y, width: content.width, height: content.height - Self.detailHeight(content))
    }

    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]]) {
        let rows = scoped, shown = order.shown
        let empty = loadError.map { "Cannot read records: \($0)" }
            ?? (records.isEmpty ? "No records for \(tenant) yet: n adds a contact (or, outside the console, `switchboard records import FILE --tenant \(tenant)` with this console's SWITCHBOARD_HOME)" : "No record matches \"\(filter)\"")
        let view = TableView(columns: [TableColumn("Id", width: .fill(1)), TableColumn("Object", width: .fixed(8)),
                                       TableColumn("Record", width: .fill(3)), TableColumn("Modified", width: .fixed(20))], emptyMessage: empty, sizedByContent: true,
                             sort: order.sort)
        let text = theme.style(.text), muted = theme.style(.muted)
        return (view, { i in
            let r = rows[shown[i]]
            return [[Span(r.id, muted)], [Span(r.object.rawValue, muted)], [Span(r.label, text)], [Span(ConflictText.time(r.modifiedAt), muted)]]
        })
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let detailHeight = Self.detailHeight(rect)
        let listRect = tableRect(in: rect)
        var state = list
        let (view, cells) = table(theme: theme)
        view.render(state: &state, in: listRect, buffer: &buffer, theme: theme, cells: cells)
        let text = theme.style(.text), muted = theme.style(.muted)
        guard let r = current, detailHeight > 1 else { return }
        let y0 = listRect.y + listRect.height
        let title = "── \(r.id) "
        buffer.write(spans: [Span(title, theme.style(.title)), Span(String(repeating: "─", count: max(0, rect.width - CharacterWidth.of(title))), theme.style(.border))],
                     x: rect.x, y: y0, width: rect.width, fill: text)
        let keyWidth = r.fields.map { CharacterWidth.of($0.key) }.max() ?? 0
        for (i, field) in r.fields.prefix(detailHeight - 1).enumerated() {
            let pad = String(repeating: " ", count: keyWidth - CharacterWidth.of(field.key))
            buffer.write(spans: [Span(field.key + pad, muted), Span("  " + (field.value.stringValue ?? JSONWriter.compact(field.value)), text)],
                         x: rect.x + 1, y: y0 + 1 + i, width: rect.width - 2, fill: text)
        }
    }
}
