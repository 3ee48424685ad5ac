import Foundation

/// Sync passes, their status, schedules and the conflict queue's resolution, over the tenant's
/// stored credentials.
extension Workspace {
    /// Refuses sync on a platform that cannot run it (a usage error: exit 2 on the command line).
    public func requireSyncPlatform() throws(WorkspaceError) {
        if let refusal = PlatformFactory.syncRefusal(configuration.platform) { throw .usage(refusal) }
    }

    /// The push engine's access for the tenant's stored credential (refreshed as needed).
    public func credentialAccess(tenant: String, connector: String) throws(WorkspaceError) -> any PushAccessProvider {
        CredentialAccess(provider: try credentialProvider(), tenant: tenant, connector: connector)
    }

    /// An engine for one pass of `connector` × `object` for `tenant`.
    /// Sync reaches the CRM directly, whatever the platform: the command line refuses it first
    /// under a platform that cannot sync (`requireSyncPlatform`).
    public func syncEngine(connector: String, object: UniversalObject, tenant: Tenant) throws(WorkspaceError) -> SyncEngine {
        let manifest = try self.manifest(connector)
        let store = try stores().store
        let access = try credentialAccess(tenant: tenant.name, connector: manifest.id)
        do {
            return try SyncEngine(connector: manifest, object: object, tenantID: tenant.id, store: store, transport: configuration.transport,
                                  access: access, retry: configuration.retry)
        } catch { throw WorkspaceError(error.description) }
    }

    /// Resolves conflicts: the CRM through the push engine with the conflict's tenant's credential, then the local side.
    public func conflictResolver() throws(WorkspaceError) -> ConflictResolver {
        let stores = try self.stores()
        let provider = try credentialProvider()
        let tenants = stores.tenants
        return ConflictResolver(store: stores.store, catalog: catalog, transport: configuration.transport) { manifest, tenantID in
            let name = ((try? tenants.list()) ?? []).first { $0.id == tenantID }?.name ?? ""
            return CredentialAccess(provider: provider, tenant: name, connector: manifest.id)
        }
    }

    /// Tenant names by id.
    public func tenantNames() throws(WorkspaceError) -> [Int64: String] {
        let tenants = try stores().tenants
        return Dictionary(uniqueKeysWithValues: try workspaceCall { try tenants.list() }.map { ($0.id, $0.name) })
    }

    /// One connector × object the tenant can sync (it has a credential and the manifest has sync settings), with its last run.
    public struct SyncTarget: Sendable, Equatable {
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

    /// What `tenant` can sync.
    public func syncTargets(tenant: Tenant) throws(WorkspaceError) -> [SyncTarget] {
        let stores = try self.stores()
        let credentials = try self.credentials()
        return try workspaceCall {
            let connected = Set(try credentials.list().filter { $0.tenantID == tenant.id }.map(\.connectorID))
            let runs = try stores.sync.runs(tenantID: tenant.id, limit: 1000)
            let open = try stores.conflicts.list(tenantID: tenant.id)
            return catalog.connectors.filter { connected.contains($0.id) }.flatMap { c in
                c.syncObjects.map { spec in
                    SyncTarget(connectorID: c.id, connectorName: c.name, object: spec.object,
                               lastRun: runs.first { $0.connectorID == c.id && $0.object == spec.object },
                               openConflicts: open.filter { $0.connectorID == c.id && $0.object == spec.object }.count)
                }
            }
        }
    }

    /// Per tenant × connector × object that has run: the last run, the checkpoint, open conflicts and the schedule.
    public struct SyncStatus: Sendable {
        public var tenant: String
        public var run: SyncRun
        public var checkpoint: Date?
        public var openConflicts: Int
        public var schedule: SyncSchedule?
        /// When the schedule runs it next (nil: manual).
        public var nextRun: Date? { schedule.map { $0.nextRun(after: run) } }
    }

    /// The sync status of every tenant (or one), newest last run first.
    public func syncStatus(tenant: Tenant?) throws(WorkspaceError) -> [SyncStatus] {
        let stores = try self.stores()
        let names = try tenantNames()
        return try workspaceCall {
            var latest: [String: SyncRun] = [:]
            var order: [String] = []
            for run in try stores.sync.runs(tenantID: tenant?.id, limit: 10_000) {
                let key = "\(run.tenantID)/\(run.connectorID)/\(run.object.rawValue)"
                if latest[key] == nil { latest[key] = run; order.append(key) }
            }
            let open = try stores.conflicts.list(tenantID: tenant?.id)
            let schedules = try stores.sync.schedules(tenantID: tenant?.id)
            return try order.compactMap { key -> SyncStatus? in
                guard let run = latest[key] else { return nil }
                return SyncStatus(tenant: names[run.tenantID] ?? "?", run: run,
                                  checkpoint: try stores.sync.checkpoint(tenantID: run.tenantID, connectorID: run.connectorID, object: run.object),
                                  openConflicts: open.filter { $0.tenantID == run.tenantID && $0.connectorID == run.connectorID && $0.object == run.object }.count,
                                  schedule: schedules.first { $0.tenantID == run.tenantID && $0.connectorID == run.connectorID && $0.object == run.object })
            }
        }
    }

    /// The scheduled passes whose time has come (of every tenant, or one), with their tenants.
    public func dueSyncs(tenant: Tenant?, now: Date = Date()) throws(WorkspaceError) -> [(schedule: SyncSchedule, tenant: Tenant)] {
        let stores = try self.stores()
        return try workspaceCall {
            let tenants = Dictionary(uniqueKeysWithValues: try stores.tenants.list().map { ($0.id, $0) })
            return try stores.sync.schedules(tenantID: tenant?.id).compactMap { schedule in
                let last = try stores.sync.runs(tenantID: schedule.tenantID, connectorID: schedule.connectorID, object: schedule.object, limit: 1).first
                guard schedule.nextRun(after: last) <= now, let t = tenants[schedule.tenantID] else { return nil }
                return (schedule, t)
            }
        }
    }

    /// The sync run `id` and the local ids of the records it failed on (for `sync retry`).
    public func failedSync(_ id: String) throws(WorkspaceError) -> (run: SyncRun, tenant: Tenant, failed: Set<String>) {
        let sync = try stores().sync
        guard let old = try workspaceCall({ try sync.run(id) }) else { throw WorkspaceError("no sync run \"\(id)\"; `switchboard sync history` lists them") }
        let failed = Set(try workspaceCall { try sync.failures(run: id) }.compactMap(\.localID))
        return (old, try tenant(id: old.tenantID, for: "sync run \(id)"), failed)
    }

    /// Adds a local record; one whose natural key (email, domain, name) exists already is refused.
    public func createLocalRecord(tenant: Tenant, object: UniversalObject, fields: JSONObject) throws(WorkspaceError) -> LocalRecord {
        let records = try stores().records
        return try workspaceCall {
            if let key = LocalRecordStore.naturalKey(UniversalRecord(object: object, fields: fields)),
               let existing = try records.find(naturalKey: key, tenantID: tenant.id, object: object).first {
                throw SyncError("SETUP", "\(existing.id) has \(key) already")
            }
            return try records.insert(fields, object: object, tenantID: tenant.id)
        }
    }
}
