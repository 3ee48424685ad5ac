import Crypto
import Foundation
import SwitchboardCore

/// The provider's memory: pending consents, authorization codes, access and refresh tokens.
/// Kept in memory (a restarted sandbox forgets its tokens, like a revoked app).
final class TokenBook: Sendable {
    /// What an access token grants.
    struct AccessGrant: Sendable {
        var connector: String
        var clientID: String
        var account: String
        var scopes: Set<String>
        var expiresAt: Double?
        var revoked = false
    }

    /// A refresh token's grant.
    struct RefreshGrant: Sendable {
        var connector: String
        var clientID: String
        var account: String
        var scopes: Set<String>
        var active = true
    }

    /// An authorization request waiting for the user's decision, or a code waiting to be exchanged.
    struct Authorization: Sendable {
        var connector: String
        var clientID: String
        var redirectURI: String
        var state: String?
        var codeChallenge: String
        var scopes: [String]
        var offline: Bool
        var account: String
        var expiresAt: Double
        var used = false
        var issuedAccess: [String] = []
        var issuedRefresh: [String] = []
    }

    /// Why a token was not accepted.
    enum Rejection: Sendable, Equatable {
        case missing, unknown, revoked
        case expired(secondsAgo: Int)
    }

    private struct State {
        var pending: [String: Authorization] = [:]
        var codes: [String: Authorization] = [:]
        var access: [String: AccessGrant] = [:]
        var refresh: [String: RefreshGrant] = [:]
        /// Access tokens issued with each refresh token (revoked together).
        var accessByRefresh: [String: [String]] = [:]
    }

    private let state = Locked(State())

    // MARK: Authorization requests and codes

    /// Remembers a request shown on the consent page; returns its id.
    func addPending(_ a: Authorization) -> String {
        let id = Self.random(16)
        state.withLock { $0.pending[id] = a }
        return id
    }

    /// Takes a pending request (single use).
    func takePending(_ id: String) -> Authorization? {
        state.withLock { s in s.pending.removeValue(forKey: id) }
    }

    /// Issues a code for an approved request.
    func issueCode(_ a: Authorization) -> String {
        let code = "sbx-code-" + Self.random(24)
        state.withLock { $0.codes[code] = a }
        return code
    }

    /// Redeems a code: the authorization if it is valid and unused. A second use of a code
    /// revokes every token issued from it (RFC 6749 §4.1.2) and fails.
    func redeem(code: String, now: Double) -> Outcome<Authorization, String> {
        state.withLock { s in
            guard var a = s.codes[code] else { return .failure("authorization code is invalid") }
            if a.used {
                for t in a.issuedAccess { s.access[t]?.revoked = true }
                for t in a.issuedRefresh { s.refresh[t]?.active = false }
                return .failure("authorization code was already used; the tokens issued with it are revoked")
            }
            a.used = true
            s.codes[code] = a
            if now > a.expiresAt { return .failure("authorization code expired") }
            return .success(a)
        }
    }

    /// Records the tokens issued for a code, so that reusing the code revokes them.
    func attach(code: String, access: String, refresh: String?) {
        state.withLock { s in
            s.codes[code]?.issuedAccess.append(access)
            if let refresh { s.codes[code]?.issuedRefresh.append(refresh) }
        }
    }

    // MARK: Tokens

    /// Issues an access token (and a refresh token when asked).
    func issue(connector: String, clientID: String, account: String, scopes: Set<String>, ttl: Double?, withRefresh: Bool,
               now: Double) -> (access: String, refresh: String?) {
        let access = "sbx-\(connector)-at-" + Self.random(24)
        let refresh = withRefresh ? "sbx-\(connector)-rt-" + Self.random(24) : nil
        state.withLock { s in
            s.access[access] = AccessGrant(connector: connector, clientID: clientID, account: account, scopes: scopes,
                                           expiresAt: ttl.map { now + $0 })
            if let refresh {
                s.refresh[refresh] = RefreshGrant(connector: connector, clientID: clientID, account: account, scopes: scopes)
                s.accessByRefresh[refresh] = [access]
            }
        }
        return (access, refresh)
    }

    /// Issues a new access token for a refresh token; with `rotate` the refresh token is replaced.
    func refresh(_ token: String, clientID: String, connector: String, scopes requested: Set<String>?, ttl: Double?, rotate: Bool,
                 now: Double) -> Outcome<(access: String, refresh: String?, scopes: Set<String>), String> {
        state.withLock { s in
            guard let grant = s.refresh[token], grant.connector == connector else { return .failure("refresh token is invalid") }
            guard grant.active else { return .failure("refresh token is invalid, expired or revoked") }
            guard grant.clientID == clientID else { return .failure("refresh token was issued to another client") }
            let scopes = requested ?? grant.scopes
            guard scopes.isSubset(of: grant.scopes) else { return .failure("requested scope exceeds the scope originally granted") }
            let access = "sbx-\(connector)-at-" + Self.random(24)
            s.access[access] = AccessGrant(connector: connector, clientID: clientID, account: grant.account, scopes: scopes,
                                           expiresAt: ttl.map { now + $0 })
            if rotate {
                let next = "sbx-\(connector)-rt-" + Self.random(24)
                s.refresh[token]?.active = false
                s.refresh[next] = RefreshGrant(connector: connector, clientID: clientID, account: grant.account, scopes: grant.scopes)
                s.accessByRefresh[next] = (s.accessByRefresh.removeValue(forKey: token) ?? []) + [access]
                return .success((access, next, scopes))
            }
            s.accessByRefresh[token, default: []].append(access)
            return .success((access, nil, scopes))
        }
    }

    /// Revokes an access or refresh token (a refresh token takes its access tokens with it).
    /// Only the client the token was issued to may revoke it; others are ignored (RFC 7009 §2.1).
    func revoke(_ token: String, clientID: String) {
        state.withLock { s in
            if let grant = s.refresh[token], grant.clientID == clientID {
                s.refresh[token]?.active = false
                for t in s.accessByRefresh[token] ?? [] { s.access[t]?.revoked = true }
            } else if let grant = s.access[token], grant.clientID == clientID {
                s.access[token]?.revoked = true
            }
        }
    }

    /// The grant of a valid access token for `connector`, or why it is refused.
    func check(_ token: String?, connector: String, now: Double) -> Outcome<AccessGrant, Rejection> {
        guard let token, !token.isEmpty else { return .failure(.missing) }
        return state.withLock { s in
            guard let grant = s.access[token], grant.connector == connector else { return .failure(.unknown) }
            if grant.revoked { return .failure(.revoked) }
            if let exp = grant.expiresAt, now >= exp { return .failure(.expired(secondsAgo: max(0, Int(now - exp)))) }
            return .success(grant)
        }
    }

    // MARK: Helpers

    /// `n` random bytes as base64url without padding.
    static func random(_ n: Int) -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
        return base64url(Data(bytes))
    }

    /// Base64url without padding (RFC 4648 §5).
    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The PKCE S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))).
    static func challenge(forVerifier verifier: String) -> String {
        base64url(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// A token shortened for logs: its first 12 characters and an ellipsis.
    static func redact(_ token: String) -> String { token.count <= 12 ? "…" : String(token.prefix(12)) + "…" }
}
