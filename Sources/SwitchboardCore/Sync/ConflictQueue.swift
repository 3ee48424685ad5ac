import Foundation
import GRDB

/// The queue of conflicts waiting for a person, and the audit trail of how they were resolved.
public struct ConflictQueue: Sendable {
    let pool: DatabasePool
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        pool = store.pool
        self.now = now
    }

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .database(String(describing: error)) }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .database(String(describing: error)) }
    }

    /// Adds the fields to the record's open conflict (creating it), refreshing the values of fields
    /// already waiting; returns the conflict's id.
    @discardableResult
    public func add(tenantID: Int64, connectorID: String, object: UniversalObject, localID: String, remoteID: String, label: String,
                    localModified: Date, remoteModified: Date?, fields: [ConflictField]) throws(StoreError) -> Int64 {
        let at = now().timeIntervalSince1970
        return try write { db in
            let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM sync_conflict WHERE tenant_id = ? AND connector_id = ? AND object = ? AND local_id = ? AND status = 'open'
                """, arguments: [tenantID, connectorID, object.rawValue, localID])
            let id: Int64
            if let existing {
                id = existing
                try db.execute(sql: "UPDATE sync_conflict SET remote_id = ?, label = ?, local_modified = ?, remote_modified = ? WHERE id = ?",
                               arguments: [remoteID, label, localModified.timeIntervalSince1970, remoteModified?.timeIntervalSince1970, id])
            } else {
                try db.execute(sql: """
                    INSERT INTO sync_conflict (tenant_id, connector_id, object, local_id, remote_id, label, status, local_modified, remote_modified, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
                    """, arguments: [tenantID, connectorID, object.rawValue, localID, remoteID, label, localModified.timeIntervalSince1970,
                                     remoteModified?.timeIntervalSince1970, at])
                id = db.lastInsertedRowID
            }
            for f in fields {
                try db.execute(sql: "INSERT OR REPLACE INTO sync_conflict_field VALUES (?, ?, ?, ?, ?, NULL, NULL)",
                               arguments: [id, f.field, Self.text(f.base), Self.text(f.local), Self.text(f.remote)])
            }
            return id
        }
    }

    /// The fields of the record waiting in an open conflict (sync leaves them alone).
    public func waitingFields(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> [String: Set<String>] {
        try read { db in
            var out: [String: Set<String>] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.local_id, f.field FROM sync_conflict c JOIN sync_conflict_field f ON f.conflict_id = c.id
                WHERE c.tenant_id = ? AND c.connector_id = ? AND c.object = ? AND c.status = 'open' AND f.resolution IS NULL
                """, arguments: [tenantID, connectorID, object.rawValue]) {
                out[row["local_id"], default: []].insert(row["field"])
            }
            return out
        }
    }

    /// Conflicts, newest first; `status` nil lists all.
    public func list(tenantID: Int64? = nil, status: SyncConflict.Status? = .open) throws(StoreError) -> [SyncConflict] {
        var sql = "SELECT * FROM sync_conflict WHERE 1 = 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let tenantID { sql += " AND tenant_id = ?"; args.append(tenantID) }
        if let status { sql += " AND status = ?"; args.append(status.rawValue) }
        sql += " ORDER BY created_at, id"
        let arguments = StatementArguments(args)
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap { try Self.conflict(db, $0) } }
    }

    public func get(_ id: Int64) throws(StoreError) -> SyncConflict? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM sync_conflict WHERE id = ?", arguments: [id]).flatMap { try Self.conflict(db, $0) } }
    }

    /// One resolved field: the choice (`local`, `remote`, `base`, `value`) and the value applied.
    public struct Resolution: Sendable, Equatable {
        public var field: String
        public var choice: String
        public var value: JSONValue?
        public init(field: String, choice: String, value: JSONValue?) {
            self.field = field
            self.choice = choice
            self.value = value
        }
    }

    /// Marks fields resolved with an audit entry each, and the conflict resolved once no field waits.
    public func resolve(_ id: Int64, _ resolutions: [Resolution], actor: String) throws(StoreError) {
        let at = now().timeIntervalSince1970
        try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sync_conflict WHERE id = ?", arguments: [id]), let conflict = try Self.conflict(db, row) else { return }
            for r in resolutions {
                guard let f = conflict.fields.first(where: { $0.field == r.field }) else { continue }
                try db.execute(sql: "UPDATE sync_conflict_field SET resolution = ?, value = ? WHERE conflict_id = ? AND field = ?",
                               arguments: [r.choice, Self.text(r.value), id, r.field])
                try db.execute(sql: "INSERT INTO sync_audit (tenant_id, conflict_id, field, actor, at, choice, value, old_local, old_remote, old_base) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [conflict.tenantID, id, r.field, actor, at, r.choice, Self.text(r.value), Self.text(f.local), Self.text(f.remote), Self.text(f.base)])
            }
            let left = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_conflict_field WHERE conflict_id = ? AND resolution IS NULL", arguments: [id]) ?? 0
            if left == 0 {
                try db.execute(sql: "UPDATE sync_conflict SET status = 'resolved', resolved_at = ? WHERE id = ?", arguments: [at, id])
            }
        }
    }

    /// The audit trail of a conflict (every conflict of the tenant when `conflictID` is nil), oldest first.
    public func audit(tenantID: Int64? = nil, conflictID: Int64? = nil) throws(StoreError) -> [SyncAuditEntry] {
        var sql = "SELECT * FROM sync_audit WHERE 1 = 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let tenantID { sql += " AND tenant_id = ?"; args.append(tenantID) }
        if let conflictID { sql += " AND conflict_id = ?"; args.append(conflictID) }
        sql += " ORDER BY id"
        let arguments = StatementArguments(args)
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                SyncAuditEntry(conflictID: $0["conflict_id"], field: $0["field"], actor: $0["actor"], at: Date(timeIntervalSince1970: $0["at"]),
                               choice: $0["choice"], value: Self.value($0["value"]), oldLocal: Self.value($0["old_local"]),
                               oldRemote: Self.value($0["old_remote"]), oldBase: Self.value($0["old_base"]))
            }
        }
    }

    static func conflict(_ db: Database, _ row: Row) throws -> SyncConflict? {
        guard let object = UniversalObject(rawValue: row["object"]), let status = SyncConflict.Status(rawValue: row["status"]) else { return nil }
        let id: Int64 = row["id"]
        let fields = try Row.fetchAll(db, sql: "SELECT * FROM sync_conflict_field WHERE conflict_id = ? ORDER BY rowid", arguments: [id]).map {
            ConflictField(field: $0["field"], base: value($0["base"]), local: value($0["local"]), remote: value($0["remote"]),
                          resolution: $0["resolution"], value: value($0["value"]))
        }
        return SyncConflict(id: id, tenantID: row["tenant_id"], connectorID: row["connector_id"], object: object, localID: row["local_id"],
                            remoteID: row["remote_id"], label: row["label"], status: status,
                            localModified: Date(timeIntervalSince1970: row["local_modified"]),
                            remoteModified: (row["remote_modified"] as Double?).map(Date.init(timeIntervalSince1970:)),
                            createdAt: Date(timeIntervalSince1970: row["created_at"]), fields: fields)
    }

    static func text(_ v: JSONValue?) -> String? { v.map { JSONWriter.compact($0) } }
    static func value(_ s: String?) -> JSONValue? { s.flatMap { try? JSONParser.parse($0) } }
}
