import GRDB

/// The database schema, as an ordered list of named migrations.
///
/// To add tables (mappings, push journal, sync state, …) append a `StoreMigration` to `all`; never
/// edit or reorder one that has shipped. Rows that belong to a tenant should reference
/// `tenant(id)` with `ON DELETE CASCADE`, so `tenants delete --purge` removes them too.
public enum StoreMigrations {
    /// Every migration, oldest first.
    public static let all: [StoreMigration] = [
        StoreMigration("v1-tenants-credentials") { db in
            try db.execute(sql: """
                CREATE TABLE tenant (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                    external_id TEXT UNIQUE,
                    created_at DOUBLE NOT NULL
                );
                CREATE TABLE credential (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    status TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    expires_at DOUBLE,
                    metadata TEXT NOT NULL,
                    secret BLOB NOT NULL,
                    token_hint TEXT NOT NULL,
                    has_refresh_token BOOLEAN NOT NULL,
                    created_at DOUBLE NOT NULL,
                    updated_at DOUBLE NOT NULL,
                    refreshed_at DOUBLE,
                    UNIQUE (tenant_id, connector_id)
                );
                CREATE INDEX credential_tenant ON credential(tenant_id);
                """)
        },
    ] + PushMigrations.all + MappingStore.migrations + LocalRecordStore.migrations + SyncMigrations.all + AlloyAccountStore.migrations + SyncSchedule.migrations
        + TenantSchemaStore.migrations + KeyCheck.migrations

    /// A migrator with `all` registered (plus `extra`, for tests of later schemas).
    public static func migrator(extra: [StoreMigration] = []) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in all + extra {
            migrator.registerMigration(migration.identifier, migrate: migration.migrate)
        }
        return migrator
    }
}

/// One named, append-only schema change.
public struct StoreMigration: Sendable {
    /// The name recorded in `grdb_migrations`; must never change once shipped.
    public var identifier: String
    /// The change itself, run inside a transaction.
    public var migrate: @Sendable (Database) throws -> Void

    /// A migration named `identifier`.
    public init(_ identifier: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.identifier = identifier
        self.migrate = migrate
    }
}
