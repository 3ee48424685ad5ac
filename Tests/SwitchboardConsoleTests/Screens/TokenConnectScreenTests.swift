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
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        let captured = Captured()
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
        let size = Size(width: 120, height: 30)
        let model = AppModel(catalog: ConnectorCatalog.load(userDirectories: []).catalog, context: SessionContext(isSandbox: true), size: size)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
        console.press(":")
        console.type("tenant acme")
        console.press("enter")
        console.press(":")
        console.type("connect copper api-key")
        console.press("enter")
        #expect(console.text.contains("Connect Copper for tenant acme"), "\(console.text)")
        console.press("enter")
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
}
