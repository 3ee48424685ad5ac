import Foundation
import GRDB

/// The tenants' CRM schemas as last read: per tenant × connector × object (and further resource of
/// an object, stored as `object/resource`), the fields, the pipelines, when they were read and the
/// CRM's `Last-Modified`. Deleting a tenant deletes them.
public struct TenantSchemaStore: Sendable {
    let pool: DatabasePool

    public init(store: SwitchboardStore) { pool = store.pool }

    /// The migrations that add the table (and remember with each saved mapping the fields it
    /// targeted), then the pipelines read with a schema.
    public static let migrations: [StoreMigration] = [
        StoreMigration("v8-tenant-schema") { db in
            try db.execute(sql: """
                CREATE TABLE tenant_schema (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    read_at DOUBLE NOT NULL,
                    last_modified TEXT,
                    PRIMARY KEY (tenant_id, connector_id, object)
                );
                ALTER TABLE mapping_version ADD COLUMN target_fields TEXT;
                """)
        },
        StoreMigration("v9-tenant-pipelines") { db in
            try db.execute(sql: "ALTER TABLE tenant_schema ADD COLUMN pipelines TEXT")
        },
    ]

    /// The stored schema of one object, if it was ever read.
    public func schema(tenantID: Int64, connectorID: String, object: UniversalObject) throws(StoreError) -> TenantObjectSchema? {
        try schemas(tenantID: tenantID, connectorID: connectorID)[object]
    }

    /// The stored schema of each object's first resource (`all` has the others too).
    public func schemas(tenantID: Int64, connectorID: String) throws(StoreError) -> [UniversalObject: TenantObjectSchema] {
        var out: [UniversalObject: TenantObjectSchema] = [:]
        for schema in try all(tenantID: tenantID, connectorID: connectorID) where schema.resourceID == nil { out[schema.object] = schema }
        return out
    }

    /// Every stored schema of a tenant's connector: one per object, plus one per further resource
    /// of an object (`resourceID` set).
    public func all(tenantID: Int64, connectorID: String) throws(StoreError) -> [TenantObjectSchema] {
        do {
            return try pool.read { db in
                var out: [TenantObjectSchema] = []
                for row in try Row.fetchAll(db, sql: "SELECT * FROM tenant_schema WHERE tenant_id = ? AND connector_id = ?", arguments: [tenantID, connectorID]) {
                    let key: String = row["object"]
                    let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
                    guard let object = UniversalObject(rawValue: parts[0]) else { continue }
                    let fields = ((try? JSONParser.parse(row["fields"] as String))?.arrayValue ?? []).compactMap(RemoteField.init(json:))
                    var schema = TenantObjectSchema(connectorID: connectorID, object: object, fields: fields,
                                                    readAt: Date(timeIntervalSince1970: row["read_at"]), lastModified: row["last_modified"])
                    if let text = row["pipelines"] as String? {
                        schema.pipelines = ((try? JSONParser.parse(text))?.arrayValue ?? []).compactMap(TenantPipeline.init(json:))
                    }
                    schema.resourceID = parts.count == 2 ? parts[1] : nil
                    out.append(schema)
                }
                return out
            }
        } catch { throw .database(String(describing: error)) }
    }

    /// Saves (replaces) one object's schema.
    public func save(_ schema: TenantObjectSchema, tenantID: Int64) throws(StoreError) {
        do {
            try pool.write { db in
                try db.execute(sql: """
                    INSERT OR REPLACE INTO tenant_schema (tenant_id, connector_id, object, fields, read_at, last_modified, pipelines)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                    tenantID, schema.connectorID, schema.storageKey, JSONWriter.compact(.array(schema.fields.map(\.json))),
                    schema.readAt.timeIntervalSince1970, schema.lastModified,
                    schema.pipelines.isEmpty ? nil : JSONWriter.compact(.array(schema.pipelines.map(\.json))),
                ])
            }
        } catch { throw .database(String(describing: error)) }
    }
}
