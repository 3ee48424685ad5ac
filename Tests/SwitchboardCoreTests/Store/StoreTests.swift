import Foundation
import GRDB
import Testing
@testable import SwitchboardCore

/// The data folder and database: private modes, WAL, versioned migrations.
@Suite("Store")
struct StoreTests {
    @Test("SWITCHBOARD_HOME wins, then XDG_DATA_HOME, then ~/.local/share")
    func folderResolution() {
        #expect(DataFolder.resolve(environment: ["SWITCHBOARD_HOME": "/x/sb", "XDG_DATA_HOME": "/d", "HOME": "/h"]).url.path == "/x/sb")
        #expect(DataFolder.resolve(environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]).url.path == "/d/switchboard")
        #expect(DataFolder.resolve(environment: ["XDG_DATA_HOME": "relative", "HOME": "/h"]).url.path == "/h/.local/share/switchboard")
        #expect(DataFolder.resolve(environment: ["HOME": "/h"]).url.path == "/h/.local/share/switchboard")
    }

    @Test("the folder is 0700 and the database, -wal, -shm and key file are 0600")
    func privateModes() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        try home.tenants.create(name: "acme")
        #expect(DataFolder.mode(of: home.folder.url.path) == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: home.folder.url.path)
        #expect(names.contains("switchboard.sqlite"))
        #expect(names.contains("switchboard.sqlite-wal"))
        #expect(names.contains("master.key"))
        for name in names {
            #expect(DataFolder.mode(of: home.folder.url.appendingPathComponent(name).path) == 0o600, "\(name)")
        }
    }

    @Test("an existing folder with loose permissions is tightened to 0700")
    func tightensFolder() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sb-loose-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try SwitchboardStore.open(folder: DataFolder(url: url))
        #expect(DataFolder.mode(of: url.path) == 0o700)
    }

    @Test("the database uses WAL and foreign keys")
    func walAndForeignKeys() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let mode = try home.store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        let fk = try home.store.pool.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(mode == "wal")
        #expect(fk == 1)
    }

    @Test("migrations are recorded, reopening is idempotent, and later migrations append")
    func migrations() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let applied = try home.store.appliedMigrations()
        #expect(applied.first == "v1-tenants-credentials")
        #expect(applied == StoreMigrations.all.map(\.identifier))
        let later = StoreMigration("v2-test-mapping") { db in
            try db.execute(sql: "CREATE TABLE test_mapping (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE)")
        }
        let reopened = try SwitchboardStore.open(folder: home.folder, extraMigrations: [later])
        let tables = try reopened.pool.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
        #expect(tables.contains("test_mapping"))
        #expect(tables.contains("tenant"))
        #expect(try reopened.appliedMigrations().last == "v2-test-mapping")
        // Opening again without the extra migration keeps working (no downgrade check trips).
        _ = try SwitchboardStore.open(folder: home.folder, extraMigrations: [later])
    }

    @Test("a data folder path that is a file is a clear error")
    func folderIsFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sb-file-\(UUID())")
        try Data().write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: StoreError.notAFolder(url.path)) { try SwitchboardStore.open(folder: DataFolder(url: url)) }
    }
}
