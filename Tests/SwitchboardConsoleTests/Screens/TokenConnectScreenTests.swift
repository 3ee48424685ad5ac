import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Connect with a token")
struct TokenConnectScreenTests {
    struct NoLogin: Error {}
    final class Captured: @unchecked Sendable {
        var calls: [(String, String, String, String, [String: String])] = []
    }

    @Test(":connect copper api-key asks for the user's email (checked), then the token as dots, and stores it through the core")
    func copperAPIKey() async {
        let captured = Captured()
        let console = tokenConsole(captured, size: Size(width: 120, height: 30), tenant: nil)
        console.press(":")
        console.type("tenant acme")
        console.press("enter")
        console.press(":")
        console.type("connect copper api-key")
        console.press("enter")
        #expect(console.text.contains("Connect Copper for tenant acme"), "\(console.text)")
        #expect(console.text.contains("Email of the Copper user"))
        console.type("not-an-email")
        console.press("enter")
        #expect(console.text.contains("is not valid"), "a bad email is refused:\n\(console.text)")
        console.press("enter")
        console.type("ada@acme.example")
        console.press("enter")
        console.type("sekret-token-1234")
        #expect(!console.text.contains("sekret"), "the token is never drawn:\n\(console.text)")
        #expect(console.text.contains("•••••••"))
        console.press("enter")
        await console.settle()
        #expect(captured.calls.count == 1)
        #expect(captured.calls.first?.1 == "copper" && captured.calls.first?.2 == "api-key" && captured.calls.first?.3 == "sekret-token-1234")
        #expect(captured.calls.first?.4 == ["userEmail": "ada@acme.example"])
        #expect(console.text.contains("✓ Connected copper for acme with api-key"), "\(console.text)")
        #expect(console.text.contains("••••1234") && !console.text.contains("sekret"))

        console.press(":")
        console.type("connect salesforce private-app")
        console.press("enter")
        #expect(console.text.contains("Salesforce has no method \"private-app\"; it connects with OAuth only"))
    }

    /// The console (tenant acme selected by default) with a token connect that records its calls.
    func tokenConsole(_ captured: Captured, size: Size = Size(width: 80, height: 24), tenant: String? = "acme") -> ProgramHarness<SwitchboardApp> {
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        let auth = ConsoleAuth(
            tenants: { [ConsoleAuth.TenantRow(name: "acme", externalID: nil, connections: [])] },
            createTenant: { _ in },
            credentialState: { _, _ in nil },
            startLogin: { _, _ in throw NoLogin() },
            connectWithToken: { tenant, connector, method, token, inputs in
                captured.calls.append((tenant, connector, method, token, inputs))
                return "Connected \(connector) for \(tenant) with \(method)"
            })
        let dependencies = Dependencies(loadTheme: { name throws(ThemeError) in try loader.load(name) },
                                        availableThemes: { loader.availableThemes() }, now: { testNow }, auth: auth)
        let model = AppModel(catalog: ConnectorCatalog.load(userDirectories: []).catalog, context: SessionContext(tenant: tenant, isSandbox: true), size: size)
        return ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
    }

    @Test("a token typed straight after :connect hubspot private-app goes into the prompt; its q does not quit")
    func tokenPromptOpensWithTheScreen() async {
        let captured = Captured()
        let console = tokenConsole(captured)
        console.press(":")
        console.type("connect hubspot private-app")
        console.press("enter")
        guard case .filter = console.model.mode else {
            Issue.record("the token prompt is open with the screen: \(console.model.mode)")
            return
        }
        console.type("pat-na1-quick-token")
        #expect(!console.isFinished, "the q of the token went to the prompt")
        #expect(!console.text.contains("pat-na1"), "the token is drawn as dots:\n\(console.text)")
        console.press("enter")
        await console.settle()
        #expect(captured.calls.first?.3 == "pat-na1-quick-token")
    }

    @Test("esc on an unfinished token connect, then q or esc, asks before leaving")
    func unfinishedConnectAsks() {
        let console = tokenConsole(Captured())
        console.press(":")
        console.type("connect hubspot private-app")
        console.press("enter")
        console.press("esc")
        #expect(console.model.mode == .normal)
        console.press("q")
        #expect(!console.isFinished)
        #expect(console.model.mode == .confirmQuit, "q asks while the connect is unfinished")
        console.press("n")
        console.press("esc")
        #expect(console.model.mode == .confirmLeave, "esc asks too")
        console.press("y")
        #expect(!console.text.contains("Connect HubSpot for tenant"))
    }
}
