import Foundation
import GRDB

/// Creates, finds, renames and deletes tenants in the store.
public struct TenantStore: Sendable {
    private let store: SwitchboardStore
    private let now: @Sendable () -> Date

    /// Tenants in `store`.
    public init(store: SwitchboardStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Adds a tenant; the name must be new (ignoring case) and valid.
    @discardableResult
    public func create(name: String, externalID: String? = nil) throws(TenantError) -> Tenant {
        try Tenant.validate(name: name)
        let external = externalID.flatMap { $0.isEmpty ? nil : $0 }
        let created = now()
        return try write { db in
            if try Self.fetch(db, name: name) != nil { throw TenantError.duplicateName(name) }
            if let external, let other = try String.fetchOne(db, sql: "SELECT name FROM tenant WHERE external_id = ?", arguments: [external]) {
                throw TenantError.duplicateExternalID(external, usedBy: other)
            }
            try db.execute(sql: "INSERT INTO tenant (name, external_id, created_at) VALUES (?, ?, ?)",
                           arguments: [name, external, created.timeIntervalSince1970])
            return Tenant(id: db.lastInsertedRowID, name: name, externalID: external, createdAt: created)
        }
    }

    /// Every tenant, sorted by name.
    public func list() throws(TenantError) -> [Tenant] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tenant ORDER BY name COLLATE NOCASE").map(Self.tenant)
        }
    }

    /// The tenant called `name` (ignoring case), or an error naming it.
    public func get(_ name: String) throws(TenantError) -> Tenant {
        guard let tenant = try find(name) else { throw .notFound(name) }
        return tenant
    }

    /// The tenant called `name` (ignoring case), if any.
    public func find(_ name: String) throws(TenantError) -> Tenant? {
        try read { db in try Self.fetch(db, name: name) }
    }

    /// Renames a tenant; its credentials and other data follow it.
    @discardableResult
    public func rename(_ old: String, to new: String) throws(TenantError) -> Tenant {
        try Tenant.validate(name: new)
        return try write { db in
            guard var tenant = try Self.fetch(db, name: old) else { throw TenantError.notFound(old) }
            if let other = try Self.fetch(db, name: new), other.id != tenant.id { throw TenantError.duplicateName(new) }
            try db.execute(sql: "UPDATE tenant SET name = ? WHERE id = ?", arguments: [new, tenant.id])
            tenant.name = new
            return tenant
        }
    }

    /// How many credentials the tenant holds.
    public func credentialCount(_ tenant: Tenant) throws(TenantError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credential WHERE tenant_id = ?", arguments: [tenant.id]) ?? 0 }
    }

    /// Deletes a tenant. Without `purge` it must hold no data; with it, every row that references it
    /// (credentials now; mappings, records, history and conflicts as later migrations add them) goes
    /// too, through `ON DELETE CASCADE`.
    public func delete(_ name: String, purge: Bool) throws(TenantError) {
        try write { db in
            guard let tenant = try Self.fetch(db, name: name) else { throw TenantError.notFound(name) }
            let credentials = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM credential WHERE tenant_id = ?", arguments: [tenant.id]) ?? 0
            if !purge, credentials > 0 { throw TenantError.hasData(tenant.name, credentials: credentials) }
            try db.execute(sql: "DELETE FROM tenant WHERE id = ?", arguments: [tenant.id])
        }
    }

    // MARK: - Rows

    static func fetch(_ db: Database, name: String) throws -> Tenant? {
        try Row.fetchOne(db, sql: "SELECT * FROM tenant WHERE name = ? COLLATE NOCASE", arguments: [name]).map(tenant)
    }

    static func tenant(_ row: Row) -> Tenant {
        Tenant(id: row["id"], name: row["name"], externalID: row["external_id"],
               createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    private func read<T>(_ body: (Database) throws -> T) throws(TenantError) -> T {
        do { return try store.pool.read(body) } catch { throw Self.map(error) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(TenantError) -> T {
        do { return try store.pool.write(body) } catch { throw Self.map(error) }
    }

    private static func map(_ error: any Error) -> TenantError {
        if let error = error as? TenantError { return error }
        return .store("database error: \(error)")
    }
}
