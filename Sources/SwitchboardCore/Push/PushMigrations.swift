import GRDB

/// The push tables: runs, their items (the journal), and record links (local id → CRM id).
///
/// The journal is what makes pushes safe: every item is written before its request is sent
/// (`sending`, with the attempt count) and completed after, so an interrupted run knows which
/// records may already exist in the CRM and checks before creating them again.
public enum PushMigrations {
    public static let all: [StoreMigration] = [
        StoreMigration("v2-push-journal-links") { db in
            try db.execute(sql: """
                CREATE TABLE record_link (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    local_id TEXT NOT NULL,
                    remote_id TEXT NOT NULL,
                    linked_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, connector_id, object, local_id)
                );
                CREATE INDEX record_link_remote ON record_link(connector_id, object, remote_id);
                CREATE TABLE push_run (
                    id TEXT PRIMARY KEY NOT NULL,
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    connector_id TEXT NOT NULL,
                    action_id TEXT NOT NULL,
                    object TEXT NOT NULL,
                    source TEXT NOT NULL,
                    mapping TEXT NOT NULL,
                    status TEXT NOT NULL,
                    total INTEGER NOT NULL,
                    started_at DOUBLE NOT NULL,
                    finished_at DOUBLE
                );
                CREATE INDEX push_run_tenant ON push_run(tenant_id, started_at);
                CREATE TABLE push_item (
                    run_id TEXT NOT NULL REFERENCES push_run(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    local_id TEXT NOT NULL,
                    record TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    remote_id TEXT,
                    http_status INTEGER,
                    error_code TEXT,
                    error_message TEXT,
                    duration_ms DOUBLE NOT NULL DEFAULT 0,
                    updated_at DOUBLE NOT NULL,
                    PRIMARY KEY (run_id, position)
                );
                CREATE INDEX push_item_state ON push_item(run_id, state);
                """)
        },
        StoreMigration("v11-push-run-batch") { db in
            // Whether the run sends through batch actions (`push --no-batch` says no): a resume keeps it.
            try db.execute(sql: "ALTER TABLE push_run ADD COLUMN use_batch BOOLEAN NOT NULL DEFAULT 1")
        },
    ]
}
