import ConsoleKit
import Foundation
import SwitchboardCore

/// What the tenant syncs: each connected connector × object with its last run's counts and open
/// conflicts; Enter (or `r`) runs a pass now — its counts and elapsed time shown live, its result
/// saying which side changed (here or in the CRM) — and `c` opens the conflict queue.
public struct SyncScreen: ConsoleScreen {
    /// The result of a pass started here.
    public struct Finished: Sendable {
        public var target: String
        public var crm: String
        public var seconds: TimeInterval
        public var outcome: Result<SyncCounts, SyncFailureText>
    }

    /// An error's text (results cross tasks as values).
    public struct SyncFailureText: Error, Sendable { public var text: String }

    public private(set) var targets: [ConsoleSync.Target]
    public private(set) var list: ListState
    public private(set) var running: String?
    /// The running pass's counts so far, its CRM's name and when it started.
    private var progress: SyncProgress?
    private var runningCRM = ""
    private var startedAt: Date?
    let sync: ConsoleSync
    let tenant: String
    var now: Date
    var loadError: String?

    public init(sync: ConsoleSync, tenant: String, now: Date) {
        self.sync = sync
        self.tenant = tenant
        self.now = now
        do { targets = try sync.targets(tenant) } catch {
            targets = []
            loadError = String(describing: error)
        }
        list = ListState(count: targets.count)
    }

    public var breadcrumb: String { "Sync" }

    public var current: ConsoleSync.Target? { targets.isEmpty ? nil : targets[min(list.selected, targets.count - 1)] }

    /// The selected target's last result whole (`v`).
    public var details: [(label: String, value: String)]? {
        guard let t = current else { return nil }
        return [("Connector", t.connectorName), ("Object", t.object.rawValue),
                ("Last run", t.lastRun.map { "\($0.id) · \($0.status.rawValue)" } ?? "never synced"),
                ("Result", t.lastRun.map { $0.counts.description + ($0.message.map { " — " + $0 } ?? "") } ?? "—"),
                ("Open conflicts", String(t.openConflicts))]
    }

    public func bindings() -> [Binding<AppModel>] {
        ListBindings.navigation() + [
            Binding("sync.run", keys: [.enter, .character("r")], title: "run now", group: "Sync",
                    disabledReason: { m in
                        guard let s = m.top as? SyncScreen else { return nil }
                        if s.running != nil { return "a sync is running" }
                        return s.current == nil ? "nothing to sync: connect the tenant first (:connect)" : nil
                    }),
            Binding("sync.conflicts", keys: [.character("c")], title: "conflicts", group: "Sync"),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        if list.perform(navigation: id, pageSize: pageSize) { return .none }
        switch id {
        case "sync.run":
            guard let t = current, running == nil else { return .none }
            let label = "\(t.connectorName) \(t.object.plural)"
            running = label
            runningCRM = t.connectorName
            startedAt = nil
            let progress = SyncProgress()
            self.progress = progress
            let (sync, tenant) = (self.sync, self.tenant)
            return .effect(Effect("sync") {
                let start = Date()
                do {
                    let report: SyncReport
                    if let reporting = sync.runSyncReporting {
                        report = try await reporting(tenant, t.connectorID, t.object) { progress.report($0) }
                    } else {
                        report = try await sync.runSync(tenant, t.connectorID, t.object)
                    }
                    return .screenMessage(Finished(target: label, crm: t.connectorName, seconds: Date().timeIntervalSince(start), outcome: .success(report.run.counts)))
                } catch {
                    return .screenMessage(Finished(target: label, crm: t.connectorName, seconds: Date().timeIntervalSince(start),
                                                   outcome: .failure(SyncFailureText(text: String(describing: error)))))
                }
            })
        case "sync.conflicts":
            return .push(ConflictQueueScreen(sync: sync, tenant: tenant, now: Date()))
        default:
            return .none
        }
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        if message is ConflictReviewScreen.Applied { reload(); return .none }
        guard let done = message as? Finished else { return .none }
        running = nil
        progress = nil
        startedAt = nil
        reload()
        let took = SyncWords.elapsed(done.seconds)
        switch done.outcome {
        case .success(let c):
            let level: Flash.Level = c.errors > 0 ? .error : (c.conflicts > 0 ? .warning : .info)
            let quiet = c.createdLocal + c.updatedLocal + c.createdRemote + c.updatedRemote + c.conflicts + c.errors == 0
            let review = c.conflicts > 0 ? "\(c.conflicts) conflict\(c.conflicts == 1 ? "" : "s") to review (c) · " : ""
            return .flash(level, "Synced \(done.target) in \(took): \(review)\(quiet ? "nothing changed on either side · " : "")"
                          + "\(SyncWords.counts(c, crm: done.crm)), \(c.requests) requests")
        case .failure(let e):
            return .flash(.error, "Sync of \(done.target) failed after \(took): \(e.text)")
        }
    }

    /// The running pass's counts so far (nil when no pass runs).
    public var liveCounts: SyncCounts? { progress?.counts }

    /// While a pass runs, the clock advances its elapsed time and counts.
    public var wantsClock: Bool { running != nil }

    public mutating func clock(_ now: Date) {
        if startedAt == nil { startedAt = now }
        self.now = now
    }

    /// Re-reads the targets' last runs and open conflicts, keeping the selection.
    mutating func reload() {
        let selected = list.selected
        targets = (try? sync.targets(tenant)) ?? targets
        list = ListState(count: targets.count)
        list.select(selected)
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        var state = list
        let rows = targets
        let empty = loadError.map { "Cannot read sync state: \($0)" } ?? "Nothing to sync for \(tenant): connect a CRM with sync settings (:connect hubspot)"
        let table = TableView(columns: [TableColumn("Connector", width: .fill(2)), TableColumn("Object", width: .fixed(8)),
                                        TableColumn("Last run", width: .fixed(20)), TableColumn("Result", width: .fill(4)),
                                        TableColumn("Conflicts", width: .fixed(9), alignRight: true)], emptyMessage: empty, sizedByContent: true)
        let text = theme.style(.text), muted = theme.style(.muted)
        let running = self.running
        table.render(state: &state, in: Rect(x: rect.x, y: rect.y, width: rect.width, height: max(0, rect.height - 1)), buffer: &buffer, theme: theme) { i in
            let t = rows[i]
            let result: String
            if let r = t.lastRun {
                let c = r.counts
                result = "\(r.status.rawValue): " + SyncWords.counts(c, crm: t.connectorName)
            } else {
                result = "never synced"
            }
            return [[Span(t.connectorName, text)], [Span(t.object.rawValue, muted)], [Span(t.lastRun.map { ConflictText.time($0.startedAt) } ?? "—", muted)],
                    [Span(result, muted)], [Span(String(t.openConflicts), t.openConflicts > 0 ? theme.style(.warning) : muted)]]
        }
        if let running {
            let elapsed = startedAt.map { " · " + SyncWords.elapsed(now.timeIntervalSince($0)) } ?? ""
            let counts = progress.map { " · " + SyncWords.counts($0.counts, crm: runningCRM) } ?? ""
            buffer.write(spans: [Span("⟳ Syncing \(running)\(elapsed)\(counts)", theme.style(.warning))], x: rect.x + 1, y: rect.y + rect.height - 1, width: rect.width - 2, fill: text)
        }
    }
}
