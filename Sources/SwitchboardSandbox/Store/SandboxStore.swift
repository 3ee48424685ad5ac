import Foundation
import GRDB
import SwitchboardCore

/// Why a store write was refused.
enum StoreConflict: Error, Sendable, Equatable {
    /// Another live record of the same object in the same account has this email.
    case duplicateEmail(existingID: String)
    /// No live record has this id.
    case notFound(id: String)
}

/// The sandbox's records in SQLite (GRDB, WAL): one table of records with JSON field values,
/// sequences for ids, and each account's custom field definitions.
final class SandboxStore: Sendable {
    let pool: DatabasePool
    let path: String
    /// Custom field definitions by "connector.object.account", read once and refreshed on change.
    let customFieldCache = Locked([String: [CustomFieldDefinition]]())

    /// Opens (creating and migrating) the SQLite file at `path`.
    init(path: String) throws(SandboxError) {
        self.path = path
        // Only its owner reads the sandbox's data, as the main store: the file (and so its -wal and
        // -shm, which SQLite gives the same mode) is made 0600 before SQLite opens it.
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        if fd >= 0 { _ = fchmod(fd, 0o600); close(fd) }
        do {
            var config = Configuration()
            config.prepareDatabase { db in
                // A sandbox trades durability on power loss for speed: no fsync, even at checkpoints
                // (an application crash still loses nothing committed).
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
            config.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: config)
            try Self.migrator.migrate(pool)
        } catch {
            throw .storage("\(path): \(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE record (
                  rowid INTEGER PRIMARY KEY AUTOINCREMENT,
                  connector TEXT NOT NULL, object TEXT NOT NULL, id TEXT NOT NULL,
                  account TEXT NOT NULL, email TEXT, fields TEXT NOT NULL,
                  created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL, archived INTEGER NOT NULL DEFAULT 0);
                CREATE UNIQUE INDEX record_id ON record(connector, object, id);
                CREATE INDEX record_modified ON record(connector, object, account, modified_ms);
                CREATE INDEX record_email ON record(connector, object, account, email);
                CREATE TABLE sequence (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                CREATE TABLE property (connector TEXT NOT NULL, object TEXT NOT NULL, name TEXT NOT NULL,
                  definition TEXT NOT NULL, PRIMARY KEY (connector, object, name));
                """)
        }
        m.registerMigration("v2") { db in
            // Searches and queries filter in memory; this index only cost a page write per insert.
            try db.execute(sql: "DROP INDEX IF EXISTS record_modified")
        }
        m.registerMigration("v3-alloy-users", migrate: migrateAlloyUsers)
        m.registerMigration("v4-custom-fields", migrate: migrateCustomFields)
        return m
    }

    // MARK: Reading

    /// The record with `id`, when it exists (archived ones only with `includeArchived`).
    func get(_ connector: String, _ object: String, account: String?, id: String, includeArchived: Bool = false) throws -> StoredRecord? {
        try pool.read { db in try Self.fetch(db, connector, object, account: account, id: id, includeArchived: includeArchived) }
    }

    /// Several records by id, in the order asked; missing ids are left out.
    func get(_ connector: String, _ object: String, account: String, ids: [String]) throws -> [StoredRecord] {
        try pool.read { db in try ids.compactMap { try Self.fetch(db, connector, object, account: account, id: $0, includeArchived: false) } }
    }

    /// A page of live records in creation order, after the storage cursor `afterRow`.
    func list(_ connector: String, _ object: String, account: String, afterRow: Int64, limit: Int, archived: Bool = false) throws -> [StoredRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM record WHERE connector = ? AND object = ? AND account = ? AND archived = ? AND rowid > ?
                ORDER BY rowid LIMIT ?
                """, arguments: [connector, object, account, archived ? 1 : 0, afterRow, limit]).map(Self.record)
        }
    }

    /// Every live record of an object in an account (search and query filter these in memory).
    func all(_ connector: String, _ object: String, account: String) throws -> [StoredRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM record WHERE connector = ? AND object = ? AND account = ? AND archived = 0 ORDER BY rowid",
                             arguments: [connector, object, account]).map(Self.record)
        }
    }

    /// How many records the store holds (any connector).
    func count() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 }
    }

    // MARK: Writing

    /// Creates records in one transaction; with `uniqueEmail` a live record with the same email
    /// (case-insensitive) in the account refuses the whole write.
    func create(_ connector: String, _ object: String, account: String, fields: [JSONObject], uniqueEmail: Bool,
                makeID: @Sendable (Int64) -> String) throws -> Result<[StoredRecord], StoreConflict> {
        do {
            return .success(try pool.write { db in try Self.insert(db, connector, object, account: account, fields: fields, uniqueEmail: uniqueEmail, makeID: makeID) })
        } catch let conflict as StoreConflict {
            return .failure(conflict)  // thrown inside the transaction, so nothing of it was written
        }
    }

    /// `create` without blocking a concurrency thread while SQLite writes (the request hot path).
    func createAsync(_ connector: String, _ object: String, account: String, fields: [JSONObject], uniqueEmail: Bool,
                     makeID: @escaping @Sendable (Int64) -> String) async throws -> Result<[StoredRecord], StoreConflict> {
        do {
            return .success(try await pool.write { db in try Self.insert(db, connector, object, account: account, fields: fields, uniqueEmail: uniqueEmail, makeID: makeID) })
        } catch let conflict as StoreConflict {
            return .failure(conflict)
        }
    }

    private static func insert(_ db: Database, _ connector: String, _ object: String, account: String, fields: [JSONObject], uniqueEmail: Bool,
                               makeID: @Sendable (Int64) -> String) throws -> [StoredRecord] {
            var created: [StoredRecord] = []
            var seenEmails: [String: String] = [:]
            let now = SandboxTime.nowMs()
            for values in fields {
                let email = Self.email(values)
                if uniqueEmail, let email {
                    if let existing = seenEmails[email] { throw StoreConflict.duplicateEmail(existingID: existing) }
                    if let existing = try liveID(db, connector, object, account: account, email: email) {
                        throw StoreConflict.duplicateEmail(existingID: existing)
                    }
                }
                let n = try nextSequence(db, "\(connector).\(object)")
                let record = StoredRecord(connector: connector, object: object, id: makeID(n), account: account, fields: values,
                                          createdMs: now, modifiedMs: now, archived: false)
                try db.cachedStatement(sql: """
                    INSERT INTO record (connector, object, id, account, email, fields, created_ms, modified_ms, archived)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """).execute(arguments: [connector, object, record.id, account, email, JSONWriter.compact(.object(values)), now, now])
                var stored = record
                stored.rowID = db.lastInsertedRowID
                if let email { seenEmails[email] = record.id }
                created.append(stored)
            }
            return created
    }

    /// Applies field changes to several records in one transaction (a nil value removes a field),
    /// bumping their modified time; refuses the whole write on a missing id or duplicate email.
    func update(_ connector: String, _ object: String, account: String?, changes: [(id: String, fields: [String: JSONValue?])],
                uniqueEmail: Bool, at time: Int64? = nil) throws -> Result<[StoredRecord], StoreConflict> {
        do {
            return .success(try pool.write { db in try Self.apply(db, connector, object, account: account, changes: changes, uniqueEmail: uniqueEmail, at: time) })
        } catch let conflict as StoreConflict {
            return .failure(conflict)  // thrown inside the transaction, so nothing of it was written
        }
    }

    private static func apply(_ db: Database, _ connector: String, _ object: String, account: String?, changes: [(id: String, fields: [String: JSONValue?])],
                              uniqueEmail: Bool, at time: Int64?) throws -> [StoredRecord] {
            var updated: [StoredRecord] = []
            let now = time ?? SandboxTime.nowMs()
            for change in changes {
                guard var record = try Self.fetch(db, connector, object, account: account, id: change.id, includeArchived: false) else {
                    throw StoreConflict.notFound(id: change.id)
                }
                for (key, value) in change.fields { record.fields[key] = value }
                let email = Self.email(record.fields)
                if uniqueEmail, let email, let existing = try Self.liveID(db, connector, object, account: record.account, email: email),
                   existing != record.id {
                    throw StoreConflict.duplicateEmail(existingID: existing)
                }
                record.modifiedMs = max(now, record.modifiedMs + 1)
                try db.execute(sql: "UPDATE record SET fields = ?, email = ?, modified_ms = ? WHERE rowid = ?",
                               arguments: [JSONWriter.compact(.object(record.fields)), email, record.modifiedMs, record.rowID])
                updated.append(record)
            }
            return updated
    }

    /// Sets when a record was created (the sandbox's backdating, for demos of old records and
    /// for tests); false when there was no live record with that id.
    func setCreated(_ connector: String, _ object: String, id: String, ms: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE record SET created_ms = ? WHERE connector = ? AND object = ? AND id = ? AND archived = 0",
                           arguments: [ms, connector, object, id])
            return db.changesCount > 0
        }
    }

    /// Archives (soft-deletes) a record; false when there was no live record with that id.
    func archive(_ connector: String, _ object: String, account: String, id: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE record SET archived = 1, modified_ms = ? WHERE connector = ? AND object = ? AND account = ? AND id = ? AND archived = 0",
                           arguments: [SandboxTime.nowMs(), connector, object, account, id])
            return db.changesCount > 0
        }
    }

    /// Removes every record and custom property; ids keep counting, so no id is ever reused.
    func reset() throws {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM record; DELETE FROM custom_field; DELETE FROM sequence WHERE name = 'demo-custom-fields'")
        }
        customFieldCache.withLock { $0.removeAll() }
    }

    // MARK: Helpers

    private static func fetch(_ db: Database, _ connector: String, _ object: String, account: String?, id: String, includeArchived: Bool) throws -> StoredRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM record WHERE connector = ? AND object = ? AND id = ?", arguments: [connector, object, id]) else { return nil }
        let record = record(row)
        if let account, record.account != account { return nil }
        if record.archived && !includeArchived { return nil }
        return record
    }

    private static func liveID(_ db: Database, _ connector: String, _ object: String, account: String, email: String) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM record WHERE connector = ? AND object = ? AND account = ? AND email = ? AND archived = 0 LIMIT 1"),
                            arguments: [connector, object, account, email])
    }

    private static func nextSequence(_ db: Database, _ name: String) throws -> Int64 {
        let current = try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM sequence WHERE name = ?"), arguments: [name])
        let next = (current ?? 0) + 1
        if current == nil {
            try db.execute(sql: "INSERT INTO sequence (name, value) VALUES (?, ?)", arguments: [name, next])
        } else {
            try db.cachedStatement(sql: "UPDATE sequence SET value = ? WHERE name = ?").execute(arguments: [next, name])
        }
        return next
    }

    private static func email(_ fields: JSONObject) -> String? {
        (fields["email"]?.stringValue ?? fields["Email"]?.stringValue).flatMap { $0.isEmpty ? nil : $0.lowercased() }
    }

    private static func record(_ row: Row) -> StoredRecord {
        let text: String = row["fields"]
        let fields = (try? JSONParser.parse(text))?.objectValue ?? JSONObject()
        return StoredRecord(connector: row["connector"], object: row["object"], id: row["id"], account: row["account"], fields: fields,
                            createdMs: row["created_ms"], modifiedMs: row["modified_ms"], archived: (row["archived"] as Int) != 0,
                            rowID: row["rowid"])
    }
}
