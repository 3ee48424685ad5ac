import Foundation
import GRDB
import SwitchboardCore

/// Each account's custom fields, per connector and object, in the `custom_field` table.
extension SandboxStore {
    /// The account's custom fields of an object, in the order they were added.
    func customFields(_ connector: String, _ object: String, account: String) throws -> [CustomFieldDefinition] {
        let key = "\(connector).\(object).\(account)"
        if let cached = customFieldCache.withLock({ $0[key] }) { return cached }
        let loaded = try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT definition FROM custom_field WHERE connector = ? AND object = ? AND account = ? ORDER BY position
                """, arguments: [connector, object, account])
                .compactMap { (try? JSONParser.parse($0)).flatMap { CustomFieldDefinition.from($0).value } }
        }
        customFieldCache.withLock { $0[key] = loaded }
        return loaded
    }

    /// Adds a custom field; false when the account's object already has one with that name.
    /// A definition without a numeric id gets the next one.
    @discardableResult
    func addCustomField(_ connector: String, _ object: String, account: String, _ field: CustomFieldDefinition) throws -> Bool {
        try addCustomFields(connector, object, account: account, [field]) == 1
    }

    /// When the account's fields of an object last changed (ms since 1970; 2026-01-01 when never),
    /// each change at least a second after the one before, so `Last-Modified` always moves.
    func schemaChangedMs(_ connector: String, _ object: String, account: String) throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = ?", arguments: [Self.changeKey(connector, object, account)]) }
            ?? 1_767_225_600_000
    }

    private static func changeKey(_ connector: String, _ object: String, _ account: String) -> String {
        "schema-changed:\(connector).\(object).\(account)"
    }

    private static func markChanged(_ db: Database, _ connector: String, _ object: String, _ account: String) throws {
        let key = changeKey(connector, object, account)
        let previous = try Int64.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = ?", arguments: [key]) ?? 0
        let next = max(SandboxTime.nowMs(), (previous / 1000 + 1) * 1000)
        try db.execute(sql: "INSERT INTO sequence (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                       arguments: [key, next])
    }

    /// Adds several custom fields in one transaction; returns how many were new.
    func addCustomFields(_ connector: String, _ object: String, account: String, _ fields: [CustomFieldDefinition]) throws -> Int {
        defer { customFieldCache.withLock { $0["\(connector).\(object).\(account)"] = nil } }
        return try pool.write { db in
            try Self.markChanged(db, connector, object, account)
            var added = 0
            for var field in fields {
                let position = try Self.nextCustomFieldPosition(db)
                if field.numericID == 0 { field.numericID = Int(position) }
                try db.execute(sql: """
                    INSERT OR IGNORE INTO custom_field (connector, object, account, name, definition, position) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [connector, object, account, field.name, JSONWriter.compact(.object(field.json)), position])
                added += db.changesCount
            }
            return added
        }
    }

    /// Removes a custom field (values stored under it stay in the records, unseen, as a CRM keeps
    /// them in its recycle bin); false when there was none.
    @discardableResult
    func removeCustomField(_ connector: String, _ object: String, account: String, name: String) throws -> Bool {
        defer { customFieldCache.withLock { $0["\(connector).\(object).\(account)"] = nil } }
        return try pool.write { db in
            try db.execute(sql: "DELETE FROM custom_field WHERE connector = ? AND object = ? AND account = ? AND name = ?",
                           arguments: [connector, object, account, name])
            let removed = db.changesCount > 0
            if removed { try Self.markChanged(db, connector, object, account) }
            return removed
        }
    }

    /// Gives the demo accounts their custom fields, once per data file.
    func seedDemoCustomFields() throws {
        let seeded = try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM sequence WHERE name = 'demo-custom-fields'") ?? false }
        guard !seeded else { return }
        for entry in DemoCustomFields.all {
            _ = try addCustomFields(entry.connector, entry.object, account: entry.account, [entry.field])
        }
        try pool.write { db in try db.execute(sql: "INSERT OR IGNORE INTO sequence (name, value) VALUES ('demo-custom-fields', 1)") }
    }

    private static func nextCustomFieldPosition(_ db: Database) throws -> Int64 {
        let current = try Int64.fetchOne(db, sql: "SELECT value FROM sequence WHERE name = 'custom-field'") ?? 0
        try db.execute(sql: "INSERT INTO sequence (name, value) VALUES ('custom-field', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                       arguments: [current + 1])
        return current + 1
    }

    /// Moves the v1 table of HubSpot custom properties (one list for every account) into
    /// `custom_field`, copied to each demo account.
    static func migrateCustomFields(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE custom_field (connector TEXT NOT NULL, object TEXT NOT NULL, account TEXT NOT NULL, name TEXT NOT NULL,
              definition TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (connector, object, account, name));
            """)
        let old = try Row.fetchAll(db, sql: "SELECT connector, object, definition FROM property")
        var position: Int64 = 0
        for row in old {
            let text: String = row["definition"]
            guard let json = try? JSONParser.parse(text), let name = json["name"]?.stringValue, let label = json["label"]?.stringValue else { continue }
            let options = (json["options"]?.arrayValue ?? []).compactMap { o -> CustomFieldDefinition.Option? in
                o["value"]?.stringValue.map { CustomFieldDefinition.Option(value: $0, label: o["label"]?.stringValue ?? $0) }
            }
            let kind: CustomFieldDefinition.Kind = switch json["type"]?.stringValue {
            case "number": .number
            case "date": .date
            case "datetime": .datetime
            case "enumeration": options.isEmpty ? .text : .picklist
            default: .text
            }
            for account in SandboxAccount.all.map(\.id) {
                position += 1
                let field = CustomFieldDefinition(name: name, label: label, kind: kind, options: options, numericID: Int(position))
                try db.execute(sql: "INSERT OR IGNORE INTO custom_field VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [row["connector"], row["object"], account, name, JSONWriter.compact(.object(field.json)), position])
            }
        }
        try db.execute(sql: "DROP TABLE property")
        try db.execute(sql: "INSERT INTO sequence (name, value) VALUES ('custom-field', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                       arguments: [position])
    }
}
