import ConsoleKit
import Foundation
import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24, findings 1 and 5: one input model. Each test names the finding it covers:
///
/// | finding | test |
/// |---|---|
/// | 1 | `slashOnlyWhereItFilters`, `historyFilterDoesNotQuit`, `everyListFilters`, `pickerFilters`, `dialogTakesEveryKey`, `escAsksLikeQuit` |
/// | 5 | `keysRightAfterN`, `pasteRightAfterN`, `rejectedNameKept`, `pasteIsNeverKeys` |
@Suite("Input model (issue 24, findings 1 and 5)")
struct InputModelTests {
    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog
    static var hubspot: ConnectorManifest { catalog.connector(id: "hubspot")! }

    /// A History screen over fixed runs.
    static func history(_ statuses: [PushRun.Status] = [.finished, .stopped]) -> HistoryScreen {
        let runs = statuses.enumerated().map { i, status in
            ConsoleData.RunSummary(run: PushRun(id: "run_\(i)", tenantID: 1, connectorID: "hubspot", actionID: "createContact", object: .contact,
                                                source: "file.csv", status: status, total: 1, startedAt: testNow, finishedAt: testNow),
                                   tally: PushTally())
        }
        return HistoryScreen(tenant: "acme", runs: runs, catalog: catalog, items: { _ in [] })
    }

    @Test("finding 1: the key bar offers / only on screens where it filters; a disabled key is not on the bar")
    func slashOnlyWhereItFilters() throws {
        let console = makeConsole(size: Size(width: 120, height: 30))
        #expect(console.screen.text(row: 29).contains("/ filter"), "the catalog filters")
        let action = try #require(Self.hubspot.action(id: "createContact")?.action)
        console.model.screens.append(PreviewScreen(connector: Self.hubspot, action: action, record: .sample(.contact)))
        let bar = console.screen.text(row: 29)
        #expect(!bar.contains("/ "), "Preview has nothing to filter, so / is not offered: \(bar)")
        #expect(!console.app.bindings(console.model).contains { $0.keys.contains(.character("/")) })
        console.press("/")
        #expect(console.model.mode == .normal)
        #expect(!console.text.contains("nothing to filter"), "a key that is not offered is not refused either")
        // History offers it; Esc at the first screen is disabled there, so it is not on the bar.
        let root = makeConsole(size: Size(width: 120, height: 30))
        #expect(!root.screen.text(row: 29).contains("esc back"))
    }

    @Test("finding 1: on History, / then \"queued\" filters the runs and does not quit at the q")
    func historyFilterDoesNotQuit() {
        let console = makeConsole()
        console.model.screens.append(Self.history())
        console.press("/")
        console.type("stopped")
        #expect(!console.isFinished)
        #expect(console.text.contains("run_1") && !console.text.contains("run_0"), "\(console.text)")
        console.press("esc")
        console.press("/")
        console.type("queued")
        #expect(!console.isFinished, "the q of \"queued\" went to the filter")
        #expect(console.text.contains("No run matches \"queued\""))
    }

    @Test("finding 1: / filters a run's records and searches the connector tree (n finds the next match)")
    func everyListFilters() throws {
        let console = makeConsole(size: Size(width: 120, height: 30))
        console.model.screens.append(ConnectorScreen(connector: Self.hubspot))
        console.press("/")
        console.type("deal")
        console.press("enter")
        #expect(console.screen.text(row: 29).contains("n next match"))
        console.press("n")  // from the Deals heading to its first action
        let tree = try #require(console.model.top as? ConnectorScreen)
        #expect(tree.selectedAction?.id.lowercased().contains("deal") == true, "\(String(describing: tree.selectedAction?.id))")

        let summary = Self.history([.finished]).runs[0]
        func item(_ i: Int, _ state: PushItemState) -> PushItem {
            PushItem(runID: "run_0", position: i, localID: "c-\(i + 1)", record: .sample(.contact), state: state, attempts: 1, remoteID: nil,
                     httpStatus: nil, errorCode: nil, errorMessage: nil, durationMilliseconds: 0)
        }
        let items = [item(0, .succeeded), item(1, .failed)]
        console.model.screens.append(RunItemsScreen(summary: summary, connectorName: "HubSpot", items: items))
        console.press("/")
        console.type("failed")
        let run = try #require(console.model.top as? RunItemsScreen)
        #expect(run.visible.map(\.localID) == ["c-2"])
    }

    @Test("finding 1: the mapping editor's pickers filter with /, and every key goes to the picker")
    func pickerFilters() throws {
        let console = makeConsole(size: Size(width: 120, height: 36))
        console.press(":")
        console.type("mapping hubspot createContact")
        console.press("enter")
        #expect(console.model.top is MappingEditorScreen)
        console.press("f")
        #expect(console.text.contains("Source for"))
        console.press("/")
        console.type("last_name")
        console.press("enter")
        #expect(console.text.contains("/last_name"), "the picker's title shows its filter")
        console.press(":")
        #expect(console.model.mode == .normal, ": does not open the command line behind a picker")
        console.press("q")
        #expect(!console.isFinished, "q cancels the picker, it does not quit")
        #expect(!console.text.contains("Source for"))
    }

    @Test("finding 1: while a dialog is open (Preview's send confirmation) q and : do not reach the app")
    func dialogTakesEveryKey() throws {
        let console = makeConsole()
        let action = try #require(Self.hubspot.action(id: "createContact")?.action)
        var preview = PreviewScreen(connector: Self.hubspot, action: action, record: .sample(.contact))
        preview.send = .confirming(tenant: "acme")
        console.model.screens.append(preview)
        console.press("q")
        #expect(!console.isFinished)
        console.press(":")
        #expect(console.model.mode == .normal)
    }

    @Test("finding 1: esc with unsaved work asks as q does (y leaves, n stays)")
    func escAsksLikeQuit() {
        let console = makeConsole()
        console.model.screens.append(UnsavedScreen())
        console.press("esc")
        #expect(console.model.mode == .confirmLeave)
        #expect(console.text.contains("Leave Editor?"))
        #expect(console.text.contains("unsaved changes"))
        console.press("n")
        #expect(console.model.top is UnsavedScreen)
        console.press("esc", "y")
        #expect(!(console.model.top is UnsavedScreen))
        #expect(!console.isFinished)
    }

    @Test("finding 5: keys typed right after n (before any effect runs) all go to the name prompt")
    func keysRightAfterN() throws {
        let (console, created) = Self.tenantsConsole()
        console.press("n")
        console.type("acme-co")  // no settle: these arrive with the n
        console.press("enter")
        #expect(created.value == ["acme-co"], "\(created.value)")
    }

    @Test("finding 5: a bracketed paste right after n goes whole into the prompt, not to the screen")
    func pasteRightAfterN() throws {
        let (console, created) = Self.tenantsConsole()
        console.press("n")
        console.send(.paste("q.hire-co\n"))
        console.press("enter")
        #expect(!console.isFinished)
        #expect(created.value == ["q.hire-co"], "\(created.value)")
    }

    @Test("finding 5: a refused tenant name keeps the prompt open with its text and says why, above the prompt")
    func rejectedNameKept() throws {
        let (console, created) = Self.tenantsConsole(refuse: "acme")
        console.press("n")
        console.type("acme")
        console.press("enter")
        guard case .filter(let input) = console.model.mode else { Issue.record("the prompt closed"); return }
        #expect(input.text == "acme")
        #expect(console.text.contains("already exists"), "\(console.text)")
        #expect(console.text.contains("new tenant name: acme"))
        console.type("-co")
        console.press("enter")
        #expect(created.value == ["acme-co"])
        #expect(console.model.mode == .normal)
    }

    @Test("finding 5: pasted text with no prompt open is never run as keys")
    func pasteIsNeverKeys() {
        let console = makeConsole()
        console.send(.paste("q"))
        #expect(!console.isFinished)
        #expect(console.text.contains("Pasted text ignored"))
    }

    /// A console on the Tenants screen whose tenant store records what is created (and refuses `refuse`).
    static func tenantsConsole(refuse: String? = nil) -> (ProgramHarness<SwitchboardApp>, Box<[String]>) {
        let created = Box<[String]>([])
        let auth = ConsoleAuth(tenants: { created.value.map { .init(name: $0, externalID: nil, connections: []) } },
                               createTenant: { name in
                                   if name.lowercased() == refuse { throw ConsoleData.Failure("tenant \"\(name)\" already exists") }
                                   created.value.append(name)
                               },
                               credentialState: { _, _ in nil },
                               startLogin: { _, _ in throw ConsoleData.Failure("no login here") })
        let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { testNow }, auth: auth)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: AppModel(catalog: catalog), size: Size(width: 100, height: 30))
        console.press(":")
        console.type("tenants")
        console.press("enter")
        return (console, created)
    }
}

/// A value tests share with `@Sendable` closures.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
