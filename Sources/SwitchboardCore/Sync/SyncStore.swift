import Foundation
import GRDB

/// Sync's state in the store: snapshots, checkpoints, strategies, runs, failures, conflicts and
/// the audit trail. Each method is one transaction.
public struct SyncStore: Sendable {
    let pool: DatabasePool
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        pool = store.pool
        self.now = now
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .database(String(describing: error)) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .database(String(describing: error)) }
    }

    // MARK: - Snapshots

    public func snapshots(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> [String: SyncSnapshot] {
        try read { db in
            var out: [String: SyncSnapshot] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sync_base WHERE tenant_id = ? AND connector_id = ? AND object = ?",
                                        arguments: [tenantID, connectorID, object.rawValue]) {
                let s = Self.snapshot(row)
                out[s.localID] = s
            }
            return out
        }
    }

    public func snapshot(tenantID: Int64, connectorID: String, object: UniversalObject, localID: String) throws(StoreError) -> SyncSnapshot? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_base WHERE tenant_id = ? AND connector_id = ? AND object = ? AND local_id = ?",
                             arguments: [tenantID, connectorID, object.rawValue, localID]).map(Self.snapshot)
        }
    }

    public func saveSnapshot(_ s: SyncSnapshot, tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) {
        try write { db in try Self.saveSnapshot(db, s, tenantID: tenantID, connectorID: connectorID, object: object) }
    }

    static func saveSnapshot(_ db: Database, _ s: SyncSnapshot, tenantID: Int64, connectorID: String, object: UniversalObject) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO sync_base VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       arguments: [tenantID, connectorID, object.rawValue, s.localID, s.remoteID, JSONWriter.compact(.object(s.fields)),
                                   s.localModified.timeIntervalSince1970, s.remoteModified?.timeIntervalSince1970, s.syncedAt.timeIntervalSince1970])
    }

    static func snapshot(_ row: Row) -> SyncSnapshot {
        SyncSnapshot(localID: row["local_id"], remoteID: row["remote_id"],
                     fields: (try? JSONParser.parse(row["fields"] as String))?.objectValue ?? JSONObject(),
                     localModified: Date(timeIntervalSince1970: row["local_modified"]),
                     remoteModified: (row["remote_modified"] as Double?).map(Date.init(timeIntervalSince1970:)),
                     syncedAt: Date(timeIntervalSince1970: row["synced_at"]))
    }

    // MARK: - Checkpoints

    /// The CRM modification time up to which changes have been pulled.
    public func checkpoint(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> Date? {
        try read { db in
            try Double.fetchOne(db, sql: "SELECT since FROM sync_checkpoint WHERE tenant_id = ? AND connector_id = ? AND object = ?",
                                arguments: [tenantID, connectorID, object.rawValue]).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func setCheckpoint(_ since: Date, tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) {
        let at = now().timeIntervalSince1970
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sync_checkpoint VALUES (?, ?, ?, ?, ?)",
                           arguments: [tenantID, connectorID, object.rawValue, since.timeIntervalSince1970, at])
        }
    }

    // MARK: - Strategies

    public func strategies(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> SyncStrategySet {
        try read { db in
            var set = SyncStrategySet()
            for row in try Row.fetchAll(db, sql: "SELECT field, strategy FROM sync_strategy WHERE tenant_id = ? AND connector_id = ? AND object = ?",
                                        arguments: [tenantID, connectorID, object.rawValue]) {
                guard let s = SyncStrategy(rawValue: row["strategy"]) else { continue }
                let field: String = row["field"]
                if field.isEmpty { set.standard = s } else { set.fields[field] = s }
            }
            return set
        }
    }

    /// Sets the default strategy (`field` nil) or one field's override; `strategy` nil removes an override.
    public func setStrategy(_ strategy: SyncStrategy?, field: String?, tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) {
        try write { db in
            if let strategy {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_strategy VALUES (?, ?, ?, ?, ?)",
                               arguments: [tenantID, connectorID, object.rawValue, field ?? "", strategy.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM sync_strategy WHERE tenant_id = ? AND connector_id = ? AND object = ? AND field = ?",
                               arguments: [tenantID, connectorID, object.rawValue, field ?? ""])
            }
        }
    }

    // MARK: - Runs

    public func startRun(tenantID: Int64, connectorID: String, object: UniversalObject, direction: SyncDirection, full: Bool) throws(StoreError) -> SyncRun {
        let started = now()
        let id = PushJournal.newRunID(started)
        try write { db in
            try db.execute(sql: "INSERT INTO sync_run (id, tenant_id, connector_id, object, direction, full, status, started_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
                           arguments: [id, tenantID, connectorID, object.rawValue, direction.rawValue, full, started.timeIntervalSince1970])
        }
        return SyncRun(id: id, tenantID: tenantID, connectorID: connectorID, object: object, direction: direction, full: full, status: .running,
                       counts: SyncCounts(), message: nil, startedAt: started, finishedAt: nil)
    }

    public func finishRun(_ id: String, status: SyncRun.Status, counts: SyncCounts, message: String?, failures: [SyncFailure]) throws(StoreError) {
        let at = now().timeIntervalSince1970
        try write { db in
            try db.execute(sql: """
                UPDATE sync_run SET status = ?, pulled = ?, synced = ?, created_local = ?, updated_local = ?, created_remote = ?, updated_remote = ?,
                conflicts = ?, errors = ?, requests = ?, message = ?, finished_at = ? WHERE id = ?
                """, arguments: [status.rawValue, counts.pulled, counts.synced, counts.createdLocal, counts.updatedLocal, counts.createdRemote,
                                 counts.updatedRemote, counts.conflicts, counts.errors, counts.requests, message, at, id])
            for f in failures {
                try db.execute(sql: "INSERT INTO sync_error VALUES (?, ?, ?, ?, ?)", arguments: [id, f.localID, f.remoteID, f.code, f.message])
            }
        }
    }

    public func runs(tenantID: Int64? = nil, connectorID: String? = nil, object: UniversalObject? = nil, limit: Int = 50) throws(StoreError) -> [SyncRun] {
        var sql = "SELECT * FROM sync_run WHERE 1 = 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let tenantID { sql += " AND tenant_id = ?"; args.append(tenantID) }
        if let connectorID { sql += " AND connector_id = ?"; args.append(connectorID) }
        if let object { sql += " AND object = ?"; args.append(object.rawValue) }
        sql += " ORDER BY started_at DESC, rowid DESC LIMIT \(limit)"
        let arguments = StatementArguments(args)
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.run) }
    }

    public func run(_ id: String) throws(StoreError) -> SyncRun? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM sync_run WHERE id = ?", arguments: [id]).flatMap(Self.run) }
    }

    public func failures(run id: String) throws(StoreError) -> [SyncFailure] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_error WHERE run_id = ? ORDER BY rowid", arguments: [id]).map {
                SyncFailure(localID: $0["local_id"], remoteID: $0["remote_id"], code: $0["code"], message: $0["message"])
            }
        }
    }

    static func run(_ row: Row) -> SyncRun? {
        guard let object = UniversalObject(rawValue: row["object"]), let direction = SyncDirection(rawValue: row["direction"]),
              let status = SyncRun.Status(rawValue: row["status"]) else { return nil }
        var c = SyncCounts()
        c.pulled = row["pulled"]; c.synced = row["synced"]; c.createdLocal = row["created_local"]; c.updatedLocal = row["updated_local"]
        c.createdRemote = row["created_remote"]; c.updatedRemote = row["updated_remote"]; c.conflicts = row["conflicts"]
        c.errors = row["errors"]; c.requests = row["requests"]
        return SyncRun(id: row["id"], tenantID: row["tenant_id"], connectorID: row["connector_id"], object: object, direction: direction,
                       full: row["full"], status: status, counts: c, message: row["message"], startedAt: Date(timeIntervalSince1970: row["started_at"]),
                       finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
    }
}
