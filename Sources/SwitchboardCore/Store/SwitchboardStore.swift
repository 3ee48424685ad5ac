import Foundation
import GRDB

/// The local SQLite database (WAL, through a GRDB `DatabasePool`), migrated on open.
///
/// Open one per process with `open(folder:)`; it is safe to share across tasks.
public final class SwitchboardStore: Sendable {
    /// The folder the database lives in.
    public let folder: DataFolder
    /// The GRDB pool, for stores of later issues (mappings, push journal, sync).
    public let pool: DatabasePool

    private init(folder: DataFolder, pool: DatabasePool) {
        self.folder = folder
        self.pool = pool
    }

    /// Opens (creating if needed) the database in `folder`, applying every pending migration.
    public static func open(folder: DataFolder, extraMigrations: [StoreMigration] = []) throws(StoreError) -> SwitchboardStore {
        try folder.prepare()
        let path = folder.databaseURL.path
        // SQLite gives the -wal and -shm files the main file's mode, so create it 0600 first.
        try DataFolder.ensurePrivateFile(folder.databaseURL)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "switchboard"
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path, reason: String(describing: error))
        }
        do {
            try StoreMigrations.migrator(extra: extraMigrations).migrate(pool)
        } catch {
            throw .migrationFailed(String(describing: error))
        }
        for suffix in ["-wal", "-shm"] {
            let sidecar = path + suffix
            if FileManager.default.fileExists(atPath: sidecar) { _ = chmod(sidecar, 0o600) }
        }
        return SwitchboardStore(folder: folder, pool: pool)
    }

    /// The identifiers of the migrations applied so far, in the order they were applied.
    public func appliedMigrations() throws(StoreError) -> [String] {
        do {
            return try pool.read { db in try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid") }
        } catch {
            throw .database(String(describing: error))
        }
    }
}
