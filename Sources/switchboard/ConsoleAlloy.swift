import Foundation
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox

/// The console's catalog under `--platform alloy`: Alloy's CRM connectors with their resources
/// and Alloy's action schemas, as gateway manifests (so the catalog, schema viewer and preview
/// show the execute call). Under `--sandbox` it is the embedded sandbox's Alloy API with its demo
/// key, and the demo tenant gets its Alloy user.
enum ConsoleAlloy {
    /// The catalog, and the console's tenant services through Alloy (nil when the data folder cannot be opened).
    static func load(global: GlobalOptions, embedded: EmbeddedSandbox?, local: ConnectorCatalog,
                     environment: [String: String]) throws -> (catalog: ConnectorCatalog, auth: ConsoleAuth?) {
        let platform: AlloyPlatform
        let store: SwitchboardStore
        var tenant: Tenant?
        let base: ConsoleAuth?
        if let embedded {
            store = try embedded.store()
            let key: MasterKey
            do { key = try MasterKey.load(folder: embedded.home, environment: environment) } catch { throw CLIError(error.description) }
            let alloyURL = global.alloyURL ?? embedded.server.alloyBaseURL.absoluteString
            platform = AlloyPlatform(client: AlloyClient(baseURL: alloyURL, apiKey: SandboxServer.alloyAPIKey),
                                     account: AlloyAccountStore(store: store, key: key))
            tenant = try? TenantStore(store: store).find("demo")
            base = embedded.consoleServices(environment: environment, catalog: local).auth
        } else {
            let context = try AlloyContext(global: global, sandboxURL: nil, environment: environment)
            platform = context.platform
            store = context.cli.store
            base = Switchboard.consoleServices(environment: environment, catalog: local).auth
        }
        let frozenTenant = tenant
        let catalog = try runBlocking {
            do throws(AlloyError) {
                if let frozenTenant { try await platform.ensureUser(frozenTenant) }
                return try await platform.gatewayCatalog(local: local, tenant: frozenTenant)
            } catch {
                throw CLIError("--platform alloy: \(error.description)")
            }
        }
        return (catalog, base.map { ConsoleAuth.alloy(base: $0, platform: platform, store: store) })
    }
}
