import Foundation

/// The mutable state and steps of one `SyncEngine.run`.
final class SyncPass: @unchecked Sendable {
    let engine: SyncEngine
    let run: SyncRun
    let direction: SyncDirection
    let full: Bool
    let fuzzy: Bool
    /// Local ids compared even when unchanged (`sync retry`).
    let forced: Set<String>
    var counts = SyncCounts() {
        // Every change is reported, so a front end can show live counts during the pass.
        didSet { engine.onProgress?(counts) }
    }
    var failures: [SyncFailure] = []
    var conflictIDs: [Int64] = []

    init(engine: SyncEngine, run: SyncRun, direction: SyncDirection, full: Bool, fuzzy: Bool, forced: Set<String> = []) {
        self.engine = engine
        self.run = run
        self.direction = direction
        self.full = full
        self.fuzzy = fuzzy
        self.forced = forced
    }

    /// A local record and, when the CRM changed it since the checkpoint, its CRM copy.
    struct Pair {
        var local: LocalRecord
        var remoteID: String
        var remote: RemoteRecord?
    }

    /// What to write for one record, decided before anything is written.
    struct Plan {
        var pair: Pair
        var pull: [(String, JSONValue?)] = []
        var push: [String: JSONValue] = [:]
        var conflicts: [ConflictField] = []
        var merged: JSONObject
        /// A local change this run may not write (direction `from-crm`): the record stays "changed" for the next run.
        var deferredLocal = false
    }

    func execute() async throws(SyncError) {
        let e = engine
        let local = LocalRecordStore(store: e.store, now: e.now)
        let syncStore = SyncStore(store: e.store, now: e.now)
        let queue = ConflictQueue(store: e.store, now: e.now)
        let journal = PushJournal(store: e.store, now: e.now)
        let reverse = ReverseMapper(mapping: e.mapping)
        // Association fields the CRM's list does not return, read beside it, where the mapping has them.
        let associationFields = Set(e.spec.associations.map(\.field).filter { f in e.mapping.rules.contains { $0.source.fieldNames == [f] } })

        let strategies: SyncStrategySet, checkpoint: Date?, snapshots: [String: SyncSnapshot], waiting: [String: Set<String>]
        var links: [String: String]
        let locals: [LocalRecord]
        let associations: AssociationReader
        do {
            strategies = try syncStore.strategies(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
            checkpoint = full ? nil : try syncStore.checkpoint(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
            snapshots = try syncStore.snapshots(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
            waiting = try queue.waitingFields(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
            links = try journal.links(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
            locals = try local.list(tenantID: e.tenantID, object: e.object)
            associations = try AssociationReader(journal: journal, tenantID: e.tenantID, connectorID: e.connector.id, mapping: e.mapping,
                                                 readBeside: associationFields)
        } catch { throw SyncError("STORE", error.description) }
        // A CRM record read with its association fields (from the record or read beside it) as our ids.
        func readRemote(_ r: RemoteRecord) -> (values: JSONObject, known: Set<String>) {
            var read = reverse.read(r.raw)
            for field in associationFields {
                guard let ids = r.associations[field] else { continue }
                read.known.insert(field)
                read.values[field] = UniversalField(rawValue: field)?.isList == true ? .array(ids.map(JSONValue.string)) : ids.first.map(JSONValue.string)
            }
            return associations.translate(read)
        }

        // 1. Pull what changed in the CRM.
        var remotes: [RemoteRecord] = []
        if direction.pulls {
            var puller: RemotePuller
            do { puller = try RemotePuller(connector: e.connector, spec: e.spec, transport: e.transport, access: e.access, limiter: e.limiter, retry: e.retry) }
            catch { throw SyncError(error.code, error.message) }
            puller.extraProperties = reverse.propertyNames
            do {
                let pulled = try await puller.pull(since: checkpoint)
                counts.requests += pulled.requests
                var seen: [String: Int] = [:]
                for r in pulled.records {
                    if let i = seen[r.id] { remotes[i] = r } else { seen[r.id] = remotes.count; remotes.append(r) }
                }
            } catch { throw SyncError(error.code, error.message) }
            counts.pulled = remotes.count
        }

        // 2. Match CRM records to local ones.
        var localByID: [String: LocalRecord] = [:]
        var localByKey: [String: [LocalRecord]] = [:]
        for l in locals {
            localByID[l.id] = l
            if let key = LocalRecordStore.naturalKey(l.universal) { localByKey[key, default: []].append(l) }
        }
        var linkedRemote: [String: String] = [:]
        for (l, r) in links { linkedRemote[r] = l }
        let externalRule = e.mapping.rules.first { $0.source.fieldNames == ["id"] && $0.pushes }
        var pairs: [String: Pair] = [:]
        var order: [String] = []
        var newRemote: [RemoteRecord] = []
        func pair(_ l: LocalRecord, _ remoteID: String, _ r: RemoteRecord?) {
            if pairs[l.id] == nil { order.append(l.id) }
            pairs[l.id] = Pair(local: l, remoteID: remoteID, remote: r)
        }
        func link(_ l: LocalRecord, _ remoteID: String) throws(SyncError) {
            do { try journal.saveLink(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object, localID: l.id, remoteID: remoteID) }
            catch { throw SyncError("STORE", error.description) }
            links[l.id] = remoteID
            linkedRemote[remoteID] = l.id
        }
        // Each CRM record is read into universal fields once; matching, the compare and new local records reuse it.
        var reads: [String: (values: JSONObject, known: Set<String>)] = [:]
        for r in remotes {
            if let lid = linkedRemote[r.id] {
                if let l = localByID[lid] { pair(l, r.id, r) }
                continue // linked to a record deleted here: not recreated
            }
            var match: LocalRecord?
            if let rule = externalRule, let v = r.raw.value(at: rule.target).flatMap(RemotePuller.text), let l = localByID[v], links[l.id] == nil { match = l }
            let read = readRemote(r)
            reads[r.id] = read
            let fields = read.values
            if match == nil, let key = LocalRecordStore.naturalKey(UniversalRecord(object: e.object, fields: fields)) {
                let candidates = (localByKey[key] ?? []).filter { links[$0.id] == nil }
                if candidates.count == 1 { match = candidates[0] }
            }
            if match == nil, fuzzy { match = FuzzyMatch.unique(fields, among: locals.filter { links[$0.id] == nil }, object: e.object) }
            if let match {
                try link(match, r.id)
                pair(match, r.id, r)
            } else {
                newRemote.append(r)
            }
        }
        var toCreate: [LocalRecord] = []
        for l in locals where pairs[l.id] == nil {
            if let remoteID = links[l.id] {
                let changed = snapshots[l.id].map { l.modifiedAt > $0.localModified } ?? true
                if full || changed || forced.contains(l.id) { pair(l, remoteID, nil) }
            } else if direction.pushes {
                toCreate.append(l)
            }
        }

        // 3. Decide, field by field.
        let fields = e.fields
        let pullable = reverse.pullableFields.union(associationFields), pushable = reverse.pushableFields
        var plans: [Plan] = []
        for id in order {
            guard let p = pairs[id] else { continue }
            let snapshot = snapshots[id]
            let base = snapshot?.fields
            let remoteRead = p.remote.map { reads[$0.id] ?? readRemote($0) }
            var plan = Plan(pair: p, merged: base ?? JSONObject())
            for f in fields {
                // Without a fresh CRM copy (or when the CRM did not say), the CRM still has the base value.
                let remoteValue: JSONValue?
                if let remoteRead, remoteRead.known.contains(f) { remoteValue = remoteRead.values[f] } else { remoteValue = base?[f] }
                let values = FieldValues(base: base?[f], local: p.local.value(f), remote: remoteValue)
                if waiting[id]?.contains(f) == true {
                    // Waiting for a person: leave both sides alone, refresh the queue's values.
                    if !ThreeWayMerge.same(values.local, values.remote) { plan.conflicts.append(ConflictField(field: f, base: values.base, local: values.local, remote: values.remote)) }
                    continue
                }
                let decision = ThreeWayMerge.decide(values, strategy: strategies.strategy(for: f),
                                                    canPush: direction.pushes && pushable.contains(f), canPull: direction.pulls && pullable.contains(f),
                                                    localModified: p.local.modifiedAt, remoteModified: p.remote?.modified)
                switch decision {
                case .unchanged:
                    if ThreeWayMerge.same(values.local, values.remote) { plan.merged[f] = values.local }
                    else if !direction.pushes, pushable.contains(f), !ThreeWayMerge.same(values.local, values.base) { plan.deferredLocal = true }
                case .pushLocal:
                    plan.push[f] = values.local ?? .null
                    plan.merged[f] = values.local
                case .pullRemote:
                    plan.pull.append((f, values.remote))
                    plan.merged[f] = values.remote
                case .conflict:
                    plan.conflicts.append(ConflictField(field: f, base: values.base, local: values.local, remote: values.remote))
                }
            }
            plans.append(plan)
        }

        // 4a. Local writes and conflicts.
        var pendingSnapshots: [String: SyncSnapshot] = [:]
        let remoteModifiedOf: (Pair) -> Date? = { p in p.remote?.modified ?? snapshots[p.local.id]?.remoteModified }
        for plan in plans {
            var localModified = plan.pair.local.modifiedAt
            if !plan.pull.isEmpty {
                do {
                    let updated = try local.update(plan.pair.local.id, tenantID: e.tenantID, object: e.object, changes: plan.pull)
                    localModified = updated.modifiedAt
                    counts.updatedLocal += 1
                } catch {
                    failures.append(SyncFailure(localID: plan.pair.local.id, remoteID: plan.pair.remoteID, code: "LOCAL_WRITE", message: error.description))
                    continue
                }
            }
            if !plan.conflicts.isEmpty {
                do {
                    let id = try queue.add(tenantID: e.tenantID, connectorID: e.connector.id, object: e.object, localID: plan.pair.local.id,
                                           remoteID: plan.pair.remoteID, label: plan.pair.local.label, localModified: plan.pair.local.modifiedAt,
                                           remoteModified: plan.pair.remote?.modified, fields: plan.conflicts)
                    if !conflictIDs.contains(id) { conflictIDs.append(id) }
                    counts.conflicts += 1
                } catch { throw SyncError("STORE", error.description) }
            }
            if plan.deferredLocal { localModified = snapshots[plan.pair.local.id]?.localModified ?? .distantPast }
            pendingSnapshots[plan.pair.local.id] = SyncSnapshot(localID: plan.pair.local.id, remoteID: plan.pair.remoteID, fields: plan.merged,
                                                                localModified: localModified, remoteModified: remoteModifiedOf(plan.pair), syncedAt: e.now())
            counts.synced += 1
        }
        // New CRM records become local records.
        if direction.pulls {
            for r in newRemote {
                let values = reads[r.id]?.values ?? readRemote(r).values
                do {
                    let created = try local.insert(values, object: e.object, tenantID: e.tenantID)
                    try link(created, r.id)
                    pendingSnapshots[created.id] = SyncSnapshot(localID: created.id, remoteID: r.id, fields: values, localModified: created.modifiedAt,
                                                                remoteModified: r.modified, syncedAt: e.now())
                    counts.createdLocal += 1
                } catch {
                    failures.append(SyncFailure(localID: nil, remoteID: r.id, code: "LOCAL_WRITE", message: String(describing: error)))
                }
            }
        }

        // 4b. CRM writes through the push engine.
        let writer = SyncWriter(engine: e, journal: journal, source: "sync \(run.id)")
        let updates = plans.filter { !$0.push.isEmpty }
        if !updates.isEmpty {
            let records = updates.map { SyncWriter.partialRecord($0.pair.local, fields: Array($0.push.keys), mapping: e.mapping) }
            let result = try await writer.update(records)
            counts.requests += result.requests
            for plan in updates {
                if let failure = result.failed[plan.pair.local.id] {
                    failures.append(SyncFailure(localID: plan.pair.local.id, remoteID: plan.pair.remoteID, code: failure.code, message: failure.message))
                    pendingSnapshots[plan.pair.local.id] = nil
                } else {
                    counts.updatedRemote += 1
                }
            }
        }
        if !toCreate.isEmpty {
            let result = try await writer.create(toCreate.map(\.universal))
            counts.requests += result.requests
            for l in toCreate {
                if let failure = result.failed[l.id] {
                    failures.append(SyncFailure(localID: l.id, remoteID: nil, code: failure.code, message: failure.message))
                } else if let remoteID = result.remoteIDs[l.id] {
                    var values = JSONObject()
                    for f in fields { if let v = l.value(f) { values[f] = v } }
                    pendingSnapshots[l.id] = SyncSnapshot(localID: l.id, remoteID: remoteID, fields: values, localModified: l.modifiedAt,
                                                          remoteModified: nil, syncedAt: e.now())
                    counts.createdRemote += 1
                }
            }
        }

        // 5. Snapshots and the checkpoint.
        do {
            for (_, s) in pendingSnapshots { try syncStore.saveSnapshot(s, tenantID: e.tenantID, connectorID: e.connector.id, object: e.object) }
            if direction.pulls {
                // The newest CRM change seen: the next pull asks for changes at or after it (seeing it again costs nothing).
                if let newest = remotes.compactMap(\.modified).max() {
                    try syncStore.setCheckpoint(newest, tenantID: e.tenantID, connectorID: e.connector.id, object: e.object)
                }
            }
        } catch { throw SyncError("STORE", error.description) }
        counts.errors = failures.count
    }
}
