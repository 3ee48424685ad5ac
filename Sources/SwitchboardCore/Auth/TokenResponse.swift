import Foundation

/// A successful token-endpoint answer (RFC 6749 §5.1) plus the provider's extra fields we keep.
public struct TokenResponse: Sendable, Equatable {
    public var accessToken: String
    public var tokenType: String?
    public var refreshToken: String?
    /// Seconds until the access token expires, if given.
    public var expiresIn: Int?
    /// The granted scopes, if the response lists them.
    public var scopes: [String]?
    /// Non-secret fields to keep: `instance_url`, `api_domain`, the manifest's `apiHostFields`, `token_type`, ….
    public var metadata: [String: String]

    /// Fields that are never kept as metadata (they are secrets).
    static let secretFields: Set<String> = ["access_token", "refresh_token", "id_token", "signature"]
    /// Fields that are always kept when present.
    static let knownMetadata = ["instance_url", "api_domain", "token_type", "id", "issued_at", "hub_id", "hub_domain", "user", "company_id", "company_domain"]

    /// Parses the JSON body; `hostFields` are the manifest's `apiHostFields`; `separator` splits `scope`.
    public static func parse(_ body: Data, hostFields: [String], separator: String) throws(AuthError) -> TokenResponse {
        guard case .object(let object)? = try? JSONParser.parse(body) else {
            throw .invalidTokenResponse("not a JSON object")
        }
        guard let token = object["access_token"]?.stringValue, !token.isEmpty else {
            throw .invalidTokenResponse("no access_token")
        }
        var metadata: [String: String] = [:]
        for field in knownMetadata + hostFields where !secretFields.contains(field) {
            if let value = object[field], let text = value.stringValue ?? value.intValue.map(String.init) ?? value.numberValue.map({ String($0) }) {
                metadata[field] = text
            }
        }
        // A lifetime past ten years (or below zero) is not believed: kept within 0…10 years.
        let expires: Int? = object["expires_in"].flatMap { v in v.intValue ?? v.stringValue.flatMap { Int($0) } }.map { min(max($0, 0), 315_360_000) }
        let scopes = object["scope"]?.stringValue.map { Self.split($0, separator: separator) }
        return TokenResponse(accessToken: token, tokenType: object["token_type"]?.stringValue,
                             refreshToken: object["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                             expiresIn: expires, scopes: scopes, metadata: metadata)
    }

    /// Splits a scope string on the separator and on spaces.
    static func split(_ text: String, separator: String) -> [String] {
        text.components(separatedBy: separator).flatMap { $0.split(separator: " ").map(String.init) }.filter { !$0.isEmpty }
    }
}

/// An OAuth error body (RFC 6749 §5.2): `error` and `error_description`.
struct OAuthErrorBody {
    var error: String?
    var description: String?

    init(_ body: Data) {
        if case .object(let object)? = try? JSONParser.parse(body) {
            error = object["error"]?.stringValue.map { String($0.prefix(100)) }
            description = (object["error_description"]?.stringValue ?? object["message"]?.stringValue).map { String($0.prefix(300)) }
        }
    }
}
