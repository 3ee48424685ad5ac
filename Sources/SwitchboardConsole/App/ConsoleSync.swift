import Foundation
import SwitchboardCore

/// The local records, sync and conflict services the Records, Sync and Conflicts screens use, as
/// closures so tests inject a temporary store and a live sandbox.
public struct ConsoleSync: Sendable {
    /// One connector × object the tenant can sync, with its last run.
    public struct Target: Sendable, Equatable {
        public var connectorID: String
        public var connectorName: String
        public var object: UniversalObject
        public var lastRun: SyncRun?
        public var openConflicts: Int
        public init(connectorID: String, connectorName: String, object: UniversalObject, lastRun: SyncRun?, openConflicts: Int) {
            self.connectorID = connectorID
            self.connectorName = connectorName
            self.object = object
            self.lastRun = lastRun
            self.openConflicts = openConflicts
        }
    }

    /// Open conflicts (of one tenant, or all when nil), oldest first.
    public var conflicts: @Sendable (_ tenant: String?) throws -> [SyncConflict]
    /// What resolving with these choices would write.
    public var plan: @Sendable (SyncConflict, [String: ConflictChoice]) throws -> ConflictResolutionPlan
    /// Applies the choices to both sides (audited as `actor`).
    public var resolve: @Sendable (_ id: Int64, _ choices: [String: ConflictChoice]) async throws -> ConflictResolutionPlan
    /// The tenant's local records.
    public var records: @Sendable (_ tenant: String, _ object: UniversalObject?) throws -> [LocalRecord]
    /// Edits a local record (bumps its modified time).
    public var editRecord: @Sendable (_ tenant: String, _ id: String, _ changes: [(String, JSONValue?)]) throws -> LocalRecord
    /// What the tenant can sync: connectors it is connected to that have sync settings.
    public var targets: @Sendable (_ tenant: String) throws -> [Target]
    /// Runs one sync pass.
    public var runSync: @Sendable (_ tenant: String, _ connector: String, _ object: UniversalObject) async throws -> SyncReport

    public init(conflicts: @escaping @Sendable (String?) throws -> [SyncConflict],
                plan: @escaping @Sendable (SyncConflict, [String: ConflictChoice]) throws -> ConflictResolutionPlan,
                resolve: @escaping @Sendable (Int64, [String: ConflictChoice]) async throws -> ConflictResolutionPlan,
                records: @escaping @Sendable (String, UniversalObject?) throws -> [LocalRecord],
                editRecord: @escaping @Sendable (String, String, [(String, JSONValue?)]) throws -> LocalRecord,
                targets: @escaping @Sendable (String) throws -> [Target],
                runSync: @escaping @Sendable (String, String, UniversalObject) async throws -> SyncReport) {
        self.conflicts = conflicts
        self.plan = plan
        self.resolve = resolve
        self.records = records
        self.editRecord = editRecord
        self.targets = targets
        self.runSync = runSync
    }

    /// Services over a store, with the tenant's stored credentials (refreshed as needed) as access.
    public static func live(store: SwitchboardStore, key: MasterKey, catalog: ConnectorCatalog, actor: String,
                            transport: any HTTPTransport = AsyncHTTPTransport.shared,
                            appCredentials: @escaping @Sendable (String) throws(AuthError) -> AppCredentials = { id throws(AuthError) in try AppCredentials.resolve(connectorID: id) }) -> ConsoleSync {
        let tenants = TenantStore(store: store)
        let credentials = CredentialStore(store: store, key: key)
        let provider = CredentialProvider(catalog: catalog, tenants: tenants, credentials: credentials, appCredentials: appCredentials, transport: transport)
        let localStore = LocalRecordStore(store: store)
        let queue = ConflictQueue(store: store)
        let names: @Sendable () -> [Int64: String] = { Dictionary(uniqueKeysWithValues: ((try? tenants.list()) ?? []).map { ($0.id, $0.name) }) }
        let resolver = ConflictResolver(store: store, catalog: catalog, transport: transport) { manifest, tenantID in
            CredentialAccess(provider: provider, tenant: names()[tenantID] ?? "", connector: manifest.id)
        }
        return ConsoleSync(
            conflicts: { tenant in try queue.list(tenantID: try tenant.map { try tenants.get($0).id }) },
            plan: { conflict, choices in try resolver.plan(conflict, choices: choices) },
            resolve: { id, choices in try await resolver.resolve(id, choices: choices, actor: actor) },
            records: { tenant, object in try localStore.list(tenantID: try tenants.get(tenant).id, object: object) },
            editRecord: { tenant, id, changes in try localStore.update(id, tenantID: try tenants.get(tenant).id, changes: changes) },
            targets: { tenant in
                let t = try tenants.get(tenant)
                let connected = Set(try credentials.list().filter { $0.tenantID == t.id }.map(\.connectorID))
                let runs = try SyncStore(store: store).runs(tenantID: t.id, limit: 1000)
                let open = try queue.list(tenantID: t.id)
                return catalog.connectors.filter { connected.contains($0.id) }.flatMap { c in
                    c.syncObjects.map { spec in
                        Target(connectorID: c.id, connectorName: c.name, object: spec.object,
                               lastRun: runs.first { $0.connectorID == c.id && $0.object == spec.object },
                               openConflicts: open.filter { $0.connectorID == c.id && $0.object == spec.object }.count)
                    }
                }
            },
            runSync: { tenant, connectorID, object in
                let t = try tenants.get(tenant)
                guard let connector = catalog.connector(id: connectorID) else { throw SyncError("SETUP", "no connector \(connectorID)") }
                let engine = try SyncEngine(connector: connector, object: object, tenantID: t.id, store: store, transport: transport,
                                            access: CredentialAccess(provider: provider, tenant: t.name, connector: connector.id))
                return try await engine.run()
            })
    }
}
