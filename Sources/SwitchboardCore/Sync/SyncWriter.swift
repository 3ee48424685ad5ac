import Foundation

/// Writes sync's CRM changes through the push engine, so its guarantees hold: a journal row
/// before each request, retries, duplicate checks, record links.
struct SyncWriter: Sendable {
    let engine: SyncEngine
    let journal: PushJournal
    let source: String

    struct Result {
        var requests = 0
        var remoteIDs: [String: String] = [:]
        var failed: [String: (code: String, message: String)] = [:]
    }

    /// The record with only `fields` (and the other sources of any rule that reads one of them, so
    /// a joined name is written whole).
    static func partialRecord(_ l: LocalRecord, fields: [String], mapping: FieldMapping) -> UniversalRecord {
        var names = Set(fields)
        for rule in mapping.rules where rule.pushes && rule.source.fieldNames.contains(where: names.contains) {
            names.formUnion(rule.source.fieldNames)
        }
        var out = JSONObject()
        for name in names.sorted() { if let v = l.fields[name] { out[name] = v } }
        return UniversalRecord(id: l.id, object: l.object, fields: out)
    }

    func create(_ records: [UniversalRecord]) async throws(SyncError) -> Result {
        guard let action = engine.createAction else {
            var r = Result()
            for rec in records { r.failed[rec.id ?? ""] = ("NO_ACTION", "\(engine.connector.name) has no create action for \(engine.object.plural)") }
            return r
        }
        return try await push(records, action: action, mapping: engine.mapping)
    }

    func update(_ records: [UniversalRecord]) async throws(SyncError) -> Result {
        guard let action = engine.updateAction else {
            var r = Result()
            for rec in records { r.failed[rec.id ?? ""] = ("NO_ACTION", "\(engine.connector.name) has no update action for \(engine.object.plural)") }
            return r
        }
        var mapping = engine.mapping
        mapping.actionId = action.id
        return try await push(records, action: action, mapping: mapping)
    }

    private func push(_ given: [UniversalRecord], action: ActionSpec, mapping: FieldMapping) async throws(SyncError) -> Result {
        var result = Result()
        // Associations go as the CRM ids of the linked records; a record naming one not there yet waits.
        let resolver = AssociationResolver(journal: journal, tenantID: engine.tenantID, connectorID: engine.connector.id, crmName: engine.connector.name)
        let resolved: (records: [UniversalRecord], waiting: [Int: String])
        do { resolved = try resolver.resolve(given, mapping: mapping) } catch { throw SyncError("STORE", error.description) }
        for (i, reason) in resolved.waiting { result.failed[given[i].id ?? ""] = ("WAITING", reason) }
        let records = resolved.records.enumerated().filter { resolved.waiting[$0.offset] == nil }.map(\.element)
        guard !records.isEmpty else { return result }
        let run: PushRun
        do {
            run = try journal.createRun(tenantID: engine.tenantID, connectorID: engine.connector.id, actionID: action.id, object: engine.object,
                                        source: source, mapping: mapping, records: records.map { ($0.id ?? "", $0) })
        } catch { throw SyncError("STORE", error.description) }
        let executor = PushExecutor(connector: engine.connector, action: action, mapping: mapping, transport: engine.transport,
                                    access: engine.access, journal: journal, limiter: engine.limiter, retry: engine.retry)
        do {
            let report = try await executor.execute(run)
            result.requests = report.requests
        } catch {
            switch error {
            case .invalidCredential(let m): throw SyncError("INVALID_CREDENTIAL", "\(m); reconnect with `switchboard auth login \(engine.connector.id)`, then sync again")
            case .cancelled: throw SyncError("CANCELLED", "cancelled; what was written is kept, sync again to finish")
            case .quotaExhausted(let m): throw SyncError("DAILY_QUOTA", "\(m); what was written is kept, sync again once it resets")
            case .store(let e): throw SyncError("STORE", e.description)
            }
        }
        let items: [PushItem]
        do { items = try journal.items(run: run.id) } catch { throw SyncError("STORE", error.description) }
        for item in items {
            switch item.state {
            case .succeeded, .skipped:
                if let id = item.remoteID { result.remoteIDs[item.localID] = id }
            case .failed, .queued, .sending:
                result.failed[item.localID] = (item.errorCode ?? "PUSH_FAILED", item.errorMessage ?? "not written (\(item.state.rawValue)); see `switchboard history show \(run.id)`")
            }
        }
        return result
    }
}
