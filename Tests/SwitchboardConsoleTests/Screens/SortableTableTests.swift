import ConsoleKit
import Foundation
import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24's "sort by column (`s` / `S` or header click)" on every list that is a table: History,
/// a run's records, Records, Tenants and the conflict queue all sort the same way, mark the
/// sorted column's header with ▲ / ▼, and offer `s` in the key bar only while there is something
/// to sort.
@Suite("Sorting tables by column: s, S and header clicks")
struct SortableTableTests {
    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog
    struct Unused: Error {}

    func console(_ screen: any ConsoleScreen, size: Size = Size(width: 120, height: 30)) -> ProgramHarness<SwitchboardApp> {
        let console = makeConsole(size: size)
        console.model.context.tenant = "acme"
        console.model.screens.append(screen)
        return console
    }

    /// Clicks the header cell titled `title` on terminal row `row` (the mouse as ncurses reports it).
    func clickHeader(_ console: ProgramHarness<SwitchboardApp>, _ title: String, row: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let line = console.screen.text(row: row)
        guard let range = line.range(of: title) else {
            Issue.record("no header \(title) on row \(row): \(line)", sourceLocation: sourceLocation)
            return
        }
        console.send(.mouse(.click, x: line.distance(from: line.startIndex, to: range.lowerBound), y: row))
    }

    static func records() -> [LocalRecord] {
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        return [("c-10", "zoe@example.com", 30.0), ("c-9", "ada@example.com", 10.0), ("c-2", "Mia@example.com", 20.0)].map { id, email, age in
            LocalRecord(id: id, object: .contact, fields: JSONObject([("contact_email", .string(email))]), createdAt: base, modifiedAt: base.addingTimeInterval(age))
        }
    }

    static func sync(records: [LocalRecord] = records(), conflicts: [SyncConflict] = []) -> ConsoleSync {
        ConsoleSync(conflicts: { _ in conflicts }, plan: { _, _ in throw Unused() }, resolve: { _, _ in throw Unused() },
                    records: { _, _ in records }, createRecord: { _, _, _ in throw Unused() }, editRecord: { _, _, _ in throw Unused() },
                    targets: { _ in [] }, runSync: { _, _, _ in throw Unused() })
    }

    @Test("Records: s sorts by id (digits as numbers), then object, record, modified; S reverses; the header marks the column")
    func records() {
        let c = console(RecordsScreen(sync: Self.sync(), tenant: "acme"))
        func ids() -> [String] { (c.model.top as? RecordsScreen)?.visible.map(\.id) ?? [] }
        #expect(ids() == ["c-10", "c-9", "c-2"], "the store's order first")
        #expect(c.screen.text(row: 29).contains("s sort"), "the key bar offers s")
        c.press("s")
        #expect(ids() == ["c-2", "c-9", "c-10"])
        #expect(c.screen.text(row: 2).hasPrefix("Id ▲"), "\(c.screen.text(row: 2))")
        #expect(c.text.contains("Records sorted by id"))
        c.press("S")
        #expect(ids() == ["c-10", "c-9", "c-2"] && c.screen.text(row: 2).hasPrefix("Id ▼"))
        c.press("s", "s")
        #expect(ids() == ["c-9", "c-2", "c-10"], "by record: ada, Mia, zoe (case ignored)")
        c.press("s")
        #expect(ids() == ["c-10", "c-2", "c-9"], "by modified: the newest first")
        #expect(c.screen.text(row: 2).contains("Modified ▼"))
        c.press("s")
        #expect(ids() == ["c-10", "c-9", "c-2"] && !c.screen.text(row: 2).contains("▲") && !c.screen.text(row: 2).contains("▼"))
    }

    @Test("Records: a click on a header sorts by its column, a second click reverses; a click on a row selects it")
    func recordsClick() {
        let c = console(RecordsScreen(sync: Self.sync(), tenant: "acme"))
        func ids() -> [String] { (c.model.top as? RecordsScreen)?.visible.map(\.id) ?? [] }
        clickHeader(c, "Record", row: 2)
        #expect(ids() == ["c-9", "c-2", "c-10"] && c.screen.text(row: 2).contains("Record ▲"))
        clickHeader(c, "Record", row: 2)
        #expect(ids() == ["c-10", "c-2", "c-9"] && c.screen.text(row: 2).contains("Record ▼"))
        c.send(.mouse(.click, x: 3, y: 4))
        #expect((c.model.top as? RecordsScreen)?.current?.id == "c-2", "the second row")
        c.send(.mouse(.click, x: 3, y: 9))
        #expect((c.model.top as? RecordsScreen)?.current?.id == "c-2", "a click below the rows selects nothing else")
    }

    @Test("Tenants: s sorts by name, a header click by connections; with no tenant, s is not offered and says why")
    func tenants() {
        let rows = [ConsoleAuth.TenantRow(name: "globex", externalID: nil, connections: ["hubspot: valid"]),
                    ConsoleAuth.TenantRow(name: "Acme", externalID: "x-2", connections: []),
                    ConsoleAuth.TenantRow(name: "initech", externalID: "x-1", connections: ["copper: valid"])]
        struct NoLogin: Error {}
        func auth(_ rows: [ConsoleAuth.TenantRow]) -> ConsoleAuth {
            ConsoleAuth(tenants: { rows }, createTenant: { _ in }, credentialState: { _, _ in nil }, startLogin: { _, _ in throw NoLogin() })
        }
        let c = console(TenantsScreen(auth: auth(rows), selected: nil))
        func names() -> [String] { (c.model.top as? TenantsScreen)?.visible.map(\.name) ?? [] }
        c.press("s")
        #expect(names() == ["Acme", "globex", "initech"])
        clickHeader(c, "Connections", row: 2)
        #expect(names() == ["initech", "globex", "Acme"], "copper, hubspot, then none")
        clickHeader(c, "External id", row: 2)
        #expect(names() == ["initech", "Acme", "globex"], "x-1, x-2, then none")

        let empty = console(TenantsScreen(auth: auth([]), selected: nil))
        #expect(!empty.screen.text(row: 29).contains("s sort"), "\(empty.screen.text(row: 29))")
        empty.press("s")
        #expect(empty.text.contains("Sort: nothing to sort"))
    }

    @Test("the conflict queue: oldest first (Age ▼) until s sorts by #; a click on Fields in conflict sorts by the fields")
    func conflicts() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func conflict(_ id: Int64, _ field: String, age: Double) -> SyncConflict {
            SyncConflict(id: id, tenantID: 1, connectorID: "hubspot", object: .contact, localID: "c-\(id)", remoteID: "\(id)00", label: "Person \(id)", status: .open,
                         localModified: now, remoteModified: now, createdAt: now.addingTimeInterval(-age),
                         fields: [ConflictField(field: field, base: "a", local: "b", remote: "c", resolution: nil, value: nil)])
        }
        let queue = [conflict(7, "contact_phone", age: 900), conflict(3, "contact_email", age: 600), conflict(5, "contact_city", age: 300)]
        let c = console(ConflictQueueScreen(sync: Self.sync(conflicts: queue), tenant: "acme", now: now))
        func ids() -> [Int64] { (c.model.top as? ConflictQueueScreen)?.visible.map(\.id) ?? [] }
        #expect(c.screen.text(row: 2).contains("Age ▼"), "\(c.screen.text(row: 2))")
        c.press("s")
        #expect(ids() == [3, 5, 7] && c.screen.text(row: 2).hasPrefix("# ▲"))
        clickHeader(c, "Fields in conflict", row: 2)
        #expect(ids() == [5, 3, 7], "city, email, phone")
        clickHeader(c, "Age", row: 2)
        #expect(ids() == [7, 3, 5], "back to the queue's order")
    }

    @Test("a run's records: s sorts by record, a click on Tries puts the most tries first; the detail pane follows the selection")
    func runItems() {
        let items = [(0, "b@example.com", PushItemState.succeeded, 1), (1, "a@example.com", .failed, 3), (2, "c@example.com", .skipped, 2)].map { pos, id, state, tries in
            PushItem(runID: "r", position: pos, localID: id, record: .sample(.contact), state: state, attempts: tries, remoteID: nil, httpStatus: nil,
                     errorCode: state == .failed ? "VALIDATION_ERROR" : nil, errorMessage: nil, durationMilliseconds: 10)
        }
        let run = ConsoleData.RunSummary(run: PushRun(id: "run-1", tenantID: 1, connectorID: "hubspot", actionID: "createContact", object: .contact, source: "f.csv",
                                                      status: .finished, total: 3, startedAt: testNow, finishedAt: testNow), tally: PushTally())
        let c = console(RunItemsScreen(summary: run, connectorName: "HubSpot", items: items))
        func ids() -> [String] { (c.model.top as? RunItemsScreen)?.visible.map(\.localID) ?? [] }
        c.press("s")
        #expect(ids() == ["a@example.com", "b@example.com", "c@example.com"])
        clickHeader(c, "Tries", row: 4)
        #expect(ids() == ["a@example.com", "c@example.com", "b@example.com"] && c.screen.text(row: 4).contains("Tries ▼"), "\(c.screen.text(row: 4))")
        c.press("j")
        #expect(c.text.contains("c@example.com · skipped"), "the detail pane shows the selected record")
    }

    @Test("History: a click on Failed sorts the most failed first, on Started back to newest first; a click on the heading changes nothing")
    func history() {
        let runs = WidthTests.runs(6)
        let c = console(HistoryScreen(tenant: "acme", runs: runs, catalog: Self.catalog, items: { _ in [] }))
        func history() -> HistoryScreen? { c.model.top as? HistoryScreen }
        #expect(c.screen.text(row: 3).contains("Started (UTC) ▼"), "newest first is the Started column: \(c.screen.text(row: 3))")
        c.press("j")
        c.send(.mouse(.click, x: 10, y: 2))
        c.send(.mouse(.click, x: 20, y: 3))
        #expect(history()?.current?.run.id == runs[1].run.id && history()?.sortKey == nil, "clicks on the heading and between headers change nothing")
        clickHeader(c, "Failed", row: 3)
        #expect(history()?.visible.map(\.tally.failed) == [2, 2, 1, 1, 0, 0] && history()?.sortKey?.name == "failed")
        #expect(c.text.contains("Runs sorted by failed"))
        clickHeader(c, "Started", row: 3)
        #expect(history()?.visible.map(\.run.id) == runs.map(\.run.id))
        clickHeader(c, "Started", row: 3)
        #expect(history()?.visible.map(\.run.id) == runs.reversed().map(\.run.id) && c.text.contains("oldest first"))
    }
}
