import Foundation

/// An activity logged on a record by hand (the console's "log activity"): `TYPE: subject | body`,
/// e.g. `call: Onboarding call | Walked through the import` (the type defaults to `call`), made
/// into the universal activity fields about a contact, happening now.
public enum ActivityLog {
    /// Why a logged activity's text is refused.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The type, subject and body in `text`.
    public static func parse(_ text: String) throws(Problem) -> (type: String, subject: String, body: String) {
        var rest = text.trimmingCharacters(in: .whitespaces)
        var type = "call"
        if let colon = rest.firstIndex(of: ":") {
            let word = rest[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            guard ConnectorManifest.activityTypes.contains(word) else {
                throw Problem(description: "\"\(word)\" is not an activity type; use \(ConnectorManifest.activityTypes.joined(separator: ", "))")
            }
            type = word
            rest = String(rest[rest.index(after: colon)...])
        }
        let parts = rest.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let subject = parts.first ?? ""
        guard !subject.isEmpty else { throw Problem(description: "give a subject: TYPE: subject | body") }
        guard subject.count <= 255 else { throw Problem(description: "the subject is longer than 255 characters") }
        return (type, subject, parts.count > 1 ? parts[1] : "")
    }

    /// The universal fields of the activity about `contactID`, at `time`.
    public static func fields(type: String, subject: String, body: String, contactID: String, at time: Date) -> JSONObject {
        let when = JSONValue.string(DateText.isoDateTime(time))
        var o = JSONObject([("activity_type", .string(type)), ("activity_subject", .string(subject)), ("activity_occurred_at", when),
                            ("activity_due_at", when), ("activity_status", .string(type == "task" ? "not_started" : "completed")),
                            ("activity_contact_id", .string(contactID))])
        if !body.isEmpty { o["activity_body"] = .string(body) }
        return o
    }
}
