import Foundation
import GRDB
import Testing
@testable import SwitchboardCore

/// Tenants: unique names, rename, delete that refuses to lose data unless purged.
@Suite("Tenants")
struct TenantStoreTests {
    @Test("create, list sorted, find ignoring case, external id kept")
    func createAndList() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        try home.tenants.create(name: "zeta")
        let acme = try home.tenants.create(name: "acme", externalID: "crm-42")
        #expect(try home.tenants.list().map(\.name) == ["acme", "zeta"])
        #expect(try home.tenants.get("ACME").id == acme.id)
        #expect(acme.externalID == "crm-42")
    }

    @Test("duplicate names (any case) and external ids are refused with a clear message")
    func duplicates() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        try home.tenants.create(name: "acme", externalID: "e1")
        #expect(throws: TenantError.duplicateName("Acme")) { try home.tenants.create(name: "Acme") }
        #expect(throws: TenantError.duplicateExternalID("e1", usedBy: "acme")) { try home.tenants.create(name: "other", externalID: "e1") }
        #expect(TenantError.duplicateName("acme").description.contains("already exists"))
    }

    @Test("invalid names are refused", arguments: ["", " acme", "-x", "a/b", "a b", String(repeating: "a", count: 65), "café"])
    func invalidNames(_ name: String) throws {
        let home = try TestHome()
        defer { home.cleanup() }
        #expect(throws: TenantError.invalidName(name)) { try home.tenants.create(name: name) }
    }

    @Test("rename keeps the id; renaming onto another tenant is refused; unknown tenants are named")
    func rename() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let acme = try home.tenants.create(name: "acme")
        try home.tenants.create(name: "globex")
        let renamed = try home.tenants.rename("acme", to: "acme-corp")
        #expect(renamed.id == acme.id)
        #expect(try home.tenants.find("acme") == nil)
        #expect(throws: TenantError.duplicateName("globex")) { try home.tenants.rename("acme-corp", to: "globex") }
        #expect(throws: TenantError.notFound("nobody")) { try home.tenants.rename("nobody", to: "x") }
        #expect(try home.tenants.rename("acme-corp", to: "ACME-corp").name == "ACME-corp")
    }

    @Test("delete refuses a tenant with credentials; --purge cascades to them")
    func deleteAndPurge() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let acme = try home.tenants.create(name: "acme")
        let store = home.credentials()
        try store.save(.init(kind: .apiKey, secrets: CredentialSecrets(accessToken: "key-abcdefghijkl"), scopes: [], expiresAt: nil, metadata: [:]),
                       tenant: acme, connectorID: "copper")
        #expect(throws: TenantError.hasData("acme", credentials: 1)) { try home.tenants.delete("acme", purge: false) }
        try home.tenants.delete("acme", purge: true)
        #expect(try home.tenants.find("acme") == nil)
        let rows = try home.store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM credential") }
        #expect(rows == 0)
        #expect(throws: TenantError.notFound("acme")) { try home.tenants.delete("acme", purge: true) }
    }

    @Test("an empty tenant deletes without --purge")
    func deleteEmpty() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        try home.tenants.create(name: "acme")
        try home.tenants.delete("acme", purge: false)
        #expect(try home.tenants.list().isEmpty)
    }
}

extension TenantStoreTests {
    @Test("every table with a tenant_id references tenant(id) ON DELETE CASCADE, so --purge erases it all")
    func purgeCoversEveryTenantTable() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let (checked, problems): ([String], [String]) = try home.store.pool.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'")
            var problems: [String] = [], checked: [String] = []
            for table in tables {
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] as String }
                guard columns.contains("tenant_id") else { continue }
                checked.append(table)
                let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(table))")
                let cascades = keys.contains { ($0["from"] as String) == "tenant_id" && ($0["table"] as String) == "tenant" && ($0["on_delete"] as String) == "CASCADE" }
                if !cascades { problems.append(table) }
            }
            return (checked, problems)
        }
        #expect(checked.contains("credential"))
        #expect(problems.isEmpty, "tables whose tenant_id does not cascade from tenant(id): \(problems)")
    }
}
