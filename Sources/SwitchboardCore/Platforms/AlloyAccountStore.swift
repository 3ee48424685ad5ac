import Foundation
import GRDB

/// What Switchboard keeps about its Alloy account, per Alloy base URL: the API key (sealed with the
/// master key like CRM tokens, shown only as `••••last4`), each tenant's Alloy `userId`, and the
/// `credentialId` each tenant uses per connector.
public struct AlloyAccountStore: Sendable {
    let pool: DatabasePool
    let key: MasterKey
    let now: @Sendable () -> Date

    /// The account data in `store`, sealed with `key`.
    public init(store: SwitchboardStore, key: MasterKey, now: @escaping @Sendable () -> Date = { Date() }) {
        pool = store.pool
        self.key = key
        self.now = now
    }

    /// The migration adding the tables. The tenant-owned ones cascade on tenant delete.
    public static let migrations: [StoreMigration] = [
        StoreMigration("v6-alloy-account") { db in
            try db.execute(sql: """
                CREATE TABLE alloy_api_key (
                    base_url TEXT PRIMARY KEY NOT NULL,
                    secret BLOB NOT NULL,
                    hint TEXT NOT NULL,
                    saved_at DOUBLE NOT NULL
                );
                CREATE TABLE alloy_user (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    base_url TEXT NOT NULL,
                    user_id TEXT NOT NULL,
                    username TEXT NOT NULL,
                    created_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, base_url)
                );
                CREATE TABLE alloy_credential (
                    tenant_id INTEGER NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
                    base_url TEXT NOT NULL,
                    connector_id TEXT NOT NULL,
                    credential_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    linked_at DOUBLE NOT NULL,
                    PRIMARY KEY (tenant_id, base_url, connector_id)
                );
                """)
        },
    ]

    // MARK: - API key

    /// Seals and stores the API key for `baseURL`; returns its masked hint.
    @discardableResult
    public func saveAPIKey(_ apiKey: String, baseURL: String) throws(PlatformError) -> String {
        let base = AlloyClient.normalize(baseURL)
        let sealed: Data
        do { sealed = try key.seal(Data(apiKey.utf8), context: "alloy-api-key:" + base) } catch { throw .store(error.description) }
        let hint = Redaction.hint(apiKey)
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO alloy_api_key VALUES (?, ?, ?, ?)", arguments: [base, sealed, hint, now().timeIntervalSince1970])
        }
        return hint
    }

    /// The stored API key for `baseURL`, if any.
    public func apiKey(baseURL: String) throws(PlatformError) -> String? {
        let base = AlloyClient.normalize(baseURL)
        guard let sealed = try read({ db in try Data.fetchOne(db, sql: "SELECT secret FROM alloy_api_key WHERE base_url = ?", arguments: [base]) }) else { return nil }
        do {
            return String(decoding: try key.unseal(sealed, context: "alloy-api-key:" + base), as: UTF8.self)
        } catch {
            throw .store(error.description)
        }
    }

    /// The masked hint of the stored key, if any (never the key).
    public func apiKeyHint(baseURL: String) throws(PlatformError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT hint FROM alloy_api_key WHERE base_url = ?", arguments: [AlloyClient.normalize(baseURL)]) }
    }

    /// Forgets the key for `baseURL`; true when one was stored.
    @discardableResult
    public func deleteAPIKey(baseURL: String) throws(PlatformError) -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM alloy_api_key WHERE base_url = ?", arguments: [AlloyClient.normalize(baseURL)])
            return db.changesCount > 0
        }
    }

    // MARK: - Users

    /// The Alloy user of a tenant at `baseURL`.
    public func userID(tenant: Tenant, baseURL: String) throws(PlatformError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT user_id FROM alloy_user WHERE tenant_id = ? AND base_url = ?",
                                arguments: [tenant.id, AlloyClient.normalize(baseURL)])
        }
    }

    /// Keeps the tenant's Alloy user.
    public func saveUser(_ userID: String, username: String, tenant: Tenant, baseURL: String) throws(PlatformError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO alloy_user VALUES (?, ?, ?, ?, ?)",
                           arguments: [tenant.id, AlloyClient.normalize(baseURL), userID, username, now().timeIntervalSince1970])
        }
    }

    /// Every tenant id with its user at `baseURL`.
    public func users(baseURL: String) throws(PlatformError) -> [(tenantID: Int64, userID: String, username: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT tenant_id, user_id, username FROM alloy_user WHERE base_url = ? ORDER BY tenant_id",
                             arguments: [AlloyClient.normalize(baseURL)]).map { ($0["tenant_id"], $0["user_id"], $0["username"]) }
        }
    }

    // MARK: - Credentials

    /// The credential the tenant uses for an Alloy connector id.
    public func credentialID(tenant: Tenant, connector: String, baseURL: String) throws(PlatformError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT credential_id FROM alloy_credential WHERE tenant_id = ? AND base_url = ? AND connector_id = ?",
                                arguments: [tenant.id, AlloyClient.normalize(baseURL), connector])
        }
    }

    /// Keeps the credential the tenant uses for a connector (replacing an earlier one).
    public func saveCredential(_ credentialID: String, name: String, tenant: Tenant, connector: String, baseURL: String) throws(PlatformError) {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO alloy_credential VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [tenant.id, AlloyClient.normalize(baseURL), connector, credentialID, name, now().timeIntervalSince1970])
        }
    }

    // MARK: - Plumbing

    private func read<T>(_ body: (Database) throws -> T) throws(PlatformError) -> T {
        do { return try pool.read(body) } catch { throw .store("database error: \(error)") }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(PlatformError) -> T {
        do { return try pool.write(body) } catch { throw .store("database error: \(error)") }
    }
}
