import Foundation

/// Everything that shapes one sandbox run: where it listens and stores data, how strict its OAuth
/// provider is, and which limits and faults it applies.
public struct SandboxConfiguration: Sendable {
    /// The TCP port on 127.0.0.1; 0 picks a free one (read it back from `SandboxServer.port`).
    public var port: Int
    /// The SQLite file holding the CRM records; nil uses a fresh temporary file removed on stop.
    public var dataFile: URL?
    /// Seed demo data (a few accounts' worth of contacts, companies and deals) when the store is empty.
    public var seedDemo: Bool
    /// Approve authorization requests without showing the consent page (scripts and tests).
    public var autoApprove: Bool
    /// Lifetime of access tokens, in seconds.
    public var tokenTTL: TimeInterval
    /// Lifetime of authorization codes, in seconds (single use either way).
    public var codeTTL: TimeInterval
    /// Sliding-window rate limits per connector id (`hubspot`, `salesforce`); absent means unlimited.
    public var rateLimits: [String: RateLimitRule]
    /// Faults to inject, in order, into the next API requests.
    public var faults: [FaultRule]
    /// Latency added to every API request, in milliseconds.
    public var latencyMilliseconds: Int
    /// The largest request body accepted, in bytes; larger bodies answer 413.
    public var maxBodyBytes: Int
    /// Log one line per request to standard error (tokens are shortened).
    public var logRequests: Bool

    /// The default configuration: port 0, temporary data, no seed, consent page shown, 30-minute
    /// tokens, HubSpot limited to 100 requests per 10 s, no faults, 1 MB bodies.
    public init(
        port: Int = 0, dataFile: URL? = nil, seedDemo: Bool = false, autoApprove: Bool = false,
        tokenTTL: TimeInterval = 1800, codeTTL: TimeInterval = 60,
        rateLimits: [String: RateLimitRule] = SandboxConfiguration.defaultRateLimits,
        faults: [FaultRule] = [], latencyMilliseconds: Int = 0, maxBodyBytes: Int = 1_048_576,
        logRequests: Bool = false
    ) {
        self.port = port
        self.dataFile = dataFile
        self.seedDemo = seedDemo
        self.autoApprove = autoApprove
        self.tokenTTL = tokenTTL
        self.codeTTL = codeTTL
        self.rateLimits = rateLimits
        self.faults = faults
        self.latencyMilliseconds = latencyMilliseconds
        self.maxBodyBytes = maxBodyBytes
        self.logRequests = logRequests
    }

    /// HubSpot's public-app limit: 100 requests per 10 seconds.
    /// The CRMs' own window limits: HubSpot 100 per 10 s, Pipedrive 80 per 2 s (Essential plan), Copper 180 a minute.
    /// Salesforce and Zoho count requests per day and calls in flight, not per window.
    public static let defaultRateLimits: [String: RateLimitRule] = [
        "hubspot": RateLimitRule(requests: 100, windowSeconds: 10),
        "pipedrive": RateLimitRule(requests: 80, windowSeconds: 2),
        "copper": RateLimitRule(requests: 180, windowSeconds: 60),
    ]
}

/// A sliding-window limit: at most `requests` in any `windowSeconds`.
public struct RateLimitRule: Sendable, Equatable, Codable {
    /// Requests allowed in one window.
    public var requests: Int
    /// The window length in seconds.
    public var windowSeconds: Double

    /// A rule allowing `requests` per `windowSeconds`.
    public init(requests: Int, windowSeconds: Double) {
        self.requests = requests
        self.windowSeconds = windowSeconds
    }

    /// Parses `CONNECTOR=N/SECONDS` (e.g. `hubspot=100/10`); `CONNECTOR=off` yields a nil rule.
    public static func parse(_ text: String) throws(SandboxError) -> (connector: String, rule: RateLimitRule?) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw .invalidOption("rate limit \"\(text)\": expected CONNECTOR=N/SECONDS or CONNECTOR=off, e.g. hubspot=100/10")
        }
        if parts[1] == "off" { return (parts[0], nil) }
        let numbers = parts[1].split(separator: "/").map(String.init)
        guard numbers.count == 2, let n = Int(numbers[0]), n > 0, let s = Double(numbers[1]), s > 0 else {
            throw .invalidOption("rate limit \"\(text)\": expected CONNECTOR=N/SECONDS with N and SECONDS positive, e.g. hubspot=100/10")
        }
        return (parts[0], RateLimitRule(requests: n, windowSeconds: s))
    }
}
