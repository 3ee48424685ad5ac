import Foundation

/// A tenant's stored authorization for one connector, without its secrets.
///
/// The tokens themselves live encrypted in the store; `CredentialSecrets` holds them once decrypted.
public struct Credential: Sendable, Equatable {
    /// What kind of secret backs the credential.
    public enum Kind: String, Sendable, Equatable { case oauth2, apiKey }

    /// Whether the credential can be used.
    public enum Status: String, Sendable, Equatable {
        /// Usable (an expired access token is refreshed on demand).
        case valid
        /// The provider refused the refresh token (`invalid_grant`): run `auth login` again.
        case needsReauth = "needs_reauth"
    }

    /// A stable id such as `cred_5f2c…`, shown to users.
    public var id: String
    /// The tenant's database id.
    public var tenantID: Int64
    /// The connector id, e.g. "hubspot".
    public var connectorID: String
    public var kind: Kind
    public var status: Status
    /// The scopes the provider granted (or requested, when the token response omits them).
    public var scopes: [String]
    /// When the access token expires; nil when the provider gives no expiry.
    public var expiresAt: Date?
    /// Non-secret token-response fields: `instance_url`, `api_domain`, `token_type`, …
    public var metadata: [String: String]
    /// `••••last4` of the access token or API key.
    public var tokenHint: String
    /// Whether a refresh token is stored.
    public var hasRefreshToken: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// When the access token was last refreshed.
    public var refreshedAt: Date?

    /// A credential value.
    public init(id: String, tenantID: Int64, connectorID: String, kind: Kind, status: Status, scopes: [String],
                expiresAt: Date?, metadata: [String: String], tokenHint: String, hasRefreshToken: Bool,
                createdAt: Date, updatedAt: Date, refreshedAt: Date? = nil) {
        self.id = id
        self.tenantID = tenantID
        self.connectorID = connectorID
        self.kind = kind
        self.status = status
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.tokenHint = tokenHint
        self.hasRefreshToken = hasRefreshToken
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.refreshedAt = refreshedAt
    }

    /// Whether the access token has expired (or will within `margin` seconds) at `now`.
    public func isExpired(at now: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt.timeIntervalSince(now) <= margin
    }

    /// A one-word state for tables: "valid", "expired" (refreshable), "needs re-auth".
    public func state(at now: Date) -> String {
        switch status {
        case .needsReauth: return "needs re-auth"
        case .valid: return isExpired(at: now) ? (hasRefreshToken ? "expired (will refresh)" : "expired") : "valid"
        }
    }

    /// A new random credential id.
    public static func newID() -> String {
        "cred_" + Random.hex(bytes: 8)
    }
}

/// The secret part of a credential, kept only in memory and encrypted at rest.
public struct CredentialSecrets: Sendable, Equatable, Codable {
    /// The OAuth access token, or the API key.
    public var accessToken: String
    /// The OAuth refresh token, if the provider issued one.
    public var refreshToken: String?

    /// Secrets for a credential.
    public init(accessToken: String, refreshToken: String? = nil) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
    }
}

extension Credential {
    /// The metadata key naming the connector's token method a credential uses (`private-app`).
    public static let methodKey = "method"
    /// The prefix of the metadata keys holding a token method's inputs (`input.userEmail`).
    static let inputPrefix = "input."

    /// A token method's inputs from a credential's metadata.
    public static func inputs(of metadata: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in metadata where key.hasPrefix(inputPrefix) { out[String(key.dropFirst(inputPrefix.count))] = value }
        return out
    }

    /// The metadata a token method's credential is stored with.
    public static func metadata(method: String, inputs: [String: String]) -> [String: String] {
        var out = [methodKey: method]
        for (key, value) in inputs { out[inputPrefix + key] = value }
        return out
    }

    /// How it was connected, for status lines: `oauth2`, `apiKey`, or the token method's id.
    public var kindDescription: String { metadata[Self.methodKey] ?? kind.rawValue }
}
