import Foundation

/// A sliding-window rate limiter for one credential: at most `limit` requests in any `window`
/// seconds, plus pauses the provider asks for (`Retry-After`, an exhausted remaining count).
///
/// A request admitted with `acquireUntilAnswered()` holds its place in the window until
/// `answered()`, and then for a whole window from its answer: the provider counted it at some
/// moment between sending and answering, so with several requests in flight (and uneven
/// latency) our window never frees a place before the provider's does.
public actor RateLimiter {
    public let limit: Int
    public let window: TimeInterval
    /// When counted requests were sent (`acquire`) or answered (`answered`); ascending.
    private var sent: [TimeInterval] = []
    /// Requests admitted by `acquireUntilAnswered()` and not answered yet.
    private var inFlight = 0
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

    /// Waits until one more request is allowed, then counts it from now.
    public func acquire() async throws {
        try await waitForRoom()
        sent.append(clock())
    }

    /// Waits until one more request is allowed, then counts it as in flight until `answered()`.
    /// Every call must be followed by one `answered()`, whatever the request's outcome.
    public func acquireUntilAnswered() async throws {
        try await waitForRoom()
        inFlight += 1
    }

    /// The request admitted by `acquireUntilAnswered()` got its answer (or failed): it now counts
    /// for one window from this moment.
    public func answered() {
        inFlight = max(0, inFlight - 1)
        sent.append(clock())
    }

    /// Sleeps until no pause is on and the window has room for one more request.
    private func waitForRoom() async throws {
        while true {
            try Task.checkCancellation()
            let now = clock()
            sent.removeAll { $0 <= now - window }
            let wait = max(pausedUntil - now, windowWait(now: now))
            if wait <= 0 { return }
            try await Task.sleep(nanoseconds: UInt64(max(wait, 0.001) * 1_000_000_000))
        }
    }

    /// How long until the window has room: until enough counted requests leave it, or, when
    /// in-flight requests alone fill it, a short while (to look again after an answer).
    private func windowWait(now: TimeInterval) -> TimeInterval {
        let excess = sent.count + inFlight - limit
        if excess < 0 { return 0 }
        if excess >= sent.count { return 0.005 }
        return sent[excess] + window - now
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
        let ours = sent.filter { $0 > now - window }.count + inFlight
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
