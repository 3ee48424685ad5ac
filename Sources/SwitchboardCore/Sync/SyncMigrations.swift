import GRDB

/// The tables of sync: snapshots (the base of three-way compares), checkpoints, strategies,
/// runs and their failed records, the conflict queue and its audit trail.
public enum SyncMigrations {
    public static let all: [StoreMigration] = [
        StoreMigration("v5-sync") { db in
            try db.execute(sql: """
                CREATE TABLE sync_base (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    remote_id TEXT NOT NULL,
                    fields TEXT NOT NULL,
                    local_modified DOUBLE NOT NULL,
                    remote_modified DOUBLE,
                    synced_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, object, local_id)
                );
                CREATE TABLE sync_checkpoint (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    since DOUBLE NOT NULL,
                    updated_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, object)
                );
                CREATE TABLE sync_strategy (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    field TEXT NOT NULL,
                    strategy TEXT NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, object, field)
                );
                CREATE TABLE sync_run (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    full BOOLEAN NOT NULL,
                    status TEXT NOT NULL,
                    pulled INTEGER NOT NULL DEFAULT 0,
                    synced INTEGER NOT NULL DEFAULT 0,
                    created_local INTEGER NOT NULL DEFAULT 0,
                    updated_local INTEGER NOT NULL DEFAULT 0,
                    created_remote INTEGER NOT NULL DEFAULT 0,
                    updated_remote INTEGER NOT NULL DEFAULT 0,
                    conflicts INTEGER NOT NULL DEFAULT 0,
                    errors INTEGER NOT NULL DEFAULT 0,
                    requests INTEGER NOT NULL DEFAULT 0,
                    message TEXT,
                    started_at DOUBLE NOT NULL,
                    finished_at DOUBLE
                );
                CREATE INDEX sync_run_tenant ON sync_run(tenant_id, started_at);
                CREATE TABLE sync_error (
                    run_id TEXT NOT NULL REFERENCES sync_run(id) ON DELETE CASCADE,
                    local_id TEXT,
                    remote_id TEXT,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL
                );
                CREATE TABLE sync_conflict (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    remote_id TEXT NOT NULL,
                    label TEXT NOT NULL,
                    status TEXT NOT NULL,
                    local_modified DOUBLE NOT NULL,
                    remote_modified DOUBLE,
                    created_at DOUBLE NOT NULL,
                    resolved_at DOUBLE
                );
                CREATE INDEX sync_conflict_open ON sync_conflict(tenant_id, status);
                CREATE TABLE sync_conflict_field (
                    conflict_id INTEGER NOT NULL REFERENCES sync_conflict(id) ON DELETE CASCADE,
                    field TEXT NOT NULL,
                    base TEXT,
                    local TEXT,
                    remote TEXT,
                    resolution TEXT,
                    value TEXT,
                    PRIMARY KEY (conflict_id, field)
                );
                CREATE TABLE sync_audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    conflict_id INTEGER NOT NULL,
                    field TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    at DOUBLE NOT NULL,
                    choice TEXT NOT NULL,
                    value TEXT,
                    old_local TEXT,
                    old_remote TEXT,
                    old_base TEXT
                );
                """)
        },
    ]
}
