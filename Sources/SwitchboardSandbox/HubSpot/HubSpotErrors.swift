import Foundation
import SwitchboardCore

/// HubSpot's error bodies: `{"status": "error", "message", "correlationId", "category", ...}`.
enum HubSpotErrors {
    static func body(_ status: Int, _ category: String, _ message: String, errors: [JSONValue] = [], context: JSONValue? = nil,
                     extra: [(String, JSONValue)] = []) -> SandboxReply {
        var o = JSONObject()
        o["status"] = "error"
        o["message"] = .string(message)
        o["correlationId"] = .string(SandboxState.correlationID())
        if let context { o["context"] = context }
        if !errors.isEmpty { o["errors"] = .array(errors) }
        for (k, v) in extra { o[k] = v }
        o["category"] = .string(category)
        return .json(status, .object(o))
    }

    static func validation(_ message: String) -> SandboxReply { body(400, "VALIDATION_ERROR", message) }

    static func invalidJSON(_ e: JSONSyntaxError) -> SandboxReply {
        validation("Invalid input JSON on line \(e.line), column \(e.column): \(e.reason)")
    }

    /// One failed property check, as HubSpot lists them inside "Property values were not valid".
    struct PropertyProblem: Sendable {
        var name: String
        var code: String
        var message: String

        var json: JSONValue {
            ["isValid": false, "message": .string(message), "error": .string(code), "name": .string(name), "localizedErrorMessage": .string(message)]
        }
    }

    static func invalidProperties(_ problems: [PropertyProblem]) -> SandboxReply {
        let list = JSONWriter.compact(.array(problems.map(\.json)))
        return body(400, "VALIDATION_ERROR", "Property values were not valid: \(list)",
                    errors: problems.map { ["message": .string($0.message), "code": .string($0.code), "context": ["propertyName": [.string($0.name)]]] })
    }

    static func conflict(existingID: String) -> SandboxReply {
        body(409, "CONFLICT", "Contact already exists. Existing ID: \(existingID)")
    }

    static func notFound(_ id: String) -> SandboxReply {
        body(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.", context: ["id": [.string(id)]])
    }

    static func unauthorized(_ rejection: TokenBook.Rejection) -> SandboxReply {
        switch rejection {
        case .expired(let ago):
            return body(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired \(ago) second(s) ago.",
                        context: ["expire time": [.string(SandboxTime.iso(SandboxTime.nowMs() - Int64(ago) * 1000))]])
        case .missing:
            return body(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview")
        case .unknown, .revoked:
            return body(401, "INVALID_AUTHENTICATION", "The OAuth token used to make this call is not valid or has been revoked.")
        }
    }

    static func missingScope(_ scope: String) -> SandboxReply {
        body(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
             errors: [["message": "One or more of the following scopes are required.", "context": ["requiredGranularScopes": [.string(scope)]]]])
    }

    static func rateLimited() -> SandboxReply {
        body(429, "RATE_LIMITS", "You have reached your ten_secondly_rolling limit.",
             extra: [("errorType", "RATE_LIMIT"), ("policyName", "TEN_SECONDLY_ROLLING")])
    }
}
