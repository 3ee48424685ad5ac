import Foundation
import SwitchboardCore

/// A sandbox started and hooked up in one step: the server on a free loopback port, override
/// manifests pointing every built-in connector at it, and the `ConnectionOverrides` a workspace
/// needs to use it (those manifests, the sandbox's OAuth clients, its Alloy API and demo key).
/// `switchboard --sandbox`, `sandbox serve --write-manifests`, the benchmarks and the tests all
/// start the sandbox through this one type.
public struct SandboxLaunch: Sendable {
    public let server: SandboxServer
    /// The folder holding the override manifests.
    public let manifests: URL

    /// Starts a sandbox with `configuration` and writes its override manifests into `manifestsFolder`
    /// (emptied first when `emptyFirst`: a folder of the sandbox's own, whose old manifests name an old port).
    public static func start(_ configuration: SandboxConfiguration, manifestsFolder: URL, emptyFirst: Bool = true,
                             handleSignals: Bool = false) async throws -> SandboxLaunch {
        let server = try await SandboxServer.start(configuration, handleSignals: handleSignals)
        do {
            if emptyFirst { try SandboxManifests.replace(in: manifestsFolder, baseURL: server.baseURL) } else {
                try SandboxManifests.write(to: manifestsFolder, baseURL: server.baseURL)
            }
        } catch {
            await server.stop()
            throw SandboxError.manifests("cannot write the sandbox's connector overrides in \(manifestsFolder.path): \(error)")
        }
        return SandboxLaunch(server: server, manifests: manifestsFolder)
    }

    /// The embedded sandbox of `switchboard --sandbox`: its data in `home` (CRM records in
    /// `crm.sqlite`, seeded with demo data on first use; manifests in `connectors/`), the consent
    /// page shown (nothing auto-approved), and a `demo` tenant in `home`'s own store.
    public static func embedded(home: DataFolder) async throws -> SandboxLaunch {
        try home.prepare()
        let launch = try await start(SandboxConfiguration(dataFile: home.url.appendingPathComponent("crm.sqlite"), seedDemo: true, autoApprove: false),
                                     manifestsFolder: home.url.appendingPathComponent("connectors"))
        do {
            let tenants = TenantStore(store: try SwitchboardStore.open(folder: home))
            if try tenants.find("demo") == nil { _ = try tenants.create(name: "demo", externalID: "demo-tenant") }
        } catch {
            await launch.stop()
            throw error
        }
        return launch
    }

    /// What points a workspace at this sandbox. The Alloy demo key wins over any other for the
    /// embedded sandbox (`alloyKeyWins`), since its Alloy API knows no other.
    public func overrides(alloyKeyWins: Bool = false) -> ConnectionOverrides {
        SandboxAttachment.overrides(baseURL: server.baseURL, manifests: manifests, alloyKeyWins: alloyKeyWins)
    }

    public func stop() async { await server.stop() }

    /// A token for `account` at `connector`, minted through the admin API (`POST /admin/tokens`):
    /// what a script or a test uses instead of the consent page.
    public func mintToken(connector: String = "hubspot", account: String = "acme", transport: any HTTPTransport = AsyncHTTPTransport.shared) async throws -> String {
        try await SandboxAttachment.mintToken(baseURL: server.baseURL, connector: connector, account: account, transport: transport)
    }
}

/// Points a workspace at a sandbox that runs elsewhere (`--sandbox-url`, `SWITCHBOARD_SANDBOX_URL`).
public enum SandboxAttachment {
    /// The overrides for the sandbox at `baseURL` whose manifests are in `manifests`.
    public static func overrides(baseURL: URL, manifests: URL, alloyKeyWins: Bool = false) -> ConnectionOverrides {
        let base = baseURL.absoluteString
        return ConnectionOverrides(manifestDirectories: [manifests], appCredentials: { id throws(AuthError) in try app(connectorID: id) },
                                   alloyBaseURL: AlloyClient.normalize(base) + "/alloy", alloyAPIKey: SandboxServer.alloyAPIKey,
                                   alloyKeyWins: alloyKeyWins, label: "the sandbox at \(base)")
    }

    /// Writes the sandbox's manifests into a temporary folder, runs `body` with the overrides (a
    /// workspace reads them when it opens), and removes the folder.
    public static func attach<T>(sandboxURL: String, _ body: (ConnectionOverrides) throws -> T) throws -> T {
        guard let base = URL(string: sandboxURL), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw WorkspaceError("--sandbox-url \(sandboxURL) is not an http URL (e.g. http://127.0.0.1:8080)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-sandbox-manifests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do { try SandboxManifests.replace(in: folder, baseURL: base) } catch {
            throw WorkspaceError("cannot write the sandbox manifests: \(error.localizedDescription)")
        }
        return try body(overrides(baseURL: base, manifests: folder))
    }

    /// A token minted by the sandbox at `baseURL` (its admin API).
    public static func mintToken(baseURL: URL, connector: String, account: String, transport: any HTTPTransport = AsyncHTTPTransport.shared) async throws -> String {
        let body = JSONValue.object(JSONObject([("connector", .string(connector)), ("account", .string(account))]))
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: baseURL.absoluteString + "/admin/tokens",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(JSONWriter.compact(body).utf8)))
        guard let token = try? JSONParser.parse(response.body)["access_token"]?.stringValue else {
            throw SandboxError.startFailed("the sandbox minted no token: HTTP \(response.status) \(response.text)")
        }
        return token
    }

    /// The sandbox's registered client for `connectorID`.
    public static func app(connectorID: String) throws(AuthError) -> AppCredentials {
        guard let client = SandboxServer.clientCredentials(connectorID: connectorID) else {
            throw .missingAppCredentials(connector: connectorID, envPrefix: AppCredentials.environmentPrefix(for: connectorID),
                                         configFile: "the sandbox (it registers clients for \(SandboxManifests.connectorIDs.joined(separator: ", ")))")
        }
        return AppCredentials(clientID: client.id, clientSecret: client.secret, source: "sandbox")
    }
}
