import Foundation
import SwitchboardCore

/// What `sync` and `conflicts` need: the catalog (or the sandbox's), the store, and the tenant's
/// credentials as the push engine's access.
struct SyncSetup {
    let context: AuthContext
    let cli: CLIStore
    let provider: CredentialProvider

    init(global: GlobalOptions, sandboxURL: String?) throws {
        let environment = ProcessInfo.processInfo.environment
        guard try global.platformKind(environment: environment) == .direct else {
            throw CLIError("sync and conflict resolution reach the CRMs directly; they do not work through Alloy yet (use --platform direct)", exitCode: 2)
        }
        let sandbox = sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
        context = try AuthContext(global: global, sandboxURL: sandbox, environment: environment)
        cli = try CLIStore(environment: environment)
        provider = CredentialProvider(catalog: context.catalog, tenants: cli.tenants, credentials: try cli.credentials(), appCredentials: context.appResolver)
    }

    func access(tenant: String, connector: String) -> any PushAccessProvider {
        CredentialAccess(provider: provider, tenant: tenant, connector: connector)
    }

    func engine(connector: String, object: UniversalObject, tenant: Tenant) throws -> SyncEngine {
        let manifest = try context.manifest(connector)
        do {
            return try SyncEngine(connector: manifest, object: object, tenantID: tenant.id, store: cli.store, transport: AsyncHTTPTransport.shared,
                                  access: access(tenant: tenant.name, connector: manifest.id))
        } catch { throw CLIError(error.description) }
    }

    func resolver() throws -> ConflictResolver {
        let provider = self.provider
        let names = Dictionary(uniqueKeysWithValues: try storeCall { try cli.tenants.list() }.map { ($0.id, $0.name) })
        return ConflictResolver(store: cli.store, catalog: context.catalog, transport: AsyncHTTPTransport.shared) { manifest, tenantID in
            CredentialAccess(provider: provider, tenant: names[tenantID] ?? "", connector: manifest.id)
        }
    }
}

/// Runs a sync pass to the end, with ctrl+c cancelling after the request in flight.
func runSyncPass(_ body: @escaping @Sendable () async throws(SyncError) -> SyncReport) throws -> SyncReport {
    let result: Result<SyncReport, SyncError> = try runCancellable { () -> Result<SyncReport, SyncError> in
        do { return .success(try await body()) } catch let e as SyncError { return .failure(e) } catch { return .failure(SyncError("ERROR", String(describing: error))) }
    }
    signal(SIGINT, SIG_DFL)
    switch result {
    case .success(let report): return report
    case .failure(let error): throw CLIError("sync: \(error.description)")
    }
}
