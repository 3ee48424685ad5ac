import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The Tenants screen (list, create, select → header) and the Connect screen (steps, URL, copy,
/// countdown, paste), headless.
@Suite("Tenants and Connect screens")
struct TenantsConnectTests {
    /// A console over a temporary data folder; logins use `transport` as the token endpoint.
    final class Fixture: @unchecked Sendable {
        let folder: URL
        let store: SwitchboardStore
        let console: ProgramHarness<SwitchboardApp>

        init(transport: any HTTPTransport = ClosureTransport { _ in
            HTTPResponseValue(status: 200, body: Data(#"{"access_token":"console-access-token-1234","refresh_token":"r-123456789012","expires_in":1800,"scope":"oauth"}"#.utf8))
        }) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-console-\(UUID())")
            store = try SwitchboardStore.open(folder: DataFolder(url: folder))
            let key = try MasterKey.load(folder: DataFolder(url: folder), environment: [:])
            var hubspot = ConnectorCatalog.load(userDirectories: []).catalog.connector(id: "hubspot")!
            if case .oauth2(var spec) = hubspot.auth {
                spec.redirect = .anyLoopbackPort(path: "/oauth/callback")
                hubspot.auth = .oauth2(spec)
            }
            let catalog = ConnectorCatalog(connectors: [hubspot])
            let overrides = ConnectionOverrides(appCredentials: { _ throws(AuthError) in AppCredentials(clientID: "cid", clientSecret: "csecret-xyz", source: "test") },
                                                label: "test apps")
            let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder), overrides: overrides, transport: transport),
                                      catalog: catalog, store: store, key: key)
            let auth = ConsoleAuth.live(workspace: workspace, browser: .disabled, timeout: 30)
            let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { Date() }, auth: auth)
            console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies),
                                     model: AppModel(catalog: catalog, context: SessionContext(isSandbox: true)), size: Size(width: 120, height: 30))
        }

        deinit { try? FileManager.default.removeItem(at: folder) }
    }

    @Test(":tenants, n creates a tenant, Enter selects it and the header shows it")
    func createAndSelect() async throws {
        let f = try Fixture()
        let console = f.console
        console.press(":")
        console.type("tenants")
        console.press("enter")
        #expect(console.text.contains("No tenants yet: press n to create one"))
        console.press("n")
        await console.settle()
        #expect(console.text.contains("new tenant name"))
        console.type("acme")
        console.press("enter")
        #expect(console.text.contains("Created tenant acme"))
        #expect(console.screen.row(containing: "acme") != nil)
        console.press("enter")
        await console.settle()
        #expect(console.model.context.tenant == "acme")
        #expect(console.screen.text(row: 0).contains("acme"), "header: \(console.screen.text(row: 0))")
        // A duplicate is refused with the store's message.
        console.press("n")
        await console.settle()
        console.type("ACME")
        console.press("enter")
        #expect(console.text.contains("already exists"))
    }

    @Test(":connect walks the steps: URL shown whole, c copies it (OSC 52), countdown, p pastes the redirect, credential stored")
    func connectWithPaste() async throws {
        let f = try Fixture()
        let console = f.console
        _ = try TenantStore(store: f.store).create(name: "acme")
        console.press(":"); console.type("tenant acme"); console.press("enter")
        console.press(":"); console.type("connect hubspot"); console.press("enter")
        #expect(console.text.contains("Connect HubSpot for tenant acme"))
        await console.settle(maxRounds: 4)  // listening, URL, browser not opened, waiting
        let screen = try #require(console.model.top as? ConnectScreen)
        let url = try #require(screen.url)
        #expect(console.text.contains("Listening on http://127.0.0.1:"))
        #expect(console.text.contains("Time left: 0:30") || console.text.contains("Time left: 0:29"))
        #expect(console.text.replacingOccurrences(of: "\n", with: "").contains("client_id=cid"))
        console.press("c")
        #expect(console.terminalOutput.last == OSC52.copy(url))
        console.press("p")
        await console.settle(maxRounds: 2)
        #expect(console.text.contains("paste the final redirect URL"))
        let state = URLComponents(string: url)!.queryItems!.first { $0.name == "state" }!.value!
        let redirect = URLComponents(string: url)!.queryItems!.first { $0.name == "redirect_uri" }!.value!
        console.send(.paste("\(redirect)?code=pasted-code&state=\(state)"))
        console.press("enter")
        await console.settle(maxRounds: 10)
        let done = try #require(console.model.top as? ConnectScreen)
        #expect(done.phase == .connected, "\(done.steps)")
        #expect(console.text.contains("Connected HubSpot for acme"))
        #expect(console.text.contains("••••1234"))
        #expect(!console.text.contains("console-access-token-1234"))
        #expect(console.model.context.authState == "valid")
        let stored = try CredentialStore(store: f.store, key: MasterKey.load(folder: DataFolder(url: f.folder), environment: [:])).list()
        #expect(stored.count == 1)

        // The existing valid credential is offered for reuse; :connect! logs in again.
        console.press("esc")
        console.press(":"); console.type("connect hubspot"); console.press("enter")
        #expect(console.text.contains("already has a valid HubSpot credential"))
        #expect(!(console.model.top is ConnectScreen))
        console.press(":"); console.type("connect! hubspot"); console.press("enter")
        #expect(console.model.top is ConnectScreen)
    }

    @Test("Esc on a waiting Connect screen asks, then y cancels the login: the listener closes at once")
    func escCancels() async throws {
        let f = try Fixture()
        let console = f.console
        _ = try TenantStore(store: f.store).create(name: "acme")
        console.press(":"); console.type("tenant acme"); console.press("enter")
        console.press(":"); console.type("connect hubspot"); console.press("enter")
        await console.settle(maxRounds: 4)
        let screen = try #require(console.model.top as? ConnectScreen)
        let redirect = URLComponents(string: try #require(screen.url))!.queryItems!.first { $0.name == "redirect_uri" }!.value!
        let port = try #require(URLComponents(string: redirect)?.port)
        console.press("esc")
        #expect(console.text.contains("Leave Connect HubSpot?"))
        console.press("y")
        #expect(!(console.model.top is ConnectScreen))
        await console.settle(maxRounds: 5)
        #expect(!Self.listening(port), "listener closed after Esc")
    }

    static func listening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    @Test("a pasted redirect with the wrong state ends the login with a clear message and nothing stored")
    func pasteWrongState() async throws {
        let f = try Fixture()
        let console = f.console
        _ = try TenantStore(store: f.store).create(name: "acme")
        console.press(":"); console.type("tenant acme"); console.press("enter")
        console.press(":"); console.type("connect hubspot"); console.press("enter")
        await console.settle(maxRounds: 4)
        let url = try #require((console.model.top as? ConnectScreen)?.url)
        let redirect = URLComponents(string: url)!.queryItems!.first { $0.name == "redirect_uri" }!.value!
        console.press("p")
        await console.settle(maxRounds: 2)
        console.send(.paste("\(redirect)?code=x&state=forged"))
        console.press("enter")
        await console.settle(maxRounds: 10)
        let done = try #require(console.model.top as? ConnectScreen)
        #expect(done.phase == .failed)
        #expect(console.text.contains("does not match"))
        #expect(try TenantStore(store: f.store).credentialCount(TenantStore(store: f.store).get("acme")) == 0)
    }

    @Test(":connect without a tenant asks for one")
    func connectNeedsTenant() throws {
        let f = try Fixture()
        f.console.press(":"); f.console.type("connect hubspot"); f.console.press("enter")
        #expect(f.console.text.contains("Select a tenant first"))
    }
}
