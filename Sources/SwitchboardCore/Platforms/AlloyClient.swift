import Foundation

/// HTTP to the Alloy Connectivity API: the base URL, the API key and the version header on every
/// request, `x-alloy-userid` where a user is concerned, and Alloy's error bodies decoded into
/// `PlatformError`. A `RATE_LIMIT_EXCEEDED` answer is waited out (`Retry-After`) and retried.
public struct AlloyClient: Sendable {
    /// Alloy's production API.
    public static let defaultBaseURL = "https://production.runalloy.com"
    /// The API version Switchboard speaks (`x-api-version`).
    public static let apiVersion = "2025-09"

    /// The base URL without a trailing slash.
    public let baseURL: String
    let apiKey: String
    let transport: any HTTPTransport
    /// How many 429s one call waits out before giving up.
    public var maxRateLimitWaits: Int
    /// The longest single wait, in seconds.
    public var maxWait: Double

    /// A client for the API at `baseURL` with `apiKey`.
    public init(baseURL: String = AlloyClient.defaultBaseURL, apiKey: String, transport: any HTTPTransport = AsyncHTTPTransport.shared,
                maxRateLimitWaits: Int = 5, maxWait: Double = 30) {
        self.baseURL = Self.normalize(baseURL)
        self.apiKey = apiKey
        self.transport = transport
        self.maxRateLimitWaits = maxRateLimitWaits
        self.maxWait = maxWait
    }

    /// The API key as it may be shown: `••••last4`.
    public var apiKeyHint: String { Redaction.hint(apiKey) }

    /// `url` without trailing slashes.
    public static func normalize(_ url: String) -> String {
        var u = url.trimmingCharacters(in: .whitespaces)
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }

    /// The headers every call carries (the key in full: for sending only, never for display).
    public func headers(userID: String?, hasBody: Bool) -> [HTTPHeaderField] {
        var h = [HTTPHeaderField("Authorization", "Bearer \(apiKey)"), HTTPHeaderField("x-api-version", Self.apiVersion),
                 HTTPHeaderField("Accept", "application/json")]
        if let userID { h.append(HTTPHeaderField("x-alloy-userid", userID)) }
        if hasBody { h.append(HTTPHeaderField("Content-Type", "application/json")) }
        return h
    }

    /// Sends one call and returns the parsed body of a 2xx answer, or the API's error.
    public func send(_ method: String, _ path: String, userID: String? = nil, body: JSONValue? = nil) async throws(PlatformError) -> JSONValue {
        let request = HTTPRequestValue(method: method, url: baseURL + path, headers: headers(userID: userID, hasBody: body != nil),
                                       body: body.map { Data(JSONWriter.compact($0).utf8) }, sensitiveHeaders: ["authorization"])
        var waits = 0
        while true {
            let response: HTTPResponseValue
            do { response = try await transport.send(request) } catch { throw AlloyErrors.transport(error.description) }
            if response.isSuccess {
                if response.body.isEmpty { return .null }
                do { return try JSONParser.parse(response.body) } catch {
                    throw AlloyErrors.badResponse("\(method) \(path) answered \(response.status) with a body that is not JSON")
                }
            }
            let error = Self.error(from: response)
            guard case .rateLimited(let after) = error, waits < maxRateLimitWaits else { throw error }
            waits += 1
            let delay = min(maxWait, after ?? Double(1 << min(waits, 5)))
            do { try await Task.sleep(nanoseconds: UInt64(max(0.05, delay) * 1_000_000_000)) } catch { throw AlloyErrors.transport("cancelled") }
        }
    }

    /// The `PlatformError` an error answer stands for.
    public static func error(from response: HTTPResponseValue) -> PlatformError {
        let body = try? JSONParser.parse(response.body)
        let error = body?["error"]
        let code = error?["code"]?.stringValue ?? ""
        let message = error?["message"]?.stringValue ?? body?["message"]?.stringValue ?? "HTTP \(response.status)"
        let details = error?["details"]
        switch (code, response.status) {
        case ("INVALID_CREDENTIAL", _):
            return AlloyErrors.invalidCredential(message, details: details.flatMap(detailText))
        case ("RATE_LIMIT_EXCEEDED", _), (_, 429):
            return .rateLimited(retryAfter: response.header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
        case ("VALIDATION_ERROR", _):
            return .validation(message: message, field: details?["field"]?.stringValue, reason: details?["reason"]?.stringValue ?? details?.stringValue)
        case (_, 401):
            return AlloyErrors.apiKeyRefused(details.flatMap(detailText).map { "\(message): \($0)" } ?? message)
        case ("NOT_FOUND", _), (_, 404):
            return .notFound(message)
        default:
            return AlloyErrors.api(status: response.status, code: code.isEmpty ? "HTTP_\(response.status)" : code, message: message)
        }
    }

    static func detailText(_ value: JSONValue) -> String? {
        if let s = value.stringValue { return s }
        if let field = value["field"]?.stringValue { return field + (value["reason"]?.stringValue.map { ": \($0)" } ?? "") }
        return JSONWriter.compact(value)
    }
}
