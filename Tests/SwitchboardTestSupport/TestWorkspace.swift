import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// What most tests over real parts start from: a temporary folder, a workspace over it with a
/// tenant `acme`, and optionally a live sandbox on a loopback port whose override manifests the
/// workspace's catalog reads, with a minted HubSpot token stored as acme's credential. `close()`
/// stops the sandbox and deletes the folder.
public final class TestWorkspace: @unchecked Sendable {
    public let folder: URL
    public let workspace: Workspace
    public let tenant: Tenant
    public let launch: SandboxLaunch?
    /// The HTTP client of the workspace (its own, shut down by `close()`).
    public let transport: AsyncHTTPTransport

    public var store: SwitchboardStore { try! workspace.stores().store }
    public var catalog: ConnectorCatalog { workspace.catalog }
    public var sandbox: SandboxServer? { launch?.server }

    /// A workspace in a new temporary folder (`name` prefixes it). With `sandbox`, a sandbox is
    /// started with that configuration and, with `connectHubSpot`, acme gets a HubSpot credential.
    public static func make(_ name: String = "sbtest", sandbox: SandboxConfiguration? = nil, connectHubSpot: Bool = true,
                            retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05), actor: String = "tester",
                            apps: (@Sendable (String) throws(AuthError) -> AppCredentials)? = nil) async throws -> TestWorkspace {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        let transport = AsyncHTTPTransport()
        var launch: SandboxLaunch?
        do {
            var overrides: ConnectionOverrides?
            if let sandbox {
                let started = try await SandboxLaunch.start(sandbox, manifestsFolder: folder.appendingPathComponent("connectors"))
                launch = started
                overrides = started.overrides()
            }
            if let apps {
                if overrides == nil { overrides = ConnectionOverrides(label: "test") }
                overrides?.appCredentials = apps
            }
            let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder.appendingPathComponent("data")), overrides: overrides,
                                                             transport: transport, retry: retry, actor: actor))
            let tenant = try workspace.stores().tenants.create(name: "acme")
            let made = TestWorkspace(folder: folder, workspace: workspace, tenant: tenant, launch: launch, transport: transport)
            if launch != nil, connectHubSpot { try await made.connect("hubspot") }
            return made
        } catch {
            await launch?.stop()
            await transport.shutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    private init(folder: URL, workspace: Workspace, tenant: Tenant, launch: SandboxLaunch?, transport: AsyncHTTPTransport) {
        self.folder = folder
        self.workspace = workspace
        self.tenant = tenant
        self.launch = launch
        self.transport = transport
    }

    /// A token for the sandbox's account `account` at `connector`.
    public func mintToken(_ connector: String = "hubspot", account: String = "acme") async throws -> String {
        guard let launch else { throw TestSupportError("no sandbox to mint a token") }
        return try await launch.mintToken(connector: connector, account: account, transport: transport)
    }

    /// Stores a freshly minted token as acme's credential for `connector` (valid for an hour).
    @discardableResult
    public func connect(_ connector: String, account: String = "acme") async throws -> String {
        let token = try await mintToken(connector, account: account)
        _ = try workspace.credentials().save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: token), scopes: [],
                                                   expiresAt: Date().addingTimeInterval(3600), metadata: [:]), tenant: tenant, connectorID: connector)
        return token
    }

    /// Every HubSpot contact in the sandbox's account `account`: email → ids (two ids for one email would be a duplicate).
    public func contactsByEmail(account: String = "acme") async throws -> [String: [String]] {
        guard let sandbox else { return [:] }
        let token = try await mintToken("hubspot", account: account)
        var result: [String: [String]] = [:]
        var after: String?
        repeat {
            let url = sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts?limit=100&properties=email" + (after.map { "&after=\($0)" } ?? "")
            let response = try await transport.send(HTTPRequestValue(method: "GET", url: url, headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
            guard response.status == 200 else { throw TestSupportError("listing contacts: \(response.status) \(response.text)") }
            let body = try JSONParser.parse(response.body)
            for r in body["results"]?.arrayValue ?? [] {
                if let email = r["properties"]?["email"]?.stringValue, let id = r["id"]?.stringValue { result[email, default: []].append(id) }
            }
            after = body["paging"]?["next"]?["after"]?.stringValue
        } while after != nil
        return result
    }

    /// Stops the sandbox, closes the HTTP client and deletes the folder.
    public func close() async {
        await transport.shutdown()
        await launch?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` with a test workspace, and cleans up after it whether it throws or not.
    public static func with<T>(_ name: String = "sbtest", sandbox: SandboxConfiguration? = nil, connectHubSpot: Bool = true,
                               _ body: (TestWorkspace) async throws -> T) async throws -> T {
        let made = try await make(name, sandbox: sandbox, connectHubSpot: connectHubSpot)
        do {
            let result = try await body(made)
            await made.close()
            return result
        } catch {
            await made.close()
            throw error
        }
    }
}

/// A failure of the test support itself.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
