import Foundation
import SwitchboardCore

/// Pipedrive's error bodies: `{"success": false, "error", "errorCode", "error_info"}` (v1) and the
/// v2 validation shape with `"code": "ERR_SCHEMA_VALIDATION_FAILED"`.
enum PipedriveErrors {
    static let info = "Please check developers.pipedrive.com for more information about Pipedrive API."

    static func body(_ status: Int, _ message: String, code: String? = nil) -> SandboxReply {
        var o = JSONObject()
        o["success"] = false
        o["error"] = .string(message)
        if let code { o["code"] = .string(code) } else { o["errorCode"] = .number(Double(status)) }
        o["error_info"] = .string(info)
        o["data"] = .null
        o["additional_data"] = .null
        return .json(status, .object(o))
    }

    /// 400 for a body that breaks the endpoint's schema or the account's fields.
    static func validation(_ message: String) -> SandboxReply {
        body(400, "Validation failed: \(message)", code: "ERR_SCHEMA_VALIDATION_FAILED")
    }

    static func unauthorized() -> SandboxReply { body(401, "unauthorized access") }

    static func notFound(_ singular: String) -> SandboxReply { body(404, "\(singular.prefix(1).uppercased() + singular.dropFirst()) not found") }

    static func rateLimited() -> SandboxReply {
        .json(429, ["success": false, "error": "Request over limit", "errorCode": 429, "error_info": .string(info)])
    }
}
