import Foundation
import SwitchboardCore

/// The local records, sync and conflict services the Records, Sync and Conflicts screens use, as
/// closures so tests inject a temporary store and a live sandbox.
public struct ConsoleSync: Sendable {
    /// One connector × object the tenant can sync, with its last run.
    public typealias Target = Workspace.SyncTarget

    /// Open conflicts (of one tenant, or all when nil), oldest first.
    public var conflicts: @Sendable (_ tenant: String?) throws -> [SyncConflict]
    /// What resolving with these choices would write.
    public var plan: @Sendable (SyncConflict, [String: ConflictChoice]) throws -> ConflictResolutionPlan
    /// Applies the choices to both sides (audited as `actor`).
    public var resolve: @Sendable (_ id: Int64, _ choices: [String: ConflictChoice]) async throws -> ConflictResolutionPlan
    /// The tenant's local records.
    public var records: @Sendable (_ tenant: String, _ object: UniversalObject?) throws -> [LocalRecord]
    /// Adds a local record (a contact with its email, say); an existing email is refused.
    public var createRecord: @Sendable (_ tenant: String, _ object: UniversalObject, _ fields: JSONObject) throws -> LocalRecord
    /// Edits a local record (bumps its modified time).
    public var editRecord: @Sendable (_ tenant: String, _ id: String, _ changes: [(String, JSONValue?)]) throws -> LocalRecord
    /// What the tenant can sync: connectors it is connected to that have sync settings.
    public var targets: @Sendable (_ tenant: String) throws -> [Target]
    /// Runs one sync pass.
    public var runSync: @Sendable (_ tenant: String, _ connector: String, _ object: UniversalObject) async throws -> SyncReport
    /// Runs one sync pass, reporting its counts as they change (nil: `runSync`, without counts).
    public var runSyncReporting: (@Sendable (_ tenant: String, _ connector: String, _ object: UniversalObject,
                                              _ progress: @escaping @Sendable (SyncCounts) -> Void) async throws -> SyncReport)?

    public init(conflicts: @escaping @Sendable (String?) throws -> [SyncConflict],
                plan: @escaping @Sendable (SyncConflict, [String: ConflictChoice]) throws -> ConflictResolutionPlan,
                resolve: @escaping @Sendable (Int64, [String: ConflictChoice]) async throws -> ConflictResolutionPlan,
                records: @escaping @Sendable (String, UniversalObject?) throws -> [LocalRecord],
                createRecord: @escaping @Sendable (String, UniversalObject, JSONObject) throws -> LocalRecord,
                editRecord: @escaping @Sendable (String, String, [(String, JSONValue?)]) throws -> LocalRecord,
                targets: @escaping @Sendable (String) throws -> [Target],
                runSync: @escaping @Sendable (String, String, UniversalObject) async throws -> SyncReport,
                runSyncReporting: (@Sendable (String, String, UniversalObject, @escaping @Sendable (SyncCounts) -> Void) async throws -> SyncReport)? = nil) {
        self.conflicts = conflicts
        self.plan = plan
        self.resolve = resolve
        self.records = records
        self.createRecord = createRecord
        self.editRecord = editRecord
        self.targets = targets
        self.runSync = runSync
        self.runSyncReporting = runSyncReporting
    }

    /// Services over a workspace, with the tenant's stored credentials (refreshed as needed) as access.
    public static func live(workspace: Workspace) -> ConsoleSync {
        let actor = workspace.configuration.actor
        return ConsoleSync(
            conflicts: { tenant in try workspace.stores().conflicts.list(tenantID: try tenant.map { try workspace.tenant($0).id }) },
            plan: { conflict, choices in try workspace.conflictResolver().plan(conflict, choices: choices) },
            resolve: { id, choices in try await workspace.conflictResolver().resolve(id, choices: choices, actor: actor) },
            records: { tenant, object in try workspace.stores().records.list(tenantID: try workspace.tenant(tenant).id, object: object) },
            createRecord: { tenant, object, fields in try workspace.createLocalRecord(tenant: try workspace.tenant(tenant), object: object, fields: fields) },
            editRecord: { tenant, id, changes in try workspace.stores().records.update(id, tenantID: try workspace.tenant(tenant).id, changes: changes) },
            targets: { tenant in try workspace.syncTargets(tenant: try workspace.tenant(tenant)) },
            runSync: { tenant, connectorID, object in
                try await workspace.syncEngine(connector: connectorID, object: object, tenant: try workspace.tenant(tenant)).run()
            },
            runSyncReporting: { tenant, connectorID, object, progress in
                var engine = try workspace.syncEngine(connector: connectorID, object: object, tenant: try workspace.tenant(tenant))
                engine.onProgress = progress
                return try await engine.run()
            })
    }
}
