import Foundation
import SwitchboardConsole
import SwitchboardCore

/// The console's services (tenants and credentials, mappings and pushes, records, sync and
/// conflicts) over one store: the user's data folder, or the embedded sandbox's own store with
/// the sandbox's OAuth clients (`switchboard --sandbox`). One database pool serves them all; two
/// pools on one file in one process gave SQLite disk I/O errors.
struct ConsoleServices {
    var store: SwitchboardStore?
    var key: MasterKey?
    var auth: ConsoleAuth?
    var sync: ConsoleSync?
    var data: ConsoleData?

    /// Services over the data folder of `environment`; all nil when it cannot be opened.
    static func live(environment: [String: String], catalog: ConnectorCatalog) -> ConsoleServices {
        let folder = DataFolder.resolve(environment: environment)
        guard let store = try? SwitchboardStore.open(folder: folder), let key = try? MasterKey.load(folder: folder, environment: environment) else { return ConsoleServices() }
        return make(store: store, key: key, catalog: catalog, environment: environment,
                    apps: { id throws(AuthError) in try AppCredentials.resolve(connectorID: id, environment: environment) })
    }

    /// Services over the embedded sandbox's store.
    static func sandbox(_ embedded: EmbeddedSandbox, environment: [String: String], catalog: ConnectorCatalog) -> ConsoleServices {
        guard let store = try? embedded.store(), let key = try? MasterKey.load(folder: embedded.home, environment: environment) else { return ConsoleServices() }
        let base = embedded.server.baseURL.absoluteString
        return make(store: store, key: key, catalog: catalog, environment: environment,
                    apps: { id throws(AuthError) in try SandboxHookup.app(connectorID: id, sandboxURL: base) })
    }

    static func make(store: SwitchboardStore, key: MasterKey, catalog: ConnectorCatalog, environment: [String: String],
                     apps: @escaping @Sendable (String) throws(AuthError) -> AppCredentials) -> ConsoleServices {
        ConsoleServices(store: store, key: key, auth: ConsoleAuth.live(store: store, key: key, appCredentials: apps),
                        sync: ConsoleSync.live(store: store, key: key, catalog: catalog, actor: environment["USER"] ?? "console", appCredentials: apps),
                        data: ConsoleData.live(store: store, key: key, catalog: catalog, appCredentials: apps))
    }
}
