import Foundation
import SwitchboardCore

/// How `--sandbox-url` points the auth commands at the sandbox (stand-in until its public API lands).
enum SandboxHookup {
    static func catalog(global: GlobalOptions, sandboxURL: String) throws -> ConnectorCatalog {
        throw CLIError("--sandbox-url is not available yet in this build")
    }

    static func app(connectorID: String, sandboxURL: String) throws(AuthError) -> AppCredentials {
        throw .missingAppCredentials(connector: connectorID, envPrefix: AppCredentials.environmentPrefix(for: connectorID), configFile: "sandbox")
    }
}
