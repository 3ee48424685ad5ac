import Foundation
import SwitchboardCore

/// The Connectivity API's error bodies: `{"error": {"code", "message", "details"?}}`.
enum AlloyErrors {
    /// An error reply with Alloy's shape.
    static func body(_ status: Int, _ code: String, _ message: String, details: JSONValue? = nil) -> SandboxReply {
        var error = JSONObject([("code", .string(code)), ("message", .string(message))])
        if let details { error["details"] = details }
        return .json(status, ["error": .object(error)])
    }

    /// VALIDATION_ERROR naming the field and the reason, as the seed shows for an invalid field value.
    static func validation(_ message: String, field: String, reason: String, extra: [(String, JSONValue)] = []) -> SandboxReply {
        var details = JSONObject([("field", .string(field)), ("reason", .string(reason))])
        for (k, v) in extra { details[k] = v }
        return body(400, "VALIDATION_ERROR", message, details: .object(details))
    }

    /// A header that is missing or wrong.
    static func header(_ name: String, _ reason: String) -> SandboxReply {
        validation("Invalid request header", field: name, reason: reason)
    }

    /// The API key is missing or unknown.
    static func unauthorized(_ reason: String) -> SandboxReply {
        body(401, "UNAUTHORIZED", "Invalid API key", details: .string(reason))
            .adding("WWW-Authenticate", "Bearer realm=\"alloy\"")
    }

    /// The end user's credential cannot be used (expired, revoked, deleted).
    static func invalidCredential(_ details: String = "User needs to re-authenticate") -> SandboxReply {
        body(401, "INVALID_CREDENTIAL", "The credential has expired or been revoked", details: .string(details))
    }

    /// Alloy's own limit or the CRM's was hit; `Retry-After` says when to come back.
    static func rateLimited(retryAfter: Int) -> SandboxReply {
        body(429, "RATE_LIMIT_EXCEEDED", "Too many requests").adding("Retry-After", String(max(1, retryAfter)))
    }

    static func notFound(_ message: String) -> SandboxReply { body(404, "NOT_FOUND", message) }

    static func methodNotAllowed(_ r: SandboxRequest) -> SandboxReply {
        body(405, "METHOD_NOT_ALLOWED", "\(r.method) is not supported on \(r.rawPath)")
    }
}
