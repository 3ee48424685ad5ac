import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// The console's catalog under `--platform alloy`: Alloy's CRM connectors with their resources
/// and Alloy's action schemas, as gateway manifests (so the catalog, schema viewer and preview
/// show the execute call). Under `--sandbox` it is the embedded sandbox's Alloy API with its demo
/// key, and the demo tenant gets its Alloy user.
enum ConsoleAlloy {
    static func catalog(global: GlobalOptions, embedded: EmbeddedSandbox?, local: ConnectorCatalog,
                        environment: [String: String]) throws -> ConnectorCatalog {
        let platform: AlloyPlatform
        var tenant: Tenant?
        if let embedded {
            let store = try embedded.store()
            let key: MasterKey
            do { key = try MasterKey.load(folder: embedded.home, environment: environment) } catch { throw CLIError(error.description) }
            let base = global.alloyURL ?? embedded.server.alloyBaseURL.absoluteString
            platform = AlloyPlatform(client: AlloyClient(baseURL: base, apiKey: SandboxServer.alloyAPIKey),
                                     account: AlloyAccountStore(store: store, key: key))
            tenant = try? TenantStore(store: store).find("demo")
        } else {
            platform = try AlloyContext(global: global, sandboxURL: nil, environment: environment).platform
        }
        let frozenTenant = tenant
        return try runBlocking {
            do throws(AlloyError) {
                if let frozenTenant { try await platform.ensureUser(frozenTenant) }
                return try await platform.gatewayCatalog(local: local, tenant: frozenTenant)
            } catch {
                throw CLIError("--platform alloy: \(error.description)")
            }
        }
    }
}
