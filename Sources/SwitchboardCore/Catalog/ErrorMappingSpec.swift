/// Switchboard's own error codes, the vocabulary every provider error is mapped to.
public enum ConnectorErrorCode: String, Sendable, Equatable, CaseIterable {
    case invalidCredential = "INVALID_CREDENTIAL"
    case rateLimitExceeded = "RATE_LIMIT_EXCEEDED"
    case validationError = "VALIDATION_ERROR"
    case notFound = "NOT_FOUND"
    case conflict = "CONFLICT"
    case providerError = "PROVIDER_ERROR"

    /// Whether a request failing with this code may succeed when retried unchanged.
    public var isRetryable: Bool { self == .rateLimitExceeded || self == .providerError }
}

/// One rule mapping a provider error response to our code; rules are tried in order, first match wins.
///
/// Keys: `code` (required), `status` (HTTP status), `when` (`{"pointer": "/category", "equals": [..]}`:
/// the string at `pointer` in the error body is one of `equals`), `messagePointer` (where the
/// provider's message is), `example` (a real error body of this kind; it must satisfy `when`),
/// `existingIDPointer` (where a duplicate error names the record that exists, e.g. Zoho's
/// `DUPLICATE_DATA`: the write is then linked to it instead of failing).
/// A rule with neither `status` nor `when` matches any error.
public struct ErrorMappingSpec: Sendable, Equatable {
    public var status: Int?
    public var whenPointer: JSONPointer?
    public var whenEquals: [String]
    public var code: ConnectorErrorCode
    public var messagePointer: JSONPointer?
    public var example: JSONValue?
    public var existingIDPointer: JSONPointer?

    static let keys = ManifestKeys(required: ["code"], optional: ["status", "when", "messagePointer", "example", "existingIDPointer"])
    static let whenKeys = ManifestKeys(required: ["pointer", "equals"], optional: [])

    /// Whether this rule matches a response with `status` and decoded `body`.
    public func matches(status: Int, body: JSONValue?) -> Bool {
        if let s = self.status, s != status { return false }
        if let p = whenPointer {
            guard let v = body?.value(at: p)?.stringValue, whenEquals.contains(v) else { return false }
        }
        return true
    }

    /// The provider's message in `body`, when the rule says where it is.
    public func message(in body: JSONValue) -> String? {
        messagePointer.flatMap { body.value(at: $0)?.stringValue }
    }

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> ErrorMappingSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let code = o.enumeration("code", ConnectorErrorCode.self, what: "error code")
        let status = o.int("status", in: 100...599)
        var whenPointer: JSONPointer?
        var whenEquals: [String] = []
        if let w = r.object(o.value("when"), at: o.at("when"), keys: whenKeys) {
            whenPointer = w.jsonPointer("pointer")
            whenEquals = w.strings("equals") ?? []
            if w.has("equals") && whenEquals.isEmpty { r.report(w.at("equals"), "must list at least one value") }
        }
        let messagePointer = o.jsonPointer("messagePointer")
        let example = o.value("example")
        if let example, let whenPointer, !whenEquals.isEmpty {
            let found = example.value(at: whenPointer)?.stringValue
            if found.map({ !whenEquals.contains($0) }) ?? true {
                r.report(o.at("example"), "example does not match `when`: \(whenPointer.displayString) is \(found.map { "\"\($0)\"" } ?? "absent")")
            }
        }
        if let example, let messagePointer, example.value(at: messagePointer)?.stringValue == nil {
            r.report(o.at("messagePointer"), "no string at \(messagePointer.displayString) in the example")
        }
        let existingIDPointer = o.jsonPointer("existingIDPointer")
        if let example, let existingIDPointer, example.value(at: existingIDPointer) == nil {
            r.report(o.at("existingIDPointer"), "no value at \(existingIDPointer.displayString) in the example")
        }
        guard let code else { return nil }
        return ErrorMappingSpec(status: status, whenPointer: whenPointer, whenEquals: whenEquals, code: code,
                                messagePointer: messagePointer, example: example, existingIDPointer: existingIDPointer)
    }
}
