import Foundation
import SwitchboardCore

/// Which manifests and app credentials the auth commands use: the catalog and the environment /
/// apps.json, or the sandbox's override manifests and registered clients.
struct AuthContext {
    let catalog: ConnectorCatalog
    let sandboxURL: String?
    let environment: [String: String]

    init(global: GlobalOptions, sandboxURL: String?, environment: [String: String]) throws {
        self.sandboxURL = sandboxURL
        self.environment = environment
        if let sandboxURL {
            catalog = try SandboxHookup.catalog(global: global, sandboxURL: sandboxURL)
        } else {
            catalog = global.loadCatalog().catalog
        }
    }

    /// The connector, or a one-line error.
    func manifest(_ id: String) throws -> ConnectorManifest {
        guard let manifest = catalog.connector(id: id) else { throw CLIError(AuthError.unknownConnector(id).description) }
        return manifest
    }

    /// The OAuth app credentials for a connector, or a one-line error naming the variables to set.
    func app(_ id: String) throws -> AppCredentials {
        do { return try appResolver(id) } catch { throw CLIError(error.description) }
    }

    /// The resolver the credential provider uses.
    var appResolver: @Sendable (String) throws(AuthError) -> AppCredentials {
        let environment = self.environment
        if let sandboxURL {
            return { id throws(AuthError) in try SandboxHookup.app(connectorID: id, sandboxURL: sandboxURL) }
        }
        return { id throws(AuthError) in try AppCredentials.resolve(connectorID: id, environment: environment) }
    }
}
