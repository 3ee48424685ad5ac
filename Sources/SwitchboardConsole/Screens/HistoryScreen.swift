import ConsoleKit
import Foundation
import SwitchboardCore

/// The selected tenant's push runs, newest first: status, counts and times; Enter opens a run's
/// items, `R` resumes an interrupted or stopped run (as `switchboard push --resume`), `s` sorts by
/// the next column, `S` reverses the order, and a click on a header sorts by its column.
///
/// The filtered and sorted order is kept as indices (`TableOrder`) and made again only when the
/// filter, the sort or the runs change, so keys stay fast on 100,000 runs.
public struct HistoryScreen: ConsoleScreen, SortableTable {
    public typealias ItemsLoader = @Sendable (String) throws -> [PushItem]
    /// Starts finishing a run; nil when nothing is left to send.
    public typealias Resumer = @Sendable (String) async throws -> PushSession?
    /// Reads the tenant's runs again.
    public typealias RunsLoader = @Sendable () throws -> [ConsoleData.RunSummary]

    /// A resumed run's start (or why it did not start), delivered to the screen.
    struct ResumeStarted: Sendable {
        var runID: String
        var result: Result<PushSession?, ConsoleData.Failure>
    }

    public let tenant: String
    public private(set) var runs: [ConsoleData.RunSummary]
    let catalog: ConnectorCatalog
    let items: ItemsLoader
    let resumer: Resumer?
    let reloadRuns: RunsLoader?
    /// The run being resumed, while it runs.
    public private(set) var resuming: PushSession?
    var list: ListState
    /// The `/` filter over run id, status, connector and action.
    public private(set) var filter = ""
    /// The runs shown, filtered and sorted.
    var order: TableOrder

    /// The table's columns, by index.
    enum Column: Int {
        case run, status, action, total, ok, failed, skipped, started, took
    }

    /// What `s` sorts the runs by, in the order it goes through them; the natural order is
    /// newest first (Started ▼).
    static let sort = TableSort([TableSort.Key(column: Column.status.rawValue, name: "status"), TableSort.Key(column: Column.action.rawValue, name: "action"),
                                 TableSort.Key(column: Column.total.rawValue, name: "total", descending: true),
                                 TableSort.Key(column: Column.ok.rawValue, name: "ok", descending: true),
                                 TableSort.Key(column: Column.failed.rawValue, name: "failed", descending: true),
                                 TableSort.Key(column: Column.skipped.rawValue, name: "skipped", descending: true),
                                 TableSort.Key(column: Column.took.rawValue, name: "took", descending: true)],
                                natural: TableSort.Key(column: Column.started.rawValue, name: "started", descending: true),
                                naturalLabel: ("newest first", "oldest first"))

    public init(tenant: String, runs: [ConsoleData.RunSummary], catalog: ConnectorCatalog, items: @escaping ItemsLoader,
                resume: Resumer? = nil, reload: RunsLoader? = nil) {
        self.tenant = tenant
        self.runs = runs
        self.catalog = catalog
        self.items = items
        self.resumer = resume
        self.reloadRuns = reload
        list = ListState(count: runs.count)
        order = TableOrder(sort: Self.sort, texts: runs.map(Self.searchText))
    }

    static func searchText(_ r: ConsoleData.RunSummary) -> [UInt8] {
        PreparedFilter.haystack("\(r.run.id) \(r.run.status.rawValue) \(r.run.connectorID) \(r.run.actionID) \(r.run.source)")
    }

    var rowNoun: String { "Runs" }

    /// The column sorted by (nil: newest first) and whether the order is reversed.
    public var sortKey: TableSort.Key? { order.sort.key }
    public var sortReversed: Bool { order.sort.reversed }

    /// Each run's place for a column as an integer, smaller first (the sort negates it for a
    /// column sorted largest first); ties keep newest first.
    func ranks(_ column: Int) -> [Int] {
        switch Column(rawValue: column) {
        case .status: return SortRanks.text(runs.map(\.run.status.rawValue))
        case .action:
            // One name per connector × action (100,000 runs name a few), ranked once.
            var names: [String: [String: Int]] = [:]
            var distinct: [String] = []
            var ids = [Int](repeating: 0, count: runs.count)
            for (i, r) in runs.enumerated() {
                if let id = names[r.run.connectorID]?[r.run.actionID] { ids[i] = id; continue }
                names[r.run.connectorID, default: [:]][r.run.actionID] = distinct.count
                ids[i] = distinct.count
                distinct.append(actionText(r.run))
            }
            let rank = SortRanks.text(distinct)
            return ids.map { rank[$0] }
        case .total: return runs.map(\.run.total)
        case .ok: return runs.map(\.tally.succeeded)
        case .failed: return runs.map(\.tally.failed)
        case .skipped: return runs.map(\.tally.skipped)
        case .took:
            // A run still going comes after every finished one.
            return runs.map { r in r.run.finishedAt.map { Int($0.timeIntervalSince(r.run.startedAt) * 1000) } ?? -1 }
        default: return Array(runs.indices)
        }
    }

    /// The Action column's text: the connector's name and the action.
    func actionText(_ run: PushRun) -> String {
        "\(catalog.connector(id: run.connectorID)?.name ?? run.connectorID) \(run.actionID)"
    }

    /// The sort as the heading says it, e.g. "by status" or "oldest first".
    var sortLabel: String { order.sort.label }

    public var breadcrumb: String { "History" }
    public var supportsFilter: Bool { true }
    public var filterText: String { filter }

    /// The runs passing the filter, in the order shown.
    public var visible: [ConsoleData.RunSummary] { order.shown.map { runs[$0] } }
    /// How many runs pass the filter.
    public var visibleCount: Int { order.count }

    /// The selected run whole (`v`).
    public var details: [(label: String, value: String)]? {
        guard let r = current else { return nil }
        return [("Run", r.run.id), ("Status", r.run.status.rawValue),
                ("Action", "\(catalog.connector(id: r.run.connectorID)?.name ?? r.run.connectorID) \(r.run.actionID)"),
                ("Source", r.run.source), ("Records", "\(r.run.total): \(r.tally)"),
                ("Started (UTC)", Self.time(r.run.startedAt)), ("Took", Self.duration(r.run))]
    }

    public func bindings() -> [Binding<AppModel>] {
        let none: @Sendable (AppModel) -> String? = { model in
            guard let s = model.top as? HistoryScreen else { return nil }
            return s.runs.isEmpty ? "no runs yet" : s.visibleCount == 0 ? "no run matches the filter" : nil
        }
        return ListBindings.navigation(group: "History") + [
            Binding("history.open", keys: [.enter], title: "open run", group: "History", disabledReason: none),
            Binding("history.copy", keys: [.character("y")], title: "copy run id", group: "History", showInBar: false, disabledReason: none),
            Binding("history.resume", keys: [.character("R")], title: "resume run", group: "History",
                    disabledReason: { model in
                        guard let s = model.top as? HistoryScreen else { return nil }
                        if let reason = none(model) { return reason }
                        if s.resumer == nil { return "runs cannot be resumed here" }
                        if s.resuming != nil { return "a run is being resumed" }
                        guard let r = s.current else { return "no run selected" }
                        return Self.isResumable(r) ? nil : "this run has nothing left to send"
                    }),
        ] + SortBindings.all(group: "History")
    }

    /// Selects the run with this id (clearing a filter that hides it); false when there is none.
    @discardableResult
    public mutating func select(runID: String) -> Bool {
        guard let index = runs.firstIndex(where: { $0.run.id == runID }) else { return false }
        if !order.shown.contains(index) { setFilter("") }
        guard let row = order.shown.firstIndex(of: index) else { return false }
        list.select(row)
        return true
    }

    /// The run under the cursor.
    public var current: ConsoleData.RunSummary? {
        order.row(at: list.selected).map { runs[$0] }
    }

    /// Whether a run has records left to send (interrupted, stopped, or queued items).
    static func isResumable(_ r: ConsoleData.RunSummary) -> Bool {
        r.run.status != .running && (r.run.status != .finished || r.tally.queued + r.tally.sending > 0)
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        order.setFilter(text)
        list.setCount(order.count)
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: max(1, pageSize - 2)) { return .none }
        if let sorted = performSort(id) { return sorted }
        guard let summary = current else { return .none }
        switch id {
        case "history.open":
            do {
                return .push(RunItemsScreen(summary: summary, connectorName: catalog.connector(id: summary.run.connectorID)?.name ?? summary.run.connectorID,
                                            items: try items(summary.run.id)))
            } catch {
                return .flash(.error, "Cannot read run \(summary.run.id): \(error)")
            }
        case "history.copy":
            return .copy(summary.run.id, label: "run id")
        case "history.resume":
            guard let resumer, resuming == nil else { return .none }
            let id = summary.run.id
            return .effect(Effect("history.resume") {
                do { return .screenMessage(ResumeStarted(runID: id, result: .success(try await resumer(id)))) } catch {
                    return .screenMessage(ResumeStarted(runID: id, result: .failure(ConsoleData.Failure(String(describing: error)))))
                }
            })
        default:
            return .none
        }
    }

    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        tableMouse(action, x: x, row: row, content: content)
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        if let started = message as? ResumeStarted {
            switch started.result {
            case .failure(let error): return .flash(.error, "Run \(started.runID) not resumed: \(error.description)")
            case .success(nil):
                reload()
                return .flash(.info, "Run \(started.runID) has nothing left to send")
            case .success(let session?):
                resuming = session
                return .effect(session.nextEvent())
            }
        }
        guard let message = message as? PushSession.Message, let session = resuming, ObjectIdentifier(session) == message.session else { return .none }
        switch message.event {
        case .progress: return .effect(session.nextEvent())
        case .finished(let outcome):
            resuming = nil
            reload()
            switch outcome.result {
            case .success(let report): return .flash(report.tally.failed > 0 ? .warning : .info, "Resumed run \(outcome.runID): \(report.tally)")
            case .failure(let stop):
                return .flash(.error, "Run \(outcome.runID) \(ConsoleAdvice.word(stop)) again: " + ConsoleAdvice.stop(stop, connector: session.run.connectorID, tenant: tenant, runID: outcome.runID))
            }
        }
    }

    private mutating func reload() {
        guard let reloadRuns, let fresh = try? reloadRuns() else { return }
        runs = fresh
        let me = self
        order.reload(texts: runs.map(Self.searchText), ranks: me.ranks)
        list.setCount(order.count)
    }

    /// `yyyy-MM-dd HH:mm:ss` in UTC, without a `DateFormatter` per row (a frame draws 58).
    static func time(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var t = tm()
        gmtime_r(&seconds, &t)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(t.tm_year + 1900)-\(two(t.tm_mon + 1))-\(two(t.tm_mday)) \(two(t.tm_hour)):\(two(t.tm_min)):\(two(t.tm_sec))"
    }

    static func duration(_ run: PushRun) -> String {
        guard let end = run.finishedAt else { return "" }
        let s = end.timeIntervalSince(run.startedAt)
        return s < 60 ? String(format: "%.1f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
    }

    func tableRect(in content: Rect) -> Rect {
        Rect(x: content.x, y: content.y + 1, width: content.width, height: max(0, content.height - 1))
    }

    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]]) {
        let runs = self.runs, shown = order.shown, catalog = self.catalog
        let text = theme.style(.text), muted = theme.style(.muted)
        // Sized by content: at 80×24 the run, status and action stay whole (the run id says when
        // it started); Skipped, Started and Took go first when there is no room.
        let view = TableView(columns: [TableColumn("Run", width: .fixed(20)), TableColumn("Status", width: .fixed(11)), TableColumn("Action", width: .fill(2)),
                                       TableColumn("Total", width: .fixed(6), alignRight: true), TableColumn("OK", width: .fixed(6), alignRight: true),
                                       TableColumn("Failed", width: .fixed(6), alignRight: true), TableColumn("Skipped", width: .fixed(7), alignRight: true, droppable: true),
                                       TableColumn("Started (UTC)", width: .fixed(19), droppable: true), TableColumn("Took", width: .fixed(10), droppable: true)],
                             emptyMessage: runs.isEmpty ? "No push runs for \(tenant) yet: send a preview (ctrl+j) or :bulk FILE" : "No run matches \"\(filter)\"",
                             sizedByContent: true, sort: order.sort)
        return (view, { i in
            let r = runs[shown[i]].run, t = runs[shown[i]].tally
            let status = theme.style(r.status == .finished ? (t.failed > 0 ? .warning : .success) : r.status == .running ? .text : .error)
            return [[Span(r.id, text)], [Span(r.status.rawValue, status)], [Span("\(catalog.connector(id: r.connectorID)?.name ?? r.connectorID) \(r.actionID)", text)],
                    [Span(String(r.total), text)], [Span(String(t.succeeded), theme.style(.success))],
                    [Span(String(t.failed), t.failed > 0 ? theme.style(.error) : muted)], [Span(String(t.skipped), muted)],
                    [Span(Self.time(r.startedAt), muted)], [Span(Self.duration(r), muted)]]
        })
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let heading = resuming.map { "Resuming run \($0.run.id)…" } ?? "Push runs of \(tenant) (\(sortLabel)) · Enter shows a run's records"
        buffer.write(heading, x: rect.x + 1, y: rect.y, width: rect.width - 2, style: theme.style(resuming == nil ? .title : .warning))
        var state = list
        let (view, cells) = table(theme: theme)
        view.render(state: &state, in: tableRect(in: rect), buffer: &buffer, theme: theme, cells: cells)
    }
}

/// One push run's records: state, attempts, HTTP status, error code and message, CRM id, timing;
/// `s` / `S` and a header click sort them.
public struct RunItemsScreen: ConsoleScreen, SortableTable {
    public let summary: ConsoleData.RunSummary
    public let connectorDisplayName: String
    public let items: [PushItem]
    var list: ListState
    /// The `/` filter over record id, state, CRM id, error code and message.
    public private(set) var filter = ""
    /// The records shown, filtered and sorted.
    var order: TableOrder

    /// The table's columns, by index.
    enum Column: Int {
        case position, record, state, tries, http, remoteID, error, milliseconds
    }

    /// What `s` sorts the records by; the natural order is the run's (# ▲).
    static let sort = TableSort([TableSort.Key(column: Column.record.rawValue, name: "record"), TableSort.Key(column: Column.state.rawValue, name: "state"),
                                 TableSort.Key(column: Column.tries.rawValue, name: "tries", descending: true),
                                 TableSort.Key(column: Column.http.rawValue, name: "HTTP status"),
                                 TableSort.Key(column: Column.remoteID.rawValue, name: "CRM id"), TableSort.Key(column: Column.error.rawValue, name: "error"),
                                 TableSort.Key(column: Column.milliseconds.rawValue, name: "time", descending: true)],
                                natural: TableSort.Key(column: Column.position.rawValue, name: "position"),
                                naturalLabel: ("in run order", "in reverse run order"))

    public init(summary: ConsoleData.RunSummary, connectorName: String, items: [PushItem]) {
        self.summary = summary
        connectorDisplayName = connectorName
        self.items = items
        list = ListState(count: items.count)
        order = TableOrder(sort: Self.sort, texts: items.map { i in
            PreparedFilter.haystack("\(i.localID) \(i.state.rawValue) \(i.remoteID ?? "") \(i.errorCode ?? "") \(i.errorMessage ?? "")")
        })
    }

    public var breadcrumb: String { "Run \(summary.run.id)" }
    public var connectorID: String? { summary.run.connectorID }
    public var supportsFilter: Bool { true }
    public var filterText: String { filter }
    var rowNoun: String { "Records" }

    /// The records passing the filter, in the order shown.
    public var visible: [PushItem] { order.shown.map { items[$0] } }

    /// The record under the cursor.
    public var current: PushItem? { order.row(at: list.selected).map { items[$0] } }

    func ranks(_ column: Int) -> [Int] {
        switch Column(rawValue: column) {
        case .record: return SortRanks.text(items.map(\.localID))
        case .state: return SortRanks.text(items.map(\.state.rawValue))
        case .tries: return items.map(\.attempts)
        case .http: return SortRanks.numbers(items.map(\.httpStatus))
        // A record without a CRM id or an error comes after those with one.
        case .remoteID: return SortRanks.text(items.map { $0.remoteID ?? "\u{10FFFF}" })
        case .error: return SortRanks.text(items.map { $0.errorCode ?? "\u{10FFFF}" })
        case .milliseconds: return items.map { Int($0.durationMilliseconds.rounded()) }
        default: return items.map(\.position)
        }
    }

    /// The selected record whole (`v`): its id, state, CRM id and the whole error.
    public var details: [(label: String, value: String)]? {
        guard let item = current else { return nil }
        return [("Record", item.localID), ("State", item.state.rawValue), ("Tries", String(item.attempts)),
                ("HTTP", item.httpStatus.map(String.init) ?? "—"), ("CRM id", item.remoteID ?? "—"),
                ("Error", item.errorCode == nil && item.errorMessage == nil ? "—" : [item.errorCode, item.errorMessage].compactMap { $0 }.joined(separator: ": "))]
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation(group: "Run") + [
            Binding("run.copy", keys: [.character("y")], title: "copy CRM id", group: "Run",
                    disabledReason: { model in
                        guard let item = (model.top as? RunItemsScreen)?.current else { return "no record selected" }
                        return item.remoteID == nil ? "this record has no CRM id" : nil
                    }),
        ] + SortBindings.all(group: "Run")
    }

    public mutating func setFilter(_ text: String) {
        filter = text
        order.setFilter(text)
        list.setCount(order.count)
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: max(1, pageSize - Self.chromeHeight)) { return .none }
        if let sorted = performSort(id) { return sorted }
        if id == "run.copy", let remote = current?.remoteID { return .copy(remote, label: "CRM id") }
        return .none
    }

    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        tableMouse(action, x: x, row: row, content: content)
    }

    static let chromeHeight = 6

    func tableRect(in content: Rect) -> Rect {
        Rect(x: content.x, y: content.y + 2, width: content.width, height: max(0, content.height - 5))
    }

    func table(theme: Theme) -> (view: TableView, cells: (Int) -> [[Span]]) {
        let items = self.items, shown = order.shown
        let text = theme.style(.text), muted = theme.style(.muted)
        let view = TableView(columns: [TableColumn("#", width: .fixed(5), alignRight: true), TableColumn("Record", width: .fill(2)), TableColumn("State", width: .fixed(9)),
                                       TableColumn("Tries", width: .fixed(5), alignRight: true, droppable: true), TableColumn("HTTP", width: .fixed(4), alignRight: true),
                                       TableColumn("CRM id", width: .fill(1), cutsMiddle: true), TableColumn("Error", width: .fill(2)),
                                       TableColumn("ms", width: .fixed(7), alignRight: true, droppable: true)],
                             emptyMessage: items.isEmpty ? "This run has no records" : "No record matches \"\(filter)\"", sizedByContent: true, sort: order.sort)
        return (view, { i in
            let item = items[shown[i]]
            let style: Style
            switch item.state {
            case .succeeded: style = theme.style(.success)
            case .failed: style = theme.style(.error)
            case .skipped: style = muted
            case .queued, .sending: style = theme.style(.warning)
            }
            return [[Span(String(item.position + 1), muted)], [Span(item.localID, text)], [Span(item.state.rawValue, style)],
                    [Span(String(item.attempts), text)], [Span(item.httpStatus.map(String.init) ?? "", text)], [Span(item.remoteID ?? "", text)],
                    [Span(item.errorCode ?? "", item.errorCode == nil ? muted : theme.style(.error))],
                    [Span(item.durationMilliseconds > 0 ? String(format: "%.0f", item.durationMilliseconds) : "", muted)]]
        })
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let r = summary.run
        let x = rect.x + 1, w = max(0, rect.width - 2)
        buffer.write("Run \(r.id) · \(connectorDisplayName) \(r.actionID) · \(r.status.rawValue) · \(summary.tally)", x: x, y: rect.y, width: w, style: theme.style(.title))
        buffer.write("Source \(r.source) · started \(HistoryScreen.time(r.startedAt)) UTC" + (r.finishedAt == nil ? "" : " · took \(HistoryScreen.duration(r))"),
                     x: x, y: rect.y + 1, width: w, style: theme.style(.muted))
        var state = list
        let text = theme.style(.text), muted = theme.style(.muted)
        let (view, cells) = table(theme: theme)
        view.render(state: &state, in: tableRect(in: rect), buffer: &buffer, theme: theme, cells: cells)
        let detailY = rect.maxY - 3
        guard rect.height > Self.chromeHeight, let item = current else { return }
        buffer.write(String(repeating: "─", count: max(0, rect.width)), x: rect.x, y: detailY, style: theme.style(.border))
        buffer.write("\(item.localID) · \(item.state.rawValue)" + (item.remoteID.map { " · CRM id \($0)" } ?? ""), x: x, y: detailY + 1, width: w, style: text)
        let error = [item.errorCode, item.errorMessage].compactMap { $0 }.joined(separator: ": ")
        buffer.write(error.isEmpty ? "No error." : error, x: x, y: detailY + 2, width: w, style: error.isEmpty ? muted : theme.style(.error))
    }
}
