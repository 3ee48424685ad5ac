import Foundation
import Logging

/// A swift-log handler that scrubs secrets before passing records on: `Bearer …`, `Basic …`,
/// `access_token` / `refresh_token` / `client_secret` / `code` / `code_verifier` values in
/// queries, forms and JSON, each replaced by `••••last4`.
public struct RedactingLogHandler: LogHandler {
    private var inner: any LogHandler

    /// Wraps `inner` (e.g. `StreamLogHandler.standardError(label:)`).
    public init(wrapping inner: any LogHandler) { self.inner = inner }

    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var scrubbed = event
        scrubbed.message = Logger.Message(stringLiteral: Self.redact(event.message.description))
        scrubbed.metadata = event.metadata.map { $0.mapValues(Self.redact) }
        inner.log(event: scrubbed)
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let s): return .string(redact(s))
        case .stringConvertible(let s): return .string(redact(s.description))
        case .array(let a): return .array(a.map(redact))
        case .dictionary(let d): return .dictionary(d.mapValues(redact))
        }
    }

    private static let fields = "access_token|refresh_token|id_token|client_secret|code_verifier|code|token|api_key|password"
    private static let patterns: [NSRegularExpression] = [
        #"(?i)\b(?:Bearer|Basic|Zoho-oauthtoken|Token token=)\s*([A-Za-z0-9\-._~+/=]{4,})"#,
        #"(?i)\b(?:\#(fields))=([^&\s"']+)"#,
        #"(?i)"(?:\#(fields))"\s*:\s*"([^"]+)""#,
    ].map { try! NSRegularExpression(pattern: $0) }  // constant patterns

    /// `text` with every secret value as `••••last4`.
    public static func redact(_ text: String) -> String {
        var out = text
        for pattern in patterns {
            let matches = pattern.matches(in: out, range: NSRange(out.startIndex..., in: out)).reversed()
            for match in matches {
                guard let range = Range(match.range(at: 1), in: out) else { continue }
                out.replaceSubrange(range, with: Redaction.hint(String(out[range])))
            }
        }
        return out
    }
}
