import Foundation

/// A sliding-window rate limiter for one credential: at most `limit` requests in any `window`
/// seconds, plus pauses the provider asks for (`Retry-After`, an exhausted remaining count).
public actor RateLimiter {
    public let limit: Int
    public let window: TimeInterval
    private var sent: [TimeInterval] = []
    private var pausedUntil: TimeInterval = 0
    private let clock: @Sendable () -> TimeInterval

    /// `limit` requests per `window` seconds; nil `limit` means unlimited.
    public init(limit: Int?, window: TimeInterval, clock: @escaping @Sendable () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }) {
        self.limit = max(1, limit ?? Int.max / 2)
        self.window = max(0.001, window)
        self.clock = clock
    }

    /// The limiter a manifest's limits call for (a small margin keeps us inside the provider's window).
    public static func forConnector(_ c: ConnectorManifest) -> RateLimiter {
        RateLimiter(limit: c.rateLimits.requestsPerWindow, window: (c.rateLimits.windowSeconds ?? 1) + 0.05)
    }

    /// Waits until one more request is allowed, then counts it.
    public func acquire() async throws {
        while true {
            try Task.checkCancellation()
            let now = clock()
            sent.removeAll { $0 <= now - window }
            let pauseLeft = pausedUntil - now
            if pauseLeft <= 0, sent.count < limit {
                sent.append(now)
                return
            }
            let windowLeft = sent.count >= limit ? (sent[0] + window - now) : 0
            let wait = max(pauseLeft, windowLeft, 0.001)
            try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
        }
    }

    /// Stops all requests for `seconds` (a 429's `Retry-After`).
    public func pause(for seconds: TimeInterval) {
        pausedUntil = max(pausedUntil, clock() + seconds)
    }

    /// Reads the provider's rate-limit headers. When the provider says none are left although our
    /// own window still has room (someone else shares the quota), waits out its interval.
    public func observe(headers: [HTTPHeaderField], spec: RateLimitHeaders) {
        func value(_ name: String?) -> Double? {
            guard let name else { return nil }
            return headers.first { $0.name.lowercased() == name.lowercased() }.flatMap { Double($0.value) }
        }
        let now = clock()
        let ours = sent.filter { $0 > now - window }.count
        if let remaining = value(spec.remaining), remaining <= 0, ours < limit {
            let interval = value(spec.intervalMilliseconds).map { $0 / 1000 } ?? window
            pause(for: interval)
        }
    }
}

/// Exponential backoff with full jitter, capped, honouring `Retry-After`.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 6, baseDelay: TimeInterval = 0.2, maxDelay: TimeInterval = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?) -> TimeInterval {
        if let retryAfter { return min(max(0, retryAfter), maxDelay * 6) }
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return Double.random(in: 0...ceiling)
    }
}
