import Foundation
import GRDB

/// The push journal and record links in the store. Every write is one transaction, so a crash
/// leaves either the old or the new state of an item, never half of it.
public struct PushJournal: Sendable {
    let pool: DatabasePool
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.pool = store.pool
        self.now = now
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .database(String(describing: error)) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .database(String(describing: error)) }
    }

    // MARK: - Runs

    /// Creates a run with every record queued, in one transaction; returns its id.
    public func createRun(tenantID: Int64, connectorID: String, actionID: String, object: UniversalObject, source: String,
                          mapping: FieldMapping, records: [(localID: String, record: UniversalRecord)], useBatch: Bool = true) throws(StoreError) -> PushRun {
        let id = Self.newRunID(now())
        let started = now()
        try write { db in
            try db.execute(sql: """
                INSERT INTO push_run (id, tenant_id, connector_id, action_id, object, source, mapping, status, total, started_at, use_batch)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)
                """, arguments: [id, tenantID, connectorID, actionID, object.rawValue, source,
                                 JSONWriter.compact(FieldMappingCodec.encode(mapping)), records.count, started.timeIntervalSince1970, useBatch])
            let insert = try db.makeStatement(sql: "INSERT INTO push_item (run_id, position, local_id, record, state, updated_at) VALUES (?, ?, ?, ?, 'queued', ?)")
            for (i, entry) in records.enumerated() {
                try insert.execute(arguments: [id, i, entry.localID, RecordCodec.encode(entry.record), started.timeIntervalSince1970])
            }
        }
        return PushRun(id: id, tenantID: tenantID, connectorID: connectorID, actionID: actionID, object: object, source: source,
                       status: .running, total: records.count, startedAt: started, finishedAt: nil, useBatch: useBatch)
    }

    /// Run ids sort by time: `20261201-083012-4f2a`.
    static func newRunID(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f.string(from: date) + "-" + UUID().uuidString.prefix(4).lowercased()
    }

    public func run(_ id: String) throws(StoreError) -> PushRun? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM push_run WHERE id = ?", arguments: [id]).map(Self.run) }
    }

    /// The mapping a run was started with.
    public func mapping(ofRun id: String) throws(StoreError) -> FieldMapping? {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT connector_id, action_id, mapping FROM push_run WHERE id = ?", arguments: [id]) }
        guard let row, let text: String = row["mapping"], let value = try? JSONParser.parse(text) else { return nil }
        return try? FieldMappingCodec.decode(value, connectorId: row["connector_id"], actionId: row["action_id"]).get()
    }

    public func runs(tenantID: Int64? = nil, limit: Int = 100) throws(StoreError) -> [PushRun] {
        try read { db in
            let sql = "SELECT * FROM push_run" + (tenantID == nil ? "" : " WHERE tenant_id = ?") + " ORDER BY started_at DESC, id DESC LIMIT ?"
            let args: StatementArguments = tenantID.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(db, sql: sql, arguments: args).map(Self.run)
        }
    }

    public func setStatus(_ status: PushRun.Status, run id: String) throws(StoreError) {
        try write { db in
            try db.execute(sql: "UPDATE push_run SET status = ?, finished_at = ? WHERE id = ?",
                           arguments: [status.rawValue, status == .running ? nil : now().timeIntervalSince1970, id])
        }
    }

    // MARK: - Items

    public func items(run id: String, states: Set<PushItemState>? = nil) throws(StoreError) -> [PushItem] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM push_item WHERE run_id = ? ORDER BY position", arguments: [id])
                .compactMap(Self.item).filter { states?.contains($0.state) ?? true }
        }
    }

    public func tally(run id: String) throws(StoreError) -> PushTally {
        try read { db in
            var t = PushTally()
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM push_item WHERE run_id = ? GROUP BY state", arguments: [id]) {
                let n: Int = row["n"]
                switch PushItemState(rawValue: row["state"]) {
                case .queued: t.queued = n
                case .sending: t.sending = n
                case .succeeded: t.succeeded = n
                case .failed: t.failed = n
                case .skipped: t.skipped = n
                case nil: break
                }
            }
            return t
        }
    }

    /// Marks items as being sent (attempt + 1) before their request goes out.
    public func markSending(run id: String, positions: [Int]) throws(StoreError) {
        try write { db in
            let update = try db.cachedStatement(sql: "UPDATE push_item SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE run_id = ? AND position = ?")
            for p in positions { try update.execute(arguments: [now().timeIntervalSince1970, id, p]) }
        }
    }

    /// What happened to one item.
    public struct Outcome: Sendable, Equatable {
        public var position: Int
        public var state: PushItemState
        public var remoteID: String?
        public var httpStatus: Int?
        public var errorCode: String?
        public var errorMessage: String?
        public var durationMilliseconds: Double
        public init(position: Int, state: PushItemState, remoteID: String? = nil, httpStatus: Int? = nil,
                    errorCode: String? = nil, errorMessage: String? = nil, durationMilliseconds: Double = 0) {
            self.position = position
            self.state = state
            self.remoteID = remoteID
            self.httpStatus = httpStatus
            self.errorCode = errorCode
            self.errorMessage = errorMessage
            self.durationMilliseconds = durationMilliseconds
        }
    }

    /// Completes items and, for successes, writes their record links — in the same transaction.
    public func complete(run: PushRun, outcomes: [Outcome], localIDs: [Int: String]) throws(StoreError) {
        let at = now().timeIntervalSince1970
        try write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE push_item SET state = ?, remote_id = ?, http_status = ?, error_code = ?, error_message = ?,
                    duration_ms = duration_ms + ?, updated_at = ? WHERE run_id = ? AND position = ?
                """)
            let link = try db.cachedStatement(sql: """
                INSERT INTO record_link (tenant_id, connector_id, object, local_id, remote_id, linked_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (tenant_id, connector_id, object, local_id) DO UPDATE SET remote_id = excluded.remote_id, linked_at = excluded.linked_at
                """)
            for o in outcomes {
                try update.execute(arguments: [o.state.rawValue, o.remoteID, o.httpStatus, o.errorCode, o.errorMessage, o.durationMilliseconds, at, run.id, o.position])
                if o.state == .succeeded, let remote = o.remoteID, let local = localIDs[o.position] {
                    try link.execute(arguments: [run.tenantID, run.connectorID, run.object.rawValue, local, remote, at])
                }
            }
        }
    }

    /// Puts failed items of a run back in the queue (for `history retry`).
    public func requeueFailed(run id: String) throws(StoreError) -> Int {
        try write { db in
            try db.execute(sql: "UPDATE push_item SET state = 'queued', error_code = NULL, error_message = NULL WHERE run_id = ? AND state = 'failed'", arguments: [id])
            // The items' count: the run's own update below would otherwise be counted (always 1).
            let requeued = db.changesCount
            try db.execute(sql: "UPDATE push_run SET status = 'interrupted', finished_at = NULL WHERE id = ?", arguments: [id])
            return requeued
        }
    }

    // MARK: - Links

    public func link(tenantID: Int64, connectorID: String, object: UniversalObject, localID: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT remote_id FROM record_link WHERE tenant_id = ? AND connector_id = ? AND object = ? AND local_id = ?",
                                arguments: [tenantID, connectorID, object.rawValue, localID])
        }
    }

    /// Local id → CRM id for those of `localIDs` that have a record link, a few hundred ids a query
    /// (planning a push of many records asks once per chunk, not once per record).
    public func links(tenantID: Int64, connectorID: String, object: UniversalObject, localIDs: [String]) throws(StoreError) -> [String: String] {
        var links: [String: String] = [:]
        try linkRows(tenantID: tenantID, connectorID: connectorID, object: object, column: "local_id", values: localIDs) { row in
            links[row["local_id"]] = row["remote_id"]
        }
        return links
    }

    /// Those of `remoteIDs` that a record of the tenant is linked to already, a few hundred a query.
    public func linkedRemoteIDs(tenantID: Int64, connectorID: String, object: UniversalObject, among remoteIDs: [String]) throws(StoreError) -> Set<String> {
        var linked = Set<String>()
        try linkRows(tenantID: tenantID, connectorID: connectorID, object: object, column: "remote_id", values: remoteIDs) { row in
            linked.insert(row["remote_id"])
        }
        return linked
    }

    /// The tenant's record links of one object whose `column` (`local_id` or `remote_id`) is one of
    /// `values`, 500 values a query.
    private func linkRows(tenantID: Int64, connectorID: String, object: UniversalObject, column: String, values: [String],
                          _ each: (Row) -> Void) throws(StoreError) {
        let unique = Array(Set(values))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let chunk = Array(unique[start..<min(unique.count, start + 500)])
            try read { db in
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                // By CRM id, the remote index (not the tenant's every link of the object) answers.
                let table = column == "remote_id" ? "record_link INDEXED BY record_link_remote" : "record_link"
                let rows = try Row.fetchAll(db, sql: """
                    SELECT local_id, remote_id FROM \(table) WHERE tenant_id = ? AND connector_id = ? AND object = ? AND \(column) IN (\(marks))
                    """, arguments: StatementArguments([tenantID, connectorID, object.rawValue] as [any DatabaseValueConvertible] + chunk))
                rows.forEach(each)
            }
        }
    }

    /// Local id → CRM id of the unfinished items of `run` that have a record link, in one query
    /// (a run's start checks them all).
    public func linksOfUnfinishedItems(run: PushRun) throws(StoreError) -> [String: String] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT l.local_id, l.remote_id FROM push_item i
                JOIN record_link l ON l.tenant_id = ? AND l.connector_id = ? AND l.object = ? AND l.local_id = i.local_id
                WHERE i.run_id = ? AND i.state IN ('queued', 'sending')
                """, arguments: [run.tenantID, run.connectorID, run.object.rawValue, run.id])
            var links: [String: String] = [:]
            for row in rows { links[row["local_id"]] = row["remote_id"] }
            return links
        }
    }

    public func linkCount(tenantID: Int64, connectorID: String) throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_link WHERE tenant_id = ? AND connector_id = ?", arguments: [tenantID, connectorID]) ?? 0 }
    }

    // MARK: - Rows

    static func run(_ row: Row) -> PushRun {
        PushRun(id: row["id"], tenantID: row["tenant_id"], connectorID: row["connector_id"], actionID: row["action_id"],
                object: UniversalObject(rawValue: row["object"]) ?? .contact, source: row["source"],
                status: PushRun.Status(rawValue: row["status"]) ?? .interrupted, total: row["total"],
                startedAt: Date(timeIntervalSince1970: row["started_at"]),
                finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)), useBatch: (row["use_batch"] as Bool?) ?? true)
    }

    static func item(_ row: Row) -> PushItem? {
        guard let record = RecordCodec.decode(row["record"]), let state = PushItemState(rawValue: row["state"]) else { return nil }
        return PushItem(runID: row["run_id"], position: row["position"], localID: row["local_id"], record: record, state: state,
                        attempts: row["attempts"], remoteID: row["remote_id"], httpStatus: row["http_status"],
                        errorCode: row["error_code"], errorMessage: row["error_message"], durationMilliseconds: row["duration_ms"])
    }
}
