import ConsoleKit
import Foundation
import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24, finding 7 (layouts that use the width) and the sort of finding 8's conveniences.
@Suite("Width and sorting (issue 24, findings 7 and 8)")
struct WidthTests {
    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    static func runs(_ count: Int = 3) -> [ConsoleData.RunSummary] {
        (0..<count).map { i in
            var tally = PushTally()
            tally.failed = i % 3
            tally.succeeded = 10 - i % 3
            let status: PushRun.Status = [.finished, .interrupted, .stopped][i % 3]
            return ConsoleData.RunSummary(run: PushRun(id: String(format: "20270115-08%04d-4f2a", i), tenantID: 1, connectorID: "salesforce",
                                                       actionID: i % 2 == 0 ? "createContact" : "batchCreateContacts", object: .contact, source: "f.csv",
                                                       status: status, total: 10 + i, startedAt: testNow, finishedAt: testNow.addingTimeInterval(Double(i))),
                                          tally: tally)
        }
    }

    func history(_ size: Size, runs: [ConsoleData.RunSummary] = runs()) -> ProgramHarness<SwitchboardApp> {
        let console = makeConsole(size: size)
        console.model.screens.append(HistoryScreen(tenant: "acme", runs: runs, catalog: Self.catalog, items: { _ in [] }))
        return console
    }

    @Test("finding 7: at 80×24 History shows each run's status and whole action; at 200×60 every column")
    func historyAt80() {
        let narrow = history(Size(width: 80, height: 24)).text
        #expect(narrow.contains("interrupted") && narrow.contains("Salesforce batchCreateContacts"), "\(narrow)")
        #expect(narrow.contains("Status") && narrow.contains("Action"))
        let wide = history(Size(width: 200, height: 60)).text
        #expect(wide.contains("Started (UTC)") && wide.contains("Took") && wide.contains("Skipped"), "\(wide)")
    }

    @Test("finding 7: the breadcrumb keeps the current screen and the header its auth state at 80×24")
    func chromeAt80() {
        let console = makeConsole(size: Size(width: 80, height: 24))
        console.model.context.tenant = "acme-corporation-international-holdings-europe"
        console.model.context.connector = "salesforce"
        console.model.screens.append(ConnectorScreen(connector: Self.catalog.connector(id: "salesforce")!))
        console.model.screens.append(HistoryScreen(tenant: "acme", runs: Self.runs(), catalog: Self.catalog, items: { _ in [] }))
        console.model.screens.append(RunItemsScreen(summary: Self.runs()[0], connectorName: "Salesforce with a very long display name for a connector", items: []))
        console.model.screens.append(RunItemsScreen(summary: Self.runs()[1], connectorName: "Salesforce", items: []))
        let crumbs = console.screen.text(row: 1)
        #expect(crumbs.contains("Run 20270115-080001-4f2a"), "the current screen is in view: \(crumbs)")
        #expect(crumbs.contains("…"), "earlier steps gave way: \(crumbs)")
        let header = console.screen.text(row: 0)
        #expect(header.contains("Salesforce: not connected"), "the auth state stays in view: \(header)")
        #expect(header.contains("tenant ac") && header.contains("…"), "the tenant gives way in the middle: \(header)")
    }

    @Test("finding 7: v shows the selected record's whole error where the table cuts it")
    func wholeValues() {
        let message = "Property values were not valid: the value \"Gold-Plus-Enterprise-Tier\" is not one of the allowed options for customer_tier (allowed: bronze, silver, gold)"
        let item = PushItem(runID: "r", position: 0, localID: "c1", record: .sample(.contact), state: .failed, attempts: 1, remoteID: nil,
                            httpStatus: 400, errorCode: "VALIDATION_ERROR", errorMessage: message, durationMilliseconds: 1)
        let console = makeConsole(size: Size(width: 80, height: 24))
        console.model.screens.append(RunItemsScreen(summary: Self.runs()[0], connectorName: "Salesforce", items: [item]))
        #expect(!console.text.contains("(allowed: bronze, silver, gold)"), "cut on the screen")
        console.press("v")
        let popup = console.text.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │")) }.joined(separator: " ")
        #expect(popup.contains("Whole values"), "\(popup)")
        #expect(popup.contains("(allowed: bronze, silver, gold)"), "the whole message, wrapped: \(popup)")
        console.press("esc")
        #expect(console.model.mode == .normal)
    }

    @Test("finding 8: s sorts History by the next column, S reverses; the heading says how")
    func sortHistory() {
        let console = history(Size(width: 120, height: 30), runs: Self.runs(6))
        func order() -> [String] { (console.model.top as? HistoryScreen)?.visible.map(\.run.id) ?? [] }
        let newest = order()
        console.press("s")
        #expect(console.text.contains("by status"))
        let byStatus = ((console.model.top as? HistoryScreen)?.visible.map(\.run.status.rawValue)) ?? []
        #expect(byStatus == byStatus.sorted(), "\(byStatus)")
        console.press("S")
        #expect(((console.model.top as? HistoryScreen)?.visible.map(\.run.status.rawValue)) == byStatus.reversed())
        // status → action → total → ok → failed → skipped → took → newest first again.
        for _ in 0..<7 { console.press("s") }
        #expect(order() == newest, "s cycles back to newest first")
        console.press("/")
        console.type("batch")
        console.press("enter")
        console.press("s")
        #expect(order().count == 3, "the sort keeps the filter")
    }

    @Test("finding 8: typing, deleting and sorting keep History's rows exactly those the filter names, in order")
    func filterAndSortStayExact() {
        let runs = Self.runs(60)
        let console = history(Size(width: 120, height: 30), runs: runs)
        func ids() -> [String] { (console.model.top as? HistoryScreen)?.visible.map(\.run.id) ?? [] }
        func expected(_ query: String) -> [String] {
            runs.filter { ListFilter.matches(query, "\($0.run.id) \($0.run.status.rawValue) \($0.run.connectorID) \($0.run.actionID) \($0.run.source)") }.map(\.run.id)
        }
        console.press("/")
        var typed = ""
        for c in "batch 08001" {
            console.type(String(c))
            typed.append(c)
            #expect(ids() == expected(typed), "after typing \"\(typed)\"")
        }
        for _ in 0..<3 {
            console.press("backspace")
            typed.removeLast()
            #expect(ids() == expected(typed), "after deleting to \"\(typed)\"")
        }
        console.press("enter")
        console.press("S")
        #expect(ids() == expected(typed).reversed())
        console.press("s")
        let statuses = (console.model.top as? HistoryScreen)?.visible.map(\.run.status.rawValue) ?? []
        #expect(statuses == statuses.sorted() && Set(ids()) == Set(expected(typed)))
    }
}
