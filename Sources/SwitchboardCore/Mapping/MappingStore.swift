import Foundation
import GRDB

/// One saved version of a tenant's mapping for a connector action.
public struct MappingVersion: Sendable, Equatable {
    public var version: Int
    public var mapping: FieldMapping
    public var note: String
    public var savedAt: Date
    /// The tenant's fields the mapping's rules targeted when it was saved (by field name), to
    /// notice when the account's schema changes under it; empty when no schema had been read.
    public var targetFields: [String: RemoteField] = [:]
}

/// Tenants' field mappings, versioned: every change is saved as a new version, and any earlier
/// version can be shown and restored (restoring saves it again as the newest).
public struct MappingStore: Sendable {
    let pool: DatabasePool
    let now: @Sendable () -> Date

    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        pool = store.pool
        self.now = now
    }

    /// The migration that adds the mapping table.
    public static let migrations: [StoreMigration] = [
        StoreMigration("v3-mappings") { db in
            try db.execute(sql: """
                CREATE TABLE mapping_version (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    action_id TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    document TEXT NOT NULL,
                    note TEXT NOT NULL,
                    saved_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, action_id, version)
                );
                """)
        },
    ]

    /// Saves `mapping` as the newest version; returns its number.
    @discardableResult
    public func save(_ mapping: FieldMapping, tenantID: Int64, note: String, targetFields: [String: RemoteField] = [:]) throws(StoreError) -> Int {
        do {
            return try pool.write { db in
                let last = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM mapping_version WHERE tenant_id = ? AND connector_id = ? AND action_id = ?",
                                            arguments: [tenantID, mapping.connectorId, mapping.actionId]) ?? 0
                var fields = JSONObject()
                for name in targetFields.keys.sorted() { fields[name] = targetFields[name]!.json }
                try db.execute(sql: "INSERT INTO mapping_version VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [tenantID, mapping.connectorId, mapping.actionId, last + 1,
                                           JSONWriter.compact(FieldMappingCodec.encode(mapping)), note, now().timeIntervalSince1970,
                                           targetFields.isEmpty ? nil : JSONWriter.compact(.object(fields))])
                return last + 1
            }
        } catch { throw .database(String(describing: error)) }
    }

    /// The newest version, or nil when the tenant uses the connector's defaults.
    public func current(tenantID: Int64, connectorID: String, actionID: String) throws(StoreError) -> MappingVersion? {
        try versions(tenantID: tenantID, connectorID: connectorID, actionID: actionID).last
    }

    /// Every version, oldest first.
    public func versions(tenantID: Int64, connectorID: String, actionID: String) throws(StoreError) -> [MappingVersion] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM mapping_version WHERE tenant_id = ? AND connector_id = ? AND action_id = ? ORDER BY version",
                                 arguments: [tenantID, connectorID, actionID]).compactMap { row -> MappingVersion? in
                    guard let value = try? JSONParser.parse(row["document"] as String),
                          let mapping = try? FieldMappingCodec.decode(value, connectorId: connectorID, actionId: actionID).get() else { return nil }
                    var fields: [String: RemoteField] = [:]
                    if let text = row["target_fields"] as String?, let json = (try? JSONParser.parse(text))?.objectValue {
                        for name in json.keys { if let f = json[name].flatMap(RemoteField.init(json:)) { fields[name] = f } }
                    }
                    return MappingVersion(version: row["version"], mapping: mapping, note: row["note"],
                                          savedAt: Date(timeIntervalSince1970: row["saved_at"]), targetFields: fields)
                }
            }
        } catch { throw .database(String(describing: error)) }
    }

    /// The mapping a push or preview uses: the tenant's newest version, else the manifest's defaults.
    public func effective(tenantID: Int64, connector: ConnectorManifest, actionID: String) throws(StoreError) -> FieldMapping {
        try current(tenantID: tenantID, connectorID: connector.id, actionID: actionID)?.mapping ?? .defaults(connector, actionId: actionID)
    }
}
