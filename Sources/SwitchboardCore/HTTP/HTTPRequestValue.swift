import Foundation

/// An HTTP request as a value: what the push engine previews and the transport sends.
public struct HTTPRequestValue: Sendable, Equatable {
    /// "GET", "POST", …
    public var method: String
    /// The absolute URL.
    public var url: String
    /// Header fields, in order (names as written).
    public var headers: [HTTPHeaderField]
    /// The body, if any.
    public var body: Data?
    /// The whole request's deadline, in seconds.
    public var timeout: TimeInterval
    /// Headers whose values `redactedDescription` hides, besides the built-in sensitive ones.
    public var sensitiveHeaders: Set<String>

    /// A request.
    public init(method: String, url: String, headers: [HTTPHeaderField] = [], body: Data? = nil,
                timeout: TimeInterval = 30, sensitiveHeaders: Set<String> = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.sensitiveHeaders = sensitiveHeaders
    }

    /// A POST of `application/x-www-form-urlencoded` fields.
    public static func form(_ url: String, fields: [(String, String)], headers: [HTTPHeaderField] = [], timeout: TimeInterval = 30) -> HTTPRequestValue {
        let body = FormEncoding.encode(fields)
        return HTTPRequestValue(method: "POST", url: url,
                                headers: [HTTPHeaderField("Content-Type", "application/x-www-form-urlencoded"),
                                          HTTPHeaderField("Accept", "application/json")] + headers,
                                body: Data(body.utf8), timeout: timeout)
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// Headers that are always hidden in descriptions.
    public static let alwaysSensitive: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "apikey",
                                                     "x-api-token", "x-pw-accesstoken"]
    /// Form and JSON body fields that are always hidden in descriptions.
    public static let sensitiveFields: Set<String> = ["client_secret", "code", "code_verifier", "refresh_token", "access_token", "token", "password", "api_key", "apikey"]

    /// The request for display and logs: secret header values and form fields as `••••last4`.
    public var redactedDescription: String {
        let hidden = Set(sensitiveHeaders.map { $0.lowercased() }).union(Self.alwaysSensitive)
        var lines = ["\(method) \(url)"]
        for field in headers {
            lines.append("\(field.name): \(hidden.contains(field.name.lowercased()) ? Redaction.hint(field.value) : field.value)")
        }
        if let body, !body.isEmpty {
            lines.append("")
            let text = String(decoding: body, as: UTF8.self)
            if header("Content-Type")?.hasPrefix("application/x-www-form-urlencoded") == true {
                lines.append(FormEncoding.decode(text).map { name, value in
                    "\(FormEncoding.escape(name))=\(Self.sensitiveFields.contains(name) ? Redaction.hint(value) : FormEncoding.escape(value))"
                }.joined(separator: "&"))
            } else {
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// One header field.
public struct HTTPHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String
    /// A header `name: value`.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
