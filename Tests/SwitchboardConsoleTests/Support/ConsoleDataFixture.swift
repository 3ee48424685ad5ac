import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox

/// A console over a temporary data folder with a tenant `acme`, the real mapping store, push
/// journal and credential store — and, with `sandbox: true`, a live sandbox CRM on a loopback
/// port that the catalog points at, with a minted HubSpot token stored as acme's credential.
final class ConsoleDataFixture: @unchecked Sendable {
    let folder: URL
    let store: SwitchboardStore
    let tenant: Tenant
    let catalog: ConnectorCatalog
    let console: ProgramHarness<SwitchboardApp>
    let sandbox: SandboxServer?
    let transport: AsyncHTTPTransport?

    private init(folder: URL, store: SwitchboardStore, tenant: Tenant, catalog: ConnectorCatalog, console: ProgramHarness<SwitchboardApp>,
                 sandbox: SandboxServer?, transport: AsyncHTTPTransport?) {
        self.folder = folder
        self.store = store
        self.tenant = tenant
        self.catalog = catalog
        self.console = console
        self.sandbox = sandbox
        self.transport = transport
    }

    static func make(sandbox withSandbox: Bool = false, connect: Bool = true, latencyMilliseconds: Int = 0,
                     size: Size = Size(width: 120, height: 36)) async throws -> ConsoleDataFixture {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-console-data-\(UUID().uuidString.prefix(8))")
        let dataFolder = DataFolder(url: folder.appendingPathComponent("data"))
        let store = try SwitchboardStore.open(folder: dataFolder)
        let key = try MasterKey.load(folder: dataFolder, environment: [:])
        let tenant = try TenantStore(store: store).create(name: "acme")
        var catalog = ConnectorCatalog.load(userDirectories: []).catalog
        var sandbox: SandboxServer?
        var transport: AsyncHTTPTransport?
        if withSandbox {
            let server = try await SandboxServer.start(SandboxConfiguration(autoApprove: true, rateLimits: [:], latencyMilliseconds: latencyMilliseconds))
            let client = AsyncHTTPTransport()
            sandbox = server
            transport = client
            let manifests = folder.appendingPathComponent("connectors")
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            _ = try SandboxManifests.write(to: manifests, baseURL: server.baseURL)
            catalog = ConnectorCatalog.load(userDirectories: [manifests]).catalog
            if connect {
                let token = try await Self.mint(server, client)
                _ = try CredentialStore(store: store, key: key).save(
                    .init(kind: .oauth2, secrets: CredentialSecrets(accessToken: token), scopes: [], expiresAt: Date().addingTimeInterval(3600), metadata: [:]),
                    tenant: tenant, connectorID: "hubspot")
            }
        }
        let apps: @Sendable (String) throws(AuthError) -> AppCredentials = { _ throws(AuthError) in AppCredentials(clientID: "cid", clientSecret: "csecret-xyz", source: "test") }
        let auth = ConsoleAuth.live(store: store, key: key, transport: transport ?? AsyncHTTPTransport.shared, browser: .disabled, timeout: 30, appCredentials: apps)
        let data = ConsoleData.live(store: store, key: key, catalog: catalog, transport: transport ?? AsyncHTTPTransport.shared,
                                    retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), appCredentials: apps)
        let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { Date() }, auth: auth, data: data)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies),
                                     model: AppModel(catalog: catalog, context: SessionContext(isSandbox: withSandbox), size: size), size: size)
        return ConsoleDataFixture(folder: folder, store: store, tenant: tenant, catalog: catalog, console: console, sandbox: sandbox, transport: transport)
    }

    /// A HubSpot token for the sandbox account `acme`, minted through the admin endpoint.
    static func mint(_ server: SandboxServer, _ transport: AsyncHTTPTransport) async throws -> String {
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: server.baseURL.absoluteString + "/admin/tokens",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(#"{"connector": "hubspot", "account": "acme"}"#.utf8)))
        guard let token = try JSONParser.parse(response.body)["access_token"]?.stringValue else { throw FixtureError("no token: \(response.text)") }
        return token
    }

    /// Runs `body` with a fixture, and cleans up after it whether it throws or not.
    static func with(sandbox: Bool = false, connect: Bool = true, latencyMilliseconds: Int = 0,
                     _ body: (ConsoleDataFixture) async throws -> Void) async throws {
        let f = try await make(sandbox: sandbox, connect: connect, latencyMilliseconds: latencyMilliseconds)
        do {
            try await body(f)
            await f.close()
        } catch {
            await f.close()
            throw error
        }
    }

    /// Every HubSpot contact in the sandbox's account acme: email → ids (two ids would be a duplicate).
    func contactsByEmail() async throws -> [String: [String]] {
        guard let sandbox, let transport else { return [:] }
        let token = try await Self.mint(sandbox, transport)
        var result: [String: [String]] = [:]
        var after: String?
        repeat {
            let url = sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts?limit=100&properties=email,lifecyclestage" + (after.map { "&after=\($0)" } ?? "")
            let response = try await transport.send(HTTPRequestValue(method: "GET", url: url, headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
            guard response.status == 200 else { throw FixtureError("listing contacts: \(response.status) \(response.text)") }
            let body = try JSONParser.parse(response.body)
            for r in body["results"]?.arrayValue ?? [] {
                if let email = r["properties"]?["email"]?.stringValue, let id = r["id"]?.stringValue { result[email, default: []].append(id) }
            }
            after = body["paging"]?["next"]?["after"]?.stringValue
        } while after != nil
        return result
    }

    /// Types a `:` command and runs it (and the effects it starts).
    func command(_ line: String) async {
        console.press(":")
        console.type(line)
        console.press("enter")
        await console.settle()
    }

    /// Stops the sandbox and deletes the folder.
    func close() async {
        await transport?.shutdown()
        await sandbox?.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
