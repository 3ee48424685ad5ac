import Foundation

/// A person's choice for one field of a conflict.
public enum ConflictChoice: Sendable, Equatable {
    case local, remote, base
    case value(JSONValue?)

    public var name: String {
        switch self {
        case .local: return "local"
        case .remote: return "remote"
        case .base: return "base"
        case .value: return "value"
        }
    }

    /// A typed value: JSON numbers, `true`, `false` as such, empty or `null` as no value (clears), else text.
    public static func typed(_ text: String) -> ConflictChoice {
        if text.isEmpty || text == "null" { return .value(nil) }
        if let v = try? JSONParser.parse(text), v.stringValue == nil, v.objectValue == nil, v.arrayValue == nil { return .value(v) }
        return .value(.string(text))
    }

    /// The value this choice applies for `field`.
    public func value(for field: ConflictField) -> JSONValue? {
        switch self {
        case .local: return field.local
        case .remote: return field.remote
        case .base: return field.base
        case .value(let v): return v
        }
    }
}

/// What resolving a conflict will write (shown before applying) and did write.
public struct ConflictResolutionPlan: Sendable, Equatable {
    public var conflictID: Int64
    /// Field → value applied to both sides.
    public var values: [(field: String, value: JSONValue?)]
    /// The fields the CRM gets (those whose CRM value differs from the chosen one).
    public var remoteWrites: [String: JSONValue?]
    /// The fields the local record gets.
    public var localWrites: [String: JSONValue?]
    /// The CRM request that will be sent, for review (token masked), when there is a CRM write.
    public var request: PreparedRequest?

    public static func == (a: Self, b: Self) -> Bool {
        a.conflictID == b.conflictID && a.values.map(\.field) == b.values.map(\.field) && a.values.map(\.value) == b.values.map(\.value)
            && a.remoteWrites == b.remoteWrites && a.localWrites == b.localWrites && a.request == b.request
    }
}

/// Applies a person's choices to both sides (`access` gives the push engine's credential for a
/// connector and tenant id): the CRM through the push engine, the local record,
/// the snapshot, then marks the fields resolved with an audit entry. If the CRM write fails,
/// nothing is marked and the conflict stays in the queue.
public struct ConflictResolver: Sendable {
    let store: SwitchboardStore
    let catalog: ConnectorCatalog
    let transport: any HTTPTransport
    let access: @Sendable (ConnectorManifest, Int64) throws(SyncError) -> any PushAccessProvider
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, catalog: ConnectorCatalog, transport: any HTTPTransport,
                access: @escaping @Sendable (ConnectorManifest, Int64) throws(SyncError) -> any PushAccessProvider,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.catalog = catalog
        self.transport = transport
        self.access = access
        self.now = now
    }

    /// What resolving `conflict` with `choices` (field → choice; missing fields are left waiting) would write.
    public func plan(_ conflict: SyncConflict, choices: [String: ConflictChoice]) throws(SyncError) -> ConflictResolutionPlan {
        guard conflict.status == .open else { throw SyncError("SETUP", "conflict \(conflict.id) is already resolved") }
        let waiting = conflict.openFields
        for name in choices.keys where !waiting.contains(where: { $0.field == name }) {
            throw SyncError("SETUP", "conflict \(conflict.id) has no open field \(name); open fields: \(waiting.map(\.field).joined(separator: ", "))")
        }
        var plan = ConflictResolutionPlan(conflictID: conflict.id, values: [], remoteWrites: [:], localWrites: [:], request: nil)
        for f in waiting {
            guard let choice = choices[f.field] else { continue }
            let v = choice.value(for: f)
            plan.values.append((f.field, v))
            if !ThreeWayMerge.same(v, f.remote) { plan.remoteWrites[f.field] = .some(v) }
            if !ThreeWayMerge.same(v, f.local) { plan.localWrites[f.field] = .some(v) }
        }
        if !plan.remoteWrites.isEmpty, let connector = catalog.connector(id: conflict.connectorID),
           let engine = try? engine(conflict, connector), let action = engine.updateAction,
           let local = try? LocalRecordStore(store: store).get(conflict.localID, tenantID: conflict.tenantID, object: conflict.object) {
            var mapping = engine.mapping
            mapping.actionId = action.id
            let record = recordToPush(local, plan, mapping: mapping)
            plan.request = try? RequestBuilder.build(record: record, mapping: mapping, action: action, connector: connector,
                                                            access: .init(accessToken: "<token>"), pathValues: Dictionary(uniqueKeysWithValues: action.pathParameters.prefix(1).map { ($0, conflict.remoteID) }))
        }
        return plan
    }

    /// Applies `choices`; returns the plan that was carried out.
    @discardableResult
    public func resolve(_ id: Int64, choices: [String: ConflictChoice], actor: String) async throws(SyncError) -> ConflictResolutionPlan {
        let queue = ConflictQueue(store: store, now: now)
        let conflict: SyncConflict
        do {
            guard let c = try queue.get(id) else { throw SyncError("SETUP", "no conflict \(id); `switchboard conflicts list` shows the open ones") }
            conflict = c
        } catch let e as SyncError { throw e } catch { throw SyncError("STORE", String(describing: error)) }
        let plan = try plan(conflict, choices: choices)
        guard !plan.values.isEmpty else { throw SyncError("SETUP", "nothing chosen: give --take (and --field) or --value") }
        guard let connector = catalog.connector(id: conflict.connectorID) else {
            throw SyncError("SETUP", "connector \(conflict.connectorID) is not in the catalog")
        }
        let local = LocalRecordStore(store: store, now: now)
        guard let record = try? local.get(conflict.localID, tenantID: conflict.tenantID, object: conflict.object) else {
            throw SyncError("SETUP", "the local record \(conflict.localID) is gone; delete the conflict's tenant data or re-import the record")
        }
        let engine = try engine(conflict, connector)
        // 1. The CRM first: if it refuses, nothing else changes.
        if !plan.remoteWrites.isEmpty {
            var mapping = engine.mapping
            guard let action = engine.updateAction else { throw SyncError("SETUP", "\(connector.name) has no update action for \(conflict.object.plural)") }
            mapping.actionId = action.id
            let writer = SyncWriter(engine: engine, journal: PushJournal(store: store, now: now), source: "conflict \(id)")
            let result = try await writer.update([recordToPush(record, plan, mapping: mapping)])
            if let failure = result.failed[record.id] {
                throw SyncError(failure.code, "\(connector.name) refused the change: \(failure.message); the conflict stays open")
            }
        }
        // 2. The local record, the snapshot, the queue and the audit trail.
        do {
            var modified = record.modifiedAt
            if !plan.localWrites.isEmpty {
                modified = try local.update(record.id, tenantID: conflict.tenantID, object: conflict.object,
                                            changes: plan.localWrites.map { ($0.key, $0.value) }).modifiedAt
            }
            let syncStore = SyncStore(store: store, now: now)
            if var snapshot = try syncStore.snapshot(tenantID: conflict.tenantID, connectorID: conflict.connectorID, object: conflict.object, localID: record.id) {
                for (field, value) in plan.values { snapshot.fields[field] = value }
                // Only move the local time forward when no other local change waits to be synced.
                if record.modifiedAt <= snapshot.localModified { snapshot.localModified = modified }
                snapshot.syncedAt = now()
                try syncStore.saveSnapshot(snapshot, tenantID: conflict.tenantID, connectorID: conflict.connectorID, object: conflict.object)
            }
            try queue.resolve(id, plan.values.map { ConflictQueue.Resolution(field: $0.field, choice: choices[$0.field]?.name ?? "value", value: $0.value) }, actor: actor)
        } catch let e as SyncError {
            throw e
        } catch {
            throw SyncError("STORE", String(describing: error))
        }
        return plan
    }

    func engine(_ conflict: SyncConflict, _ connector: ConnectorManifest) throws(SyncError) -> SyncEngine {
        try SyncEngine(connector: connector, object: conflict.object, tenantID: conflict.tenantID, store: store, transport: transport,
                       access: try access(connector, conflict.tenantID), now: now)
    }

    /// The local record with the chosen values, narrowed to the fields the CRM gets.
    func recordToPush(_ record: LocalRecord, _ plan: ConflictResolutionPlan, mapping: FieldMapping) -> UniversalRecord {
        var chosen = record
        for (field, value) in plan.values { chosen.fields[field] = value }
        return SyncWriter.partialRecord(chosen, fields: Array(plan.remoteWrites.keys), mapping: mapping)
    }
}
