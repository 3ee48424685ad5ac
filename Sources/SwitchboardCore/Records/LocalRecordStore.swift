import Foundation
import GRDB

/// The tenant's own records in the store, the local side of sync and a source for push.
/// Imports upsert by the record's id, else by its natural key (email, domain, deal name).
public struct LocalRecordStore: Sendable {
    let pool: DatabasePool
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        pool = store.pool
        self.now = now
    }

    /// The migration that adds the `local_record` table.
    public static let migrations: [StoreMigration] = [
        StoreMigration("v4-local-records") { db in
            try db.execute(sql: """
                CREATE TABLE local_record (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    object TEXT NOT NULL,
                    id TEXT NOT NULL,
                    natural_key TEXT,
                    fields TEXT NOT NULL,
                    created_at DOUBLE NOT NULL,
                    modified_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, object, id)
                );
                CREATE INDEX local_record_key ON local_record(tenant_id, object, natural_key);
                CREATE INDEX local_record_modified ON local_record(tenant_id, object, modified_at);
                """)
        },
    ]

    private func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try pool.storeWrite(body) }
    private func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T { try pool.storeRead(body) }

    // MARK: - Import

    /// Upserts `records` (all of `object`) in one transaction: a record with an id updates that id;
    /// one without updates the record with the same natural key, else gets a new id.
    /// Records of another object, or with neither id nor natural key, are rejected.
    public func importRecords(_ records: [UniversalRecord], object: UniversalObject, tenantID: Int64, file: String) throws(StoreError) -> RecordImportReport {
        var report = RecordImportReport()
        let time = now().timeIntervalSince1970
        try write { db in
            for (i, record) in records.enumerated() {
                guard record.object == object else {
                    report.rejected.append(RecordFileError(file: file, line: nil, message: "record \(i + 1): looks like a \(record.object.rawValue), not a \(object.rawValue)"))
                    continue
                }
                let key = Self.naturalKey(record)
                var existing: Row?
                if let id = record.id, !id.isEmpty {
                    existing = try Row.fetchOne(db, sql: "SELECT id, fields FROM local_record WHERE tenant_id = ? AND object = ? AND id = ?", arguments: [tenantID, object.rawValue, id])
                } else if let key {
                    existing = try Row.fetchOne(db, sql: "SELECT id, fields FROM local_record WHERE tenant_id = ? AND object = ? AND natural_key = ? ORDER BY created_at LIMIT 1",
                                                arguments: [tenantID, object.rawValue, key])
                } else if !Self.hasNaturalKey(object) {
                    // Activities and tickets have no natural key: without an id each is a new record.
                    existing = nil
                } else {
                    report.rejected.append(RecordFileError(file: file, line: nil, message: "record \(i + 1): no id and no \(Self.keyField(object)) to tell which record it is"))
                    continue
                }
                let fieldsText = JSONWriter.compact(.object(record.fields))
                if let existing {
                    let id: String = existing["id"]
                    var merged = (try? JSONParser.parse(existing["fields"] as String))?.objectValue ?? JSONObject()
                    let before = JSONWriter.compact(.object(merged))
                    for (k, v) in record.fields { merged[k] = v }
                    let after = JSONWriter.compact(.object(merged))
                    if before == after { report.unchanged.append(id); continue }
                    try db.execute(sql: "UPDATE local_record SET fields = ?, natural_key = ?, modified_at = ? WHERE tenant_id = ? AND object = ? AND id = ?",
                                   arguments: [after, Self.naturalKey(UniversalRecord(object: object, fields: merged)), time, tenantID, object.rawValue, id])
                    report.updated.append(id)
                } else {
                    let id = try record.id.flatMap { $0.isEmpty ? nil : $0 } ?? Self.nextID(db, tenantID: tenantID, object: object)
                    try db.execute(sql: "INSERT INTO local_record VALUES (?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [tenantID, object.rawValue, id, key, fieldsText, time, time])
                    report.created.append(id)
                }
            }
        }
        return report
    }

    /// Inserts one record built elsewhere (sync creating a local copy of a CRM record); returns its new id.
    public func insert(_ fields: JSONObject, object: UniversalObject, tenantID: Int64, modifiedAt: Date? = nil) throws(StoreError) -> LocalRecord {
        let time = (modifiedAt ?? now()).timeIntervalSince1970
        return try write { db in
            let id = try Self.nextID(db, tenantID: tenantID, object: object)
            try db.execute(sql: "INSERT INTO local_record VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [tenantID, object.rawValue, id, Self.naturalKey(UniversalRecord(object: object, fields: fields)),
                                       JSONWriter.compact(.object(fields)), time, time])
            return LocalRecord(id: id, object: object, fields: fields, createdAt: Date(timeIntervalSince1970: time), modifiedAt: Date(timeIntervalSince1970: time))
        }
    }

    // MARK: - Reading

    /// The tenant's records, oldest first; `object` and `matching` (a case-insensitive text found
    /// in the id or any value) narrow the list.
    public func list(tenantID: Int64, object: UniversalObject? = nil, matching: String? = nil, limit: Int? = nil) throws(StoreError) -> [LocalRecord] {
        var sql = "SELECT * FROM local_record WHERE tenant_id = ?"
        var args: [(any DatabaseValueConvertible)?] = [tenantID]
        if let object { sql += " AND object = ?"; args.append(object.rawValue) }
        if let matching, !matching.isEmpty {
            sql += " AND (id LIKE ? OR fields LIKE ?)"
            args.append("%\(matching)%"); args.append("%\(matching)%")
        }
        sql += " ORDER BY created_at, rowid"
        if let limit { sql += " LIMIT \(limit)" }
        let statementArguments = StatementArguments(args)
        return try read { db in try Row.fetchAll(db, sql: sql, arguments: statementArguments).compactMap(Self.record) }
    }

    /// The records of `object` modified after `time` (all of them when `time` is nil).
    public func modified(tenantID: Int64, object: UniversalObject, after time: Date?) throws(StoreError) -> [LocalRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND object = ? AND modified_at > ? ORDER BY modified_at, rowid",
                             arguments: [tenantID, object.rawValue, time?.timeIntervalSince1970 ?? -1]).compactMap(Self.record)
        }
    }

    /// One record by id (any object when `object` is nil).
    public func get(_ id: String, tenantID: Int64, object: UniversalObject? = nil) throws(StoreError) -> LocalRecord? {
        try read { db in
            if let object {
                return try Row.fetchOne(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND object = ? AND id = ?", arguments: [tenantID, object.rawValue, id]).flatMap(Self.record)
            }
            return try Row.fetchOne(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND id = ?", arguments: [tenantID, id]).flatMap(Self.record)
        }
    }

    /// Records of `object` whose natural key is `key` (an email, a domain), for sync matching.
    public func find(naturalKey key: String, tenantID: Int64, object: UniversalObject) throws(StoreError) -> [LocalRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND object = ? AND natural_key = ?",
                             arguments: [tenantID, object.rawValue, key.lowercased()]).compactMap(Self.record)
        }
    }

    public func count(tenantID: Int64, object: UniversalObject? = nil) throws(StoreError) -> Int {
        try read { db in
            if let object { return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM local_record WHERE tenant_id = ? AND object = ?", arguments: [tenantID, object.rawValue]) ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM local_record WHERE tenant_id = ?", arguments: [tenantID]) ?? 0
        }
    }

    // MARK: - Changing

    /// Sets (or, with nil, removes) fields of a record and bumps its modified time (or sets it to
    /// `modifiedAt`, which sync uses to keep a record's time equal to its snapshot's).
    @discardableResult
    public func update(_ id: String, tenantID: Int64, object: UniversalObject? = nil, changes: [(String, JSONValue?)], modifiedAt: Date? = nil) throws(LocalRecordError) -> LocalRecord {
        let time = (modifiedAt ?? now()).timeIntervalSince1970
        do {
            return try pool.write { db in
                guard let row = try (object.map { o in try Row.fetchOne(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND object = ? AND id = ?", arguments: [tenantID, o.rawValue, id]) }
                                     ?? Row.fetchOne(db, sql: "SELECT * FROM local_record WHERE tenant_id = ? AND id = ?", arguments: [tenantID, id])),
                      var record = Self.record(row) else { throw LocalRecordError.notFound(id) }
                for (k, v) in changes { record.fields[k] = v }
                record.modifiedAt = Date(timeIntervalSince1970: time)
                try db.execute(sql: "UPDATE local_record SET fields = ?, natural_key = ?, modified_at = ? WHERE tenant_id = ? AND object = ? AND id = ?",
                               arguments: [JSONWriter.compact(.object(record.fields)), Self.naturalKey(record.universal), time, tenantID, record.object.rawValue, id])
                return record
            }
        } catch let e as LocalRecordError {
            throw e
        } catch {
            throw .store(.database(String(describing: error)))
        }
    }

    /// Deletes a record; false when there was none.
    public func delete(_ id: String, tenantID: Int64) throws(StoreError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM local_record WHERE tenant_id = ? AND id = ?", arguments: [tenantID, id])
            return db.changesCount > 0
        }
    }

    /// Parses `field=value` edits: the value is JSON when it reads as a JSON number, boolean or
    /// null, else text; a known field's value is checked like an imported one. `field=` clears.
    public static func parseAssignments(_ args: [String]) throws(LocalRecordError) -> [(String, JSONValue?)] {
        var out: [(String, JSONValue?)] = []
        for arg in args {
            guard let eq = arg.firstIndex(of: "="), eq != arg.startIndex else {
                throw .badAssignment("\"\(arg)\" is not field=value (e.g. contact_first_name=Ada)")
            }
            let name = String(arg[..<eq])
            let text = String(arg[arg.index(after: eq)...])
            if name == "id" { throw .badAssignment("the id cannot be edited") }
            if text.isEmpty { out.append((name, nil)); continue }
            var value: JSONValue = .string(text)
            if UniversalField(rawValue: name)?.valueType == "number", let n = Double(text) { value = .number(n) }
            if UniversalField(rawValue: name) == nil, text == "true" || text == "false" { value = .bool(text == "true") }
            if let known = UniversalField(rawValue: name), let problem = UniversalValueCheck.problem(value, for: known) {
                throw .badAssignment("field \(name): \(problem)")
            }
            out.append((name, value))
        }
        if out.isEmpty { throw .badAssignment("give at least one field=value") }
        return out
    }

    // MARK: - Helpers

    /// The field that identifies a record without an id (for activities and tickets, which have
    /// no natural key, the field that names them).
    public static func keyField(_ object: UniversalObject) -> String {
        switch object {
        case .contact: return "contact_email"
        case .company: return "company_domain"
        case .deal: return "deal_name"
        case .lead: return "lead_email"
        case .activity: return "activity_subject"
        case .ticket: return "ticket_subject"
        }
    }

    /// Whether records of `object` have a natural key (activities and tickets do not: two calls
    /// may share a subject).
    public static func hasNaturalKey(_ object: UniversalObject) -> Bool { object != .activity && object != .ticket }

    /// The record's natural key in lower case (its email, domain or deal name), if it has one.
    public static func naturalKey(_ record: UniversalRecord) -> String? {
        guard hasNaturalKey(record.object) else { return nil }
        return record.value(keyField(record.object))?.stringValue?.trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func nextID(_ db: Database, tenantID: Int64, object: UniversalObject) throws -> String {
        let prefix = object.rawValue + "-"
        let used = try Int.fetchOne(db, sql: """
            SELECT MAX(CAST(SUBSTR(id, ?) AS INTEGER)) FROM local_record WHERE tenant_id = ? AND object = ? AND id LIKE ?
            """, arguments: [prefix.count + 1, tenantID, object.rawValue, prefix + "%"]) ?? 0
        return prefix + String(used + 1)
    }

    static func record(_ row: Row) -> LocalRecord? {
        guard let object = UniversalObject(rawValue: row["object"]),
              let fields = (try? JSONParser.parse(row["fields"] as String))?.objectValue else { return nil }
        return LocalRecord(id: row["id"], object: object, fields: fields, createdAt: Date(timeIntervalSince1970: row["created_at"]),
                           modifiedAt: Date(timeIntervalSince1970: row["modified_at"]))
    }
}
