import ConsoleKit
import Foundation
@testable import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24, findings 2, 3 and 8: honest state.
///
/// | finding | test |
/// |---|---|
/// | 2 | `headerFollowsConnector`, `headerAfterConnecting`, `checkedAtStart` |
/// | 3 | `previewPathParameters`, `adviceNamesConsoleFirst`, `refusedCredentialNotJournalled`, `historyResumes` |
/// | 8 | `connectStepsSettle`, `flashClearedOnLeaving` |
@Suite("Honest state (issue 24, findings 2, 3 and 8)", .serialized)
struct HonestStateTests {
    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    /// A console with tenant `acme` whose credential states come from `states` (connector → state).
    static func console(_ states: Box<[String: String]>, size: Size = Size(width: 120, height: 30)) -> ProgramHarness<SwitchboardApp> {
        let auth = ConsoleAuth(tenants: { [.init(name: "acme", externalID: nil, connections: [])] }, createTenant: { _ in },
                               credentialState: { _, connector in states.value[connector] },
                               startLogin: { _, _ in throw ConsoleData.Failure("no login here") })
        let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { testNow }, auth: auth)
        return ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: AppModel(catalog: catalog, size: size), size: size)
    }

    static func run(_ console: ProgramHarness<SwitchboardApp>, _ line: String) {
        console.press(":")
        console.type(line)
        console.press("enter")
    }

    @Test("finding 2: after :connector salesforce the header shows Salesforce's credential, not HubSpot's")
    func headerFollowsConnector() {
        let console = Self.console(Box(["hubspot": "valid"]))
        Self.run(console, "tenant acme")
        Self.run(console, "connect hubspot")
        #expect(console.screen.text(row: 0).contains("HubSpot"))
        #expect(console.screen.text(row: 0).contains("valid"))
        Self.run(console, "connector salesforce")
        let header = console.screen.text(row: 0)
        #expect(header.contains("Salesforce") && header.contains("not connected"), "\(header)")
        console.press("esc")
        #expect(console.screen.text(row: 0).contains("valid"), "back to HubSpot: \(console.screen.text(row: 0))")
    }

    @Test("finding 2: a credential stored by a login shows in the header at once, without selecting the tenant again")
    func headerAfterConnecting() {
        let states = Box<[String: String]>([:])
        let console = Self.console(states)
        Self.run(console, "tenant acme")
        Self.run(console, "connector hubspot")
        #expect(console.screen.text(row: 0).contains("not connected"))
        states.value["hubspot"] = "valid"
        // A login (OAuth or token) ends with a message to the screens.
        console.dispatch(.screenMessage("login finished"))
        #expect(console.screen.text(row: 0).contains("valid") && !console.screen.text(row: 0).contains("not connected"), "\(console.screen.text(row: 0))")
        #expect(console.model.context.authState == "valid")
    }

    @Test("finding 2: the credential state is read at start, before any key")
    func checkedAtStart() {
        let console = Self.console(Box(["hubspot": "needs re-auth"]))
        console.model.context.tenant = "acme"
        console.model.context.connector = "hubspot"
        console.app.refreshCredentialStates(&console.model)
        #expect(console.screen.text(row: 0).contains("needs re-auth"), "\(console.screen.text(row: 0))")
    }

    @Test("finding 3: Preview marks an unresolved path parameter ({contactId}) invalid and does not offer the send")
    func previewPathParameters() throws {
        let console = makeConsole(size: Size(width: 140, height: 40))
        let hubspot = try #require(Self.catalog.connector(id: "hubspot"))
        let update = try #require(hubspot.allActions.first { $0.operation == .update && $0.object == .contact && !$0.isBatch })
        #expect(!update.pathParameters.isEmpty)
        let preview = PreviewScreen(connector: hubspot, action: update, record: .sample(.contact))
        console.model.screens.append(preview)
        #expect(preview.sendableRequest == nil)
        #expect(console.text.contains("not linked to a HubSpot record yet"), "\(console.text)")
        #expect(!console.text.contains("✓ valid"))
        #expect(!console.screen.text(row: 39).contains("send"), "the send key is not on the bar")
    }

    @Test("finding 3: a stopped push names the console's next step first, the command line's second")
    func adviceNamesConsoleFirst() throws {
        let text = PreviewSend.describe(PushSession.Outcome(runID: "run_1", result: .failure(.invalidCredential("HTTP 401")), items: []),
                                        connector: try #require(Self.catalog.connector(id: "hubspot")), tenant: "demo").1
        let console = try #require(text.range(of: ":connect! hubspot"))
        let cli = try #require(text.range(of: "switchboard auth login hubspot --tenant demo"))
        #expect(console.lowerBound < cli.lowerBound, "\(text)")
        #expect(text.contains("R on :history resumes run run_1"))
    }

    @Test("finding 3 and 8: a send with a credential that needs re-auth is refused with :connect! and adds no History run")
    func refusedCredentialNotJournalled() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let credentials = CredentialStore(store: f.store, key: try MasterKey.load(folder: DataFolder(url: f.folder), environment: [:]))
            for c in try credentials.list() { try credentials.markNeedsReauth(c) }
            await f.command("tenant acme")
            await f.command("connector hubspot")
            f.console.press("enter", "p")
            #expect(f.console.screen.text(row: 0).contains("needs re-auth"), "\(f.console.screen.text(row: 0))")
            f.console.press("ctrl+j")
            await f.console.settle()
            #expect(f.console.text.contains(":connect! hubspot"), "\(f.console.text)")
            #expect(try PushJournal(store: f.store).runs().isEmpty, "a refused send is not a History run")
        }
    }

    @Test("finding 3: R on History resumes a stopped run")
    func historyResumes() async throws {
        let resumed = Box<[String]>([])
        let run = PushRun(id: "run_9", tenantID: 1, connectorID: "hubspot", actionID: "createContact", object: .contact, source: "f.csv",
                          status: .stopped, total: 2, startedAt: testNow, finishedAt: testNow)
        let console = makeConsole()
        console.model.screens.append(HistoryScreen(tenant: "acme", runs: [.init(run: run, tally: PushTally())], catalog: Self.catalog, items: { _ in [] },
                                                   resume: { id in resumed.value.append(id); return nil }))
        #expect(console.screen.text(row: 23).contains("R resume run"), "\(console.screen.text(row: 23))")
        console.press("R")
        await console.settle()
        #expect(resumed.value == ["run_9"])
        #expect(console.text.contains("Run run_9 has nothing left to send"))
    }

    @Test("finding 8: once connected, no step still claims to wait, and the next step is offered")
    func connectStepsSettle() throws {
        let hubspot = try #require(Self.catalog.connector(id: "hubspot"))
        var screen = ConnectScreen(connector: hubspot, tenant: "acme", session: LoginSession(), now: testNow)
        _ = screen.receive(LoginSession.Event.step(.waiting(deadline: testNow.addingTimeInterval(60))), now: testNow)
        _ = screen.receive(LoginSession.Event.step(.callbackReceived(via: "browser")), now: testNow)
        _ = screen.receive(LoginSession.Event.step(.exchangingCode(tokenURL: "http://127.0.0.1/token")), now: testNow)
        #expect(screen.steps.contains { $0.hasPrefix("…") })
        let credential = Credential(id: "cred_1", tenantID: 1, connectorID: "hubspot", kind: .oauth2, status: .valid, scopes: [], expiresAt: nil,
                                    metadata: [:], tokenHint: "••••1234", hasRefreshToken: true, createdAt: testNow, updatedAt: testNow, refreshedAt: nil)
        _ = screen.receive(LoginSession.Event.finished(.success(credential)), now: testNow)
        #expect(!screen.steps.contains { $0.hasPrefix("…") }, "\(screen.steps)")
        var buffer = ScreenBuffer(size: Size(width: 200, height: 30))
        screen.render(in: buffer.bounds, buffer: &buffer, theme: .builtInDefault)
        #expect(buffer.plainText.contains("Next: esc goes back"), "\(buffer.plainText)")
    }

    @Test("finding 8: a flash line said on a screen is cleared when that screen is left")
    func flashClearedOnLeaving() {
        let console = makeConsole()
        console.model.screens.append(InputModelTests.history())
        console.press("/")
        console.type("zzz")
        console.press("enter")
        console.press("enter")  // open run: refused, the flash says why
        #expect(console.text.contains("no run matches"))
        console.press("esc", "esc")
        #expect(!console.text.contains("no run matches"))
    }
}
