import Foundation
import GRDB

/// Saves and loads credentials, encrypting their secrets with the master key (AES-GCM, bound to the
/// credential id so sealed blobs cannot be swapped between rows).
public struct CredentialStore: Sendable {
    private let store: SwitchboardStore
    private let key: MasterKey
    private let now: @Sendable () -> Date

    /// Credentials in `store`, sealed with `key`.
    public init(store: SwitchboardStore, key: MasterKey, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.key = key
        self.now = now
    }

    /// What a new credential holds, before it is stored.
    public struct NewCredential: Sendable {
        public var kind: Credential.Kind
        public var secrets: CredentialSecrets
        public var scopes: [String]
        public var expiresAt: Date?
        public var metadata: [String: String]

        /// A credential to store.
        public init(kind: Credential.Kind, secrets: CredentialSecrets, scopes: [String], expiresAt: Date?, metadata: [String: String]) {
            self.kind = kind
            self.secrets = secrets
            self.scopes = scopes
            self.expiresAt = expiresAt
            self.metadata = metadata
        }
    }

    /// Stores a credential for `tenant` and `connectorID`, replacing any earlier one.
    @discardableResult
    public func save(_ new: NewCredential, tenant: Tenant, connectorID: String) throws(AuthError) -> Credential {
        let id = Credential.newID()
        let stamp = now()
        let sealed = try seal(new.secrets, id: id)
        let credential = Credential(id: id, tenantID: tenant.id, connectorID: connectorID, kind: new.kind, status: .valid,
                                    scopes: new.scopes, expiresAt: new.expiresAt, metadata: new.metadata,
                                    tokenHint: Redaction.hint(new.secrets.accessToken),
                                    hasRefreshToken: new.secrets.refreshToken != nil, createdAt: stamp, updatedAt: stamp)
        try write { db in
            try db.execute(sql: "DELETE FROM credential WHERE tenant_id = ? AND connector_id = ?", arguments: [tenant.id, connectorID])
            try db.execute(sql: """
                INSERT INTO credential (id, tenant_id, connector_id, kind, status, scopes, expires_at, metadata, secret,
                                        token_hint, has_refresh_token, created_at, updated_at, refreshed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
                """, arguments: [id, tenant.id, connectorID, new.kind.rawValue, Credential.Status.valid.rawValue,
                                 Self.encode(new.scopes), new.expiresAt?.timeIntervalSince1970, Self.encode(new.metadata),
                                 sealed, credential.tokenHint, credential.hasRefreshToken, stamp.timeIntervalSince1970, stamp.timeIntervalSince1970])
        }
        return credential
    }

    /// The tenant's credential for the connector, if any.
    public func find(tenant: Tenant, connectorID: String) throws(AuthError) -> Credential? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM credential WHERE tenant_id = ? AND connector_id = ?",
                             arguments: [tenant.id, connectorID]).map(Self.credential)
        }
    }

    /// The credential with `id`, if any.
    public func find(id: String) throws(AuthError) -> Credential? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM credential WHERE id = ?", arguments: [id]).map(Self.credential) }
    }

    /// Every credential, or only the tenant's, ordered by tenant then connector.
    public func list(tenant: Tenant? = nil) throws(AuthError) -> [Credential] {
        try read { db in
            if let tenant {
                return try Row.fetchAll(db, sql: "SELECT * FROM credential WHERE tenant_id = ? ORDER BY connector_id",
                                        arguments: [tenant.id]).map(Self.credential)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM credential ORDER BY tenant_id, connector_id").map(Self.credential)
        }
    }

    /// Decrypts the credential's secrets.
    public func secrets(of credential: Credential) throws(AuthError) -> CredentialSecrets {
        let sealed: Data? = try read { db in
            try Data.fetchOne(db, sql: "SELECT secret FROM credential WHERE id = ?", arguments: [credential.id])
        }
        guard let sealed else { throw .credentialGone(credential.id) }
        let plain = try key.unseal(sealed, context: Self.context(credential.id))
        do { return try JSONDecoder().decode(CredentialSecrets.self, from: plain) } catch {
            throw .cannotDecrypt("the credential \(credential.id) holds unreadable secrets")
        }
    }

    /// Replaces the tokens after a refresh; keeps the old refresh token when `secrets` has none.
    @discardableResult
    public func updateTokens(_ credential: Credential, secrets: CredentialSecrets, expiresAt: Date?, scopes: [String]?,
                             metadata: [String: String]) throws(AuthError) -> Credential {
        var merged = secrets
        if merged.refreshToken == nil { merged.refreshToken = try self.secrets(of: credential).refreshToken }
        let sealed = try seal(merged, id: credential.id)
        let stamp = now()
        var updated = credential
        updated.status = .valid
        updated.expiresAt = expiresAt
        if let scopes, !scopes.isEmpty { updated.scopes = scopes }
        updated.metadata.merge(metadata) { _, new in new }
        updated.tokenHint = Redaction.hint(merged.accessToken)
        updated.hasRefreshToken = merged.refreshToken != nil
        updated.updatedAt = stamp
        updated.refreshedAt = stamp
        let changed = try write { db in
            try db.execute(sql: """
                UPDATE credential SET status = ?, scopes = ?, expires_at = ?, metadata = ?, secret = ?, token_hint = ?,
                                      has_refresh_token = ?, updated_at = ?, refreshed_at = ? WHERE id = ?
                """, arguments: [updated.status.rawValue, Self.encode(updated.scopes), expiresAt?.timeIntervalSince1970,
                                 Self.encode(updated.metadata), sealed, updated.tokenHint, updated.hasRefreshToken, stamp.timeIntervalSince1970,
                                 stamp.timeIntervalSince1970, credential.id])
            return db.changesCount
        }
        guard changed == 1 else { throw .credentialGone(credential.id) }
        return updated
    }

    /// Marks the credential as needing a new login (the provider refused its refresh token).
    /// Adds metadata members to a credential (kept with it, not secret), returning it updated.
    public func addMetadata(_ credential: Credential, _ members: [String: String]) throws(AuthError) -> Credential {
        var updated = credential
        updated.metadata.merge(members) { _, new in new }
        let metadata = Self.encode(updated.metadata)
        try write { db in try db.execute(sql: "UPDATE credential SET metadata = ? WHERE id = ?", arguments: [metadata, credential.id]) }
        return updated
    }

    public func markNeedsReauth(_ credential: Credential) throws(AuthError) {
        try write { db in
            try db.execute(sql: "UPDATE credential SET status = ?, updated_at = ? WHERE id = ?",
                           arguments: [Credential.Status.needsReauth.rawValue, now().timeIntervalSince1970, credential.id])
        }
    }

    /// Deletes the credential.
    public func delete(_ credential: Credential) throws(AuthError) {
        try write { db in try db.execute(sql: "DELETE FROM credential WHERE id = ?", arguments: [credential.id]) }
    }

    // MARK: - Encoding

    private func seal(_ secrets: CredentialSecrets, id: String) throws(AuthError) -> Data {
        let plain: Data
        do { plain = try JSONEncoder().encode(secrets) } catch { throw .cannotDecrypt("cannot encode secrets") }
        return try key.seal(plain, context: Self.context(id))
    }

    static func context(_ id: String) -> String { "switchboard.credential.v1:" + id }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }

    private static func credential(_ row: Row) -> Credential {
        let scopesText: String = row["scopes"]
        let metadataText: String = row["metadata"]
        let scopes = (try? JSONDecoder().decode([String].self, from: Data(scopesText.utf8))) ?? []
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8))) ?? [:]
        let expires: Double? = row["expires_at"]
        let refreshed: Double? = row["refreshed_at"]
        let hint: String = row["token_hint"]
        return Credential(id: row["id"], tenantID: row["tenant_id"], connectorID: row["connector_id"],
                          kind: Credential.Kind(rawValue: row["kind"]) ?? .oauth2,
                          status: Credential.Status(rawValue: row["status"]) ?? .needsReauth,
                          scopes: scopes, expiresAt: expires.map(Date.init(timeIntervalSince1970:)), metadata: metadata,
                          tokenHint: hint, hasRefreshToken: row["has_refresh_token"],
                          createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]),
                          refreshedAt: refreshed.map(Date.init(timeIntervalSince1970:)))
    }

    private func read<T>(_ body: (Database) throws -> T) throws(AuthError) -> T {
        do { return try store.pool.read(body) } catch { throw Self.map(error) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws(AuthError) -> T {
        do { return try store.pool.write(body) } catch { throw Self.map(error) }
    }

    private static func map(_ error: any Error) -> AuthError {
        if let error = error as? AuthError { return error }
        return .store("database error: \(error)")
    }
}
