import Foundation
import SwitchboardCore

/// One HTTP request as the sandbox's handlers see it: method, decoded path and query, headers, body.
struct SandboxRequest: Sendable {
    var method: String
    /// The path split at "/", percent-decoded, without empty components.
    var path: [String]
    /// The raw path (for messages and links).
    var rawPath: String
    /// Query parameters, percent-decoded; repeated names keep every value in order.
    var query: [(name: String, value: String)]
    /// Header values by lowercased name.
    var headers: [String: String]
    var body: Data

    /// The first query value named `name`.
    func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// Every query value named `name` (comma-separated values split too).
    func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    /// A header value by (case-insensitive) name.
    func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The media type of the body without parameters, lowercased (`application/json`).
    var mediaType: String? {
        header("content-type").map { $0.split(separator: ";").first.map(String.init)?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" }
    }

    /// The bearer token of the Authorization header, if any.
    var bearerToken: String? {
        guard let value = header("authorization") else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["bearer", "zoho-oauthtoken", "oauth"].contains(parts[0].lowercased()) else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    /// The body parsed as JSON.
    func json() throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.parse(body)
    }

    /// The body parsed as an `application/x-www-form-urlencoded` form.
    var form: [(name: String, value: String)] { SandboxForm.decode(String(decoding: body, as: UTF8.self)) }

    /// The first form value named `name`.
    func formValue(_ name: String) -> String? { form.first { $0.name == name }?.value }
}

/// `application/x-www-form-urlencoded` and query strings.
enum SandboxForm {
    /// Decodes `a=1&b=x+y` into pairs ('+' is a space, percent escapes decoded).
    static func decode(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? unescape(parts[1]) ?? "" : "")
        }
    }

    /// Encodes pairs as a form / query string.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    private static func unescape(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
