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
    static func load(global: GlobalOptions, embedded: EmbeddedSandbox?, local: ConnectorCatalog, services: ConsoleServices,
                     environment: [String: String]) throws -> (catalog: ConnectorCatalog, auth: ConsoleAuth?) {
        guard let shared = services.store, let sharedKey = services.key else {
            throw CLIError("--platform alloy: the data folder cannot be opened (check SWITCHBOARD_HOME)")
        }
        let platform: AlloyPlatform
        let store: SwitchboardStore
        var tenant: Tenant?
        let base: ConsoleAuth?
        if let embedded {
            store = shared
            let key = sharedKey
            let alloyURL = global.alloyURL ?? embedded.server.alloyBaseURL.absoluteString
            platform = AlloyPlatform(client: AlloyClient(baseURL: alloyURL, apiKey: SandboxServer.alloyAPIKey),
                                     account: AlloyAccountStore(store: store, key: key))
            tenant = try? TenantStore(store: store).find("demo")
            base = services.auth
        } else {
            let context = try AlloyContext(global: global, sandboxURL: nil, environment: environment, cli: CLIStore(store: shared, environment: environment))
            platform = context.platform
            store = shared
            base = services.auth
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
