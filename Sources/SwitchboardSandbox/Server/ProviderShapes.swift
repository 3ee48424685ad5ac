import Foundation
import SwitchboardCore

/// How Copper, Pipedrive and Zoho shape what the limits and faults answer: rate-limit headers,
/// the over-the-limit answer, injected server errors and other transport-level errors.
enum ProviderShapes {
    /// Pipedrive's `x-ratelimit-limit`, `-remaining` and `-reset` (seconds until the window frees a request).
    static func rateHeaders(_ connector: String, _ decision: LimitsState.Decision) -> [(String, String)] {
        guard connector == "pipedrive", let rule = decision.rule else { return [] }
        return [("x-ratelimit-limit", String(rule.requests)), ("x-ratelimit-remaining", String(decision.remaining)),
                ("x-ratelimit-reset", String(max(1, Int(rule.windowSeconds.rounded(.up)))))]
    }

    /// The provider's 429, or nil for HubSpot and Salesforce (answered by their own types).
    static func rateLimited(_ connector: String) -> SandboxReply? {
        switch connector {
        case "pipedrive": return PipedriveErrors.rateLimited()
        case "copper": return CopperAPI.error(429, "Rate limit exceeded")
        case "zoho-crm": return ZohoAPI.error(429, "TOO_MANY_REQUESTS", "too many requests continuously. please try again after some time")
        default: return nil
        }
    }

    /// An injected 5xx in the provider's shape, or nil for HubSpot and Salesforce.
    static func serverError(_ connector: String, _ status: Int) -> SandboxReply? {
        switch connector {
        case "copper", "pipedrive", "zoho-crm": return error(connector, status, "The sandbox injected a \(status) fault; retry later.")
        default: return nil
        }
    }

    /// Any error in the provider's shape.
    static func error(_ connector: String, _ status: Int, _ message: String) -> SandboxReply {
        switch connector {
        case "pipedrive": return PipedriveErrors.body(status, message)
        case "copper": return CopperAPI.error(status, message)
        default: return ZohoAPI.error(status, status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST", message)
        }
    }
}
