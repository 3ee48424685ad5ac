import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardConsole

/// How `--sandbox-url` (or `SWITCHBOARD_SANDBOX_URL`) points the auth commands at a running sandbox:
/// the sandbox's override manifests over the catalog, and its registered OAuth clients.
enum SandboxHookup {
    /// The catalog with every built-in connector pointed at the sandbox at `sandboxURL`.
    static func catalog(global: GlobalOptions, sandboxURL: String) throws -> ConnectorCatalog {
        guard let base = URL(string: sandboxURL), base.scheme == "http" || base.scheme == "https", base.host != nil else {
            throw CLIError("--sandbox-url \(sandboxURL) is not an http URL (e.g. http://127.0.0.1:8080)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-sandbox-manifests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try SandboxManifests.write(to: folder, baseURL: base)
        } catch {
            throw CLIError("cannot write the sandbox manifests: \(error.localizedDescription)")
        }
        let dirs = global.connectorsDirs.map { URL(fileURLWithPath: $0) } + [folder]
        let load = ConnectorCatalog.load(userDirectories: dirs)
        for problem in load.problems { warn("warning: \(problem.description)") }
        return load.catalog
    }

    /// The sandbox's registered client for `connectorID`.
    static func app(connectorID: String, sandboxURL: String) throws(AuthError) -> AppCredentials {
        guard let client = SandboxServer.clientCredentials(connectorID: connectorID) else {
            throw .missingAppCredentials(connector: connectorID, envPrefix: AppCredentials.environmentPrefix(for: connectorID),
                                         configFile: "the sandbox (it registers clients for \(SandboxManifests.connectorIDs.joined(separator: ", ")))")
        }
        return AppCredentials(clientID: client.id, clientSecret: client.secret, source: "sandbox")
    }
}

extension EmbeddedSandbox {
    /// The console's tenant, credential, records, sync and conflict services over the sandbox's
    /// own store (one database pool for all of them), with the sandbox's registered OAuth clients
    /// as app credentials (`switchboard --sandbox`).
    func consoleServices(environment: [String: String], catalog: ConnectorCatalog) -> (auth: ConsoleAuth?, sync: ConsoleSync?) {
        guard let store = try? store(), let key = try? MasterKey.load(folder: home, environment: environment) else { return (nil, nil) }
        let base = server.baseURL.absoluteString
        let apps: @Sendable (String) throws(AuthError) -> AppCredentials = { id throws(AuthError) in try SandboxHookup.app(connectorID: id, sandboxURL: base) }
        return (ConsoleAuth.live(store: store, key: key, appCredentials: apps),
                ConsoleSync.live(store: store, key: key, catalog: catalog, actor: environment["USER"] ?? "console", appCredentials: apps))
    }
}
