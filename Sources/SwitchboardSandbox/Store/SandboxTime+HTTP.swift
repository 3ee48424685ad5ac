import Foundation

extension SandboxTime {
    private static func formatter() -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f
    }

    /// An HTTP date (`Thu, 03 Dec 2026 12:00:00 GMT`) for `Last-Modified`.
    static func httpDate(_ ms: Int64) -> String {
        formatter().string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    /// Milliseconds since 1970 of an HTTP date (`If-Modified-Since`); nil when it is not one.
    static func parseHTTPDate(_ text: String) -> Int64? {
        formatter().date(from: text.trimmingCharacters(in: .whitespaces)).map { Int64($0.timeIntervalSince1970 * 1000) }
    }
}
