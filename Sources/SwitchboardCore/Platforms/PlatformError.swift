/// What can go wrong reaching CRMs through a platform (directly, or through a gateway such as
/// Alloy), each with what to do about it. Every `ConnectorPlatform` throws this one type, so no
/// caller needs to know which platform it is talking to.
///
/// A gateway's own codes map onto Switchboard's behaviour: `INVALID_CREDENTIAL` stops and asks for
/// re-authentication, `RATE_LIMIT_EXCEEDED` waits and retries, `VALIDATION_ERROR` fails the one
/// record with its details.
public enum PlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No API key stored or given for the platform; `hint` says how to give one.
    case noAPIKey(platform: String, hint: String)
    /// The platform refused its API key.
    case apiKeyRefused(platform: String, message: String, hint: String)
    /// The end user's CRM credential expired or was revoked: connect again (`reconnect` says how).
    case invalidCredential(message: String, details: String?, reconnect: String)
    /// Too many requests; retry after the given seconds (nil: unknown).
    case rateLimited(retryAfter: Double?)
    /// A value was refused: the field and the reason, as the API's details say.
    case validation(message: String, field: String?, reason: String?)
    /// The thing asked for does not exist at the platform (connector, action, user): its answer.
    case notFound(String)
    /// The connector or action named is not in the catalog (said before anything is sent).
    case notInCatalog(String)
    /// Any other error answer.
    case api(platform: String, status: Int, code: String, message: String)
    /// No answer at all.
    case transport(platform: String, message: String)
    /// An answer that is not what the API documents.
    case badResponse(platform: String, message: String)
    /// The tenant has no account on the platform yet; `hint` says how to create it.
    case noUser(platform: String, tenant: String, hint: String)
    /// The tenant has no credential for the connector yet; `hint` says how to connect.
    case noCredential(tenant: String, connector: String, hint: String)
    /// The authorization did not complete.
    case authorizationFailed(platform: String, message: String)
    /// The platform cannot do what was asked (e.g. sync through a gateway that has no list API).
    case unsupported(String)
    /// The local store failed.
    case store(String)
    /// The direct OAuth flow or the credential store refused (its own words).
    case auth(AuthError)

    public var description: String {
        switch self {
        case .noAPIKey(let platform, let hint): return "no \(platform) API key: \(hint)"
        case .apiKeyRefused(let platform, let m, let hint): return "\(platform) refused the API key (\(m)); \(hint)"
        case .invalidCredential(let m, let d, let reconnect):
            return "INVALID_CREDENTIAL: \(m)\(d.map { " (\($0))" } ?? ""); reconnect with \(reconnect)"
        case .rateLimited(let after):
            return "RATE_LIMIT_EXCEEDED: asked to wait\(after.map { " \(Int($0.rounded(.up))) s" } ?? "") before retrying"
        case .validation(let m, let field, let reason):
            return "VALIDATION_ERROR: \(m)" + (field.map { " (\($0)\(reason.map { ": \($0)" } ?? ""))" } ?? reason.map { " (\($0))" } ?? "")
        case .notFound(let m): return "NOT_FOUND: \(m)"
        case .notInCatalog(let m): return m
        case .api(let platform, let status, let code, let m): return "\(platform) answered \(status) \(code): \(m)"
        case .transport(let platform, let m): return "cannot reach \(platform): \(m)"
        case .badResponse(let platform, let m): return "unexpected answer from \(platform): \(m)"
        case .noUser(let platform, let t, let hint): return "tenant \(t) has no \(platform) user yet; \(hint)"
        case .noCredential(let t, let c, let hint): return "tenant \(t) has no credential for \(c); \(hint)"
        case .authorizationFailed(let platform, let m): return "the \(platform) connection did not complete: \(m)"
        case .unsupported(let m): return m
        case .store(let m): return m
        case .auth(let e): return e.description
        }
    }
}

extension PlatformError {
    /// Any error as a platform error (its own words kept).
    public init(_ error: any Error) {
        if let error = error as? PlatformError { self = error } else if let error = error as? AuthError { self = .auth(error) } else { self = .store(String(describing: error)) }
    }
}
