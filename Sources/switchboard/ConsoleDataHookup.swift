import Foundation
import SwitchboardConsole
import SwitchboardCore

/// The console's mapping, push and history services: over the user's data folder, or over the
/// embedded sandbox's own store with the sandbox's OAuth clients (`switchboard --sandbox`).
enum ConsoleDataHookup {
    /// Services over the data folder of `environment`; nil when it cannot be opened.
    static func live(environment: [String: String], catalog: ConnectorCatalog) -> ConsoleData? {
        let folder = DataFolder.resolve(environment: environment)
        guard let store = try? SwitchboardStore.open(folder: folder), let key = try? MasterKey.load(folder: folder, environment: environment) else { return nil }
        return ConsoleData.live(store: store, key: key, catalog: catalog,
                                appCredentials: { id throws(AuthError) in try AppCredentials.resolve(connectorID: id, environment: environment) })
    }

    /// Services over the embedded sandbox's store.
    static func sandbox(_ embedded: EmbeddedSandbox, environment: [String: String], catalog: ConnectorCatalog) -> ConsoleData? {
        guard let store = try? embedded.store(), let key = try? MasterKey.load(folder: embedded.home, environment: environment) else { return nil }
        let base = embedded.server.baseURL.absoluteString
        return ConsoleData.live(store: store, key: key, catalog: catalog, appCredentials: { id throws(AuthError) in
            try SandboxHookup.app(connectorID: id, sandboxURL: base)
        })
    }
}
