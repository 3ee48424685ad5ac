/// What can go wrong talking to the Alloy Connectivity API, each with what to do about it.
///
/// The API's own codes map onto Switchboard's behaviour: `INVALID_CREDENTIAL` stops and asks for
/// re-authentication, `RATE_LIMIT_EXCEEDED` waits and retries, `VALIDATION_ERROR` fails the one
/// record with its details.
public enum AlloyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No API key stored or given.
    case noAPIKey
    /// The API refused the API key (401 without INVALID_CREDENTIAL).
    case apiKeyRefused(String)
    /// The end user's CRM credential expired or was revoked: connect again.
    case invalidCredential(message: String, details: String?)
    /// Too many requests; retry after the given seconds (nil: unknown).
    case rateLimited(retryAfter: Double?)
    /// A value was refused: the field and the reason, as the API's details say.
    case validation(message: String, field: String?, reason: String?)
    /// The thing asked for does not exist (connector, action, user).
    case notFound(String)
    /// Any other error answer.
    case api(status: Int, code: String, message: String)
    /// No answer at all.
    case transport(String)
    /// An answer that is not what the API documents.
    case badResponse(String)
    /// The tenant has no Alloy user yet.
    case noUser(tenant: String)
    /// The tenant has no credential for the connector yet.
    case noCredential(tenant: String, connector: String)
    /// The authorization did not complete.
    case authorizationFailed(String)
    /// The local store failed.
    case store(String)

    public var description: String {
        switch self {
        case .noAPIKey:
            return "no Alloy API key: set SWITCHBOARD_ALLOY_API_KEY or run `switchboard alloy login` (reads the key from standard input)"
        case .apiKeyRefused(let m):
            return "Alloy refused the API key (\(m)); check it in the Alloy Dashboard → Settings → API Keys and run `switchboard alloy login` again"
        case .invalidCredential(let m, let d):
            return "INVALID_CREDENTIAL: \(m)\(d.map { " (\($0))" } ?? ""); reconnect with `switchboard auth login CONNECTOR --tenant T --platform alloy --force`"
        case .rateLimited(let after):
            return "RATE_LIMIT_EXCEEDED: Alloy asks to wait\(after.map { " \(Int($0.rounded(.up))) s" } ?? "") before retrying"
        case .validation(let m, let field, let reason):
            return "VALIDATION_ERROR: \(m)" + (field.map { " (\($0)\(reason.map { ": \($0)" } ?? ""))" } ?? reason.map { " (\($0))" } ?? "")
        case .notFound(let m): return "NOT_FOUND: \(m)"
        case .api(let status, let code, let m): return "Alloy answered \(status) \(code): \(m)"
        case .transport(let m): return "cannot reach Alloy: \(m)"
        case .badResponse(let m): return "unexpected answer from Alloy: \(m)"
        case .noUser(let t): return "tenant \(t) has no Alloy user yet; run `switchboard alloy users create --tenant \(t)`"
        case .noCredential(let t, let c):
            return "tenant \(t) has no Alloy credential for \(c); connect with `switchboard auth login \(c) --tenant \(t) --platform alloy`"
        case .authorizationFailed(let m): return "the Alloy connection did not complete: \(m)"
        case .store(let m): return m
        }
    }
}
