import Foundation

/// What a CRM's answer (or its absence) means for a push.
public enum PushResponseKind: Sendable, Equatable {
    /// Written; the new record's id when the response has one.
    case success(remoteID: String?)
    /// The record exists already (e.g. HubSpot's 409 "Existing ID: 123"): link to it, do not create.
    case alreadyExists(remoteID: String)
    /// The token was refused: refresh once, then stop the run.
    case invalidCredential(message: String)
    /// Too many requests: wait (`Retry-After`) and retry.
    case rateLimited(retryAfter: TimeInterval?)
    /// The request was refused for this record (validation, not found, conflict): fail it, go on.
    case rejected(code: ConnectorErrorCode, message: String)
    /// No answer, or a server error: the write may or may not have happened. Check, then retry.
    case ambiguous(message: String)
}

/// Turns HTTP responses into `PushResponseKind`s with the manifest's error rules.
public struct ResponseClassifier: Sendable {
    public let connector: ConnectorManifest

    public init(connector: ConnectorManifest) { self.connector = connector }

    public func classify(_ response: HTTPResponseValue, idPointer: JSONPointer?) -> PushResponseKind {
        let body = try? JSONParser.parse(response.body)
        if (200..<300).contains(response.status) {
            let id = idPointer.flatMap { p in body.flatMap { b in Self.string(at: p, in: b) } }
            return .success(remoteID: id)
        }
        let rule = connector.errorRule(status: response.status, body: body)
        let message = rule?.messagePointer.flatMap { p in body.flatMap { Self.string(at: p, in: $0) } }
            ?? body.flatMap(Self.firstMessage) ?? "HTTP \(response.status)"
        if let existing = Self.existingID(in: message), response.status == 409 { return .alreadyExists(remoteID: existing) }
        if let pointer = rule?.existingIDPointer, let body, let existing = Self.string(at: pointer, in: body) { return .alreadyExists(remoteID: existing) }
        let code = rule?.code ?? Self.defaultCode(response.status)
        switch code {
        case .invalidCredential: return .invalidCredential(message: message)
        case .rateLimitExceeded: return .rateLimited(retryAfter: response.header("Retry-After").flatMap { TimeInterval($0.trimmingCharacters(in: .whitespaces)) })
        case .providerError: return response.status >= 500 || response.status == 408 ? .ambiguous(message: message) : .rejected(code: code, message: message)
        default: return .rejected(code: code, message: message)
        }
    }

    static func defaultCode(_ status: Int) -> ConnectorErrorCode {
        switch status {
        case 401: return .invalidCredential
        case 429: return .rateLimitExceeded
        case 404: return .notFound
        case 409: return .conflict
        case 400, 422: return .validationError
        default: return .providerError
        }
    }

    /// HubSpot says "Contact already exists. Existing ID: 12345".
    static func existingID(in message: String) -> String? {
        guard let range = message.range(of: "Existing ID: ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    static func string(at pointer: JSONPointer, in value: JSONValue) -> String? {
        guard let v = value.value(at: pointer) else { return nil }
        if let s = v.stringValue { return s }
        if let n = v.numberValue { return JSONWriter.format(number: n) }
        return nil
    }

    /// A message from common error shapes: `{"message"}`, Salesforce `[{"message"}]`, `{"error": {"message"}}`.
    static func firstMessage(_ body: JSONValue) -> String? {
        if let m = body["message"]?.stringValue { return m }
        if let m = body[0]?["message"]?.stringValue { return (body[0]?["errorCode"]?.stringValue.map { "\($0): " } ?? "") + m }
        if let m = body["error"]?["message"]?.stringValue {
            // Alloy: {"error": {"code", "message", "details": "..." | {"field", "reason"}}}.
            guard let details = body["error"]?["details"] else { return m }
            if let text = details.stringValue { return "\(m): \(text)" }
            if let field = details["field"]?.stringValue { return "\(m): \(field)" + (details["reason"]?.stringValue.map { ": \($0)" } ?? "") }
            return m
        }
        if let m = body["error_description"]?.stringValue { return m }
        return nil
    }
}
