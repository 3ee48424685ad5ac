/// The provider's published request limits and the response headers that report them.
///
/// Keys (all optional, at least one limit should be given): `requestsPerWindow` + `windowSeconds`
/// (a burst window), `dailyBudget` (requests or credits per day), `concurrency` (simultaneous
/// requests), `headers` (see `RateLimitHeaders`), `notes`.
public struct RateLimitSpec: Sendable, Equatable {
    public var requestsPerWindow: Int?
    public var windowSeconds: Double?
    public var dailyBudget: Int?
    public var concurrency: Int?
    public var headers: RateLimitHeaders
    public var notes: String?

    /// No published limits.
    public static let none = RateLimitSpec(requestsPerWindow: nil, windowSeconds: nil, dailyBudget: nil, concurrency: nil,
                                           headers: RateLimitHeaders(), notes: nil)

    /// The sustained rate the window allows, in requests per second.
    public var requestsPerSecond: Double? {
        guard let n = requestsPerWindow, let w = windowSeconds, w > 0 else { return nil }
        return Double(n) / w
    }

    static let keys = ManifestKeys(required: [], optional: ["requestsPerWindow", "windowSeconds", "dailyBudget", "concurrency", "headers", "notes"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> RateLimitSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let perWindow = o.int("requestsPerWindow", in: 1...1_000_000)
        let window = o.positiveNumber("windowSeconds")
        if o.has("requestsPerWindow") != o.has("windowSeconds") {
            let missing = o.has("requestsPerWindow") ? "windowSeconds" : "requestsPerWindow"
            r.report(o.at(missing), "missing (requestsPerWindow and windowSeconds go together)")
        }
        let headers = RateLimitHeaders.decode(o.value("headers"), at: o.at("headers"), r) ?? RateLimitHeaders()
        return RateLimitSpec(requestsPerWindow: perWindow, windowSeconds: window, dailyBudget: o.int("dailyBudget", in: 1...Int(Int32.max)),
                             concurrency: o.int("concurrency", in: 1...10_000), headers: headers, notes: o.string("notes"))
    }
}

/// Names of the response headers that report rate-limit state; each is optional.
///
/// Keys: `limit`, `remaining`, `reset`, `intervalMilliseconds`, `dailyLimit`, `dailyRemaining`,
/// `retryAfter`, `usage` (a combined header such as Salesforce's `Sforce-Limit-Info: api-usage=25/15000`).
public struct RateLimitHeaders: Sendable, Equatable {
    public var limit: String?
    public var remaining: String?
    public var reset: String?
    public var intervalMilliseconds: String?
    public var dailyLimit: String?
    public var dailyRemaining: String?
    public var retryAfter: String?
    public var usage: String?

    /// No headers declared.
    public init(limit: String? = nil, remaining: String? = nil, reset: String? = nil, intervalMilliseconds: String? = nil,
                dailyLimit: String? = nil, dailyRemaining: String? = nil, retryAfter: String? = nil, usage: String? = nil) {
        self.limit = limit; self.remaining = remaining; self.reset = reset; self.intervalMilliseconds = intervalMilliseconds
        self.dailyLimit = dailyLimit; self.dailyRemaining = dailyRemaining; self.retryAfter = retryAfter; self.usage = usage
    }

    static let keys = ManifestKeys(required: [], optional: ["limit", "remaining", "reset", "intervalMilliseconds", "dailyLimit",
                                                            "dailyRemaining", "retryAfter", "usage"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> RateLimitHeaders? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        return RateLimitHeaders(limit: o.string("limit"), remaining: o.string("remaining"), reset: o.string("reset"),
                                intervalMilliseconds: o.string("intervalMilliseconds"), dailyLimit: o.string("dailyLimit"),
                                dailyRemaining: o.string("dailyRemaining"), retryAfter: o.string("retryAfter"), usage: o.string("usage"))
    }
}
