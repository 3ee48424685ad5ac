import Foundation

/// Why a rate limiter admits no more requests: the CRM's daily quota is used up. The run stops
/// before the CRM refuses it; what was not sent stays queued for a resume.
public struct DailyQuotaExhausted: Error, Sendable, Equatable, CustomStringConvertible {
    /// The quota the CRM stated, when it did.
    public var quota: Int?
    public var description: String {
        "the account's daily request quota\(quota.map { " (\($0))" } ?? "") is used up; resume the run once it resets"
    }
}

/// A sliding-window rate limiter for one credential: at most `limit` requests in any `window`
/// seconds, plus pauses the provider asks for (`Retry-After`, an exhausted remaining count).
/// Requests are not spaced apart: measured against the sandbox's sliding window, evenly spaced
/// sends took 1.7× as long for the same 0 answered 429 (the executor's few requests in flight
/// already keep a window's requests from leaving at one instant).
///
/// It learns the limit: a response's rate headers (as the manifest names them) replace the
/// manifest's static limit and window with the ones the CRM states for this account, and its
/// daily count stops admission when none is left. `share` caps this run's part of the limit
/// (`push --quota-share`: other integrations use the same account).
///
/// A request admitted with `acquireUntilAnswered()` holds its place in the window until
/// `answered()`, and then for a whole window from its answer: the provider counted it at some
/// moment between sending and answering, so with several requests in flight (and uneven
/// latency) our window never frees a place before the provider's does.
public actor RateLimiter {
    /// Requests per window this limiter admits (the share of the advertised limit).
    public private(set) var limit: Int
    public private(set) var window: TimeInterval
    /// The part of the account's limit this limiter may use, 0 < share ≤ 1.
    public let share: Double
    /// The limit as the CRM (or the manifest) states it, before the share.
    public private(set) var advertisedLimit: Int
    /// Whether the CRM's headers have set the limit (rather than the manifest).
    public private(set) var learned = false
    /// Requests the CRM's daily quota has left, counted down as requests go; nil when not stated.
    public private(set) var dailyRemaining: Int?
    private var dailyQuota: Int?
    /// When counted requests were sent (`acquire`) or answered (`answered`); ascending.
    private var sent: [TimeInterval] = []
    /// Requests admitted by `acquireUntilAnswered()` and not answered yet.
    private var inFlight = 0
    private var pausedUntil: TimeInterval = 0
    private let clock: @Sendable () -> TimeInterval
    /// Seconds added to a window the CRM states, so ours never frees a place before its does.
    static let margin: TimeInterval = 0.05

    /// `limit` requests per `window` seconds; nil `limit` means unlimited (until a CRM states one).
    public init(limit: Int?, window: TimeInterval, share: Double = 1,
                clock: @escaping @Sendable () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }) {
        let share = share.isFinite ? min(1, max(0.01, share)) : 1
        self.share = share
        advertisedLimit = max(1, limit ?? Int.max / 2)
        self.limit = limit == nil ? Int.max / 2 : max(1, Int((Double(max(1, limit ?? 1)) * share).rounded(.down)))
        self.window = max(0.001, window)
        self.clock = clock
    }

    /// The limiter a manifest's limits call for (a small margin keeps us inside the provider's window).
    public static func forConnector(_ c: ConnectorManifest, share: Double = 1) -> RateLimiter {
        RateLimiter(limit: c.rateLimits.requestsPerWindow, window: (c.rateLimits.windowSeconds ?? 1) + margin, share: share)
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

    /// Sleeps until no pause is on and the window has room for one more request; throws
    /// `DailyQuotaExhausted` when the CRM's daily count has none left.
    private func waitForRoom() async throws {
        while true {
            try Task.checkCancellation()
            if let left = dailyRemaining, left <= 0 { throw DailyQuotaExhausted(quota: dailyQuota) }
            let now = clock()
            sent.removeAll { $0 <= now - window }
            let wait = max(pausedUntil - now, windowWait(now: now))
            if wait <= 0 {
                if let left = dailyRemaining { dailyRemaining = left - 1 }
                return
            }
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

    /// Reads the provider's rate-limit headers: the limit and interval it states replace ours; its
    /// daily remaining count (or Salesforce's `api-usage=USED/QUOTA`) is kept; when it says none
    /// are left in the window although ours still has room (someone else shares the quota), waits
    /// out its interval (or its reset).
    public func observe(headers: [HTTPHeaderField], spec: RateLimitHeaders) {
        func text(_ name: String?) -> String? {
            guard let name else { return nil }
            return headers.first { $0.name.lowercased() == name.lowercased() }?.value.trimmingCharacters(in: .whitespaces)
        }
        func value(_ name: String?) -> Double? { text(name).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } }
        // The limit the CRM states for this account, and its interval where it says it.
        if let stated = value(spec.limit), stated >= 1, stated <= 1_000_000 {
            let interval = value(spec.intervalMilliseconds).flatMap { $0 > 0 && $0 <= 86_400_000 ? $0 / 1000 + Self.margin : nil } ?? window
            let newLimit = Int(stated)
            if newLimit != advertisedLimit || abs(interval - window) > 0.0005 || !learned {
                advertisedLimit = newLimit
                limit = max(1, Int((Double(newLimit) * share).rounded(.down)))
                window = interval
                learned = true
            }
        }
        if let left = value(spec.dailyRemaining), left >= 0, left <= 1e12 {
            dailyRemaining = Int(left)
            dailyQuota = value(spec.dailyLimit).flatMap { $0 >= 1 && $0 <= 1e12 ? Int($0) : nil }
        } else if let usage = text(spec.usage), let (used, quota) = Self.usage(usage) {
            dailyRemaining = max(0, quota - used)
            dailyQuota = quota
        }
        let now = clock()
        let ours = sent.filter { $0 > now - window }.count + inFlight
        if let remaining = value(spec.remaining), remaining <= 0, ours < limit {
            let wait = value(spec.intervalMilliseconds).map { $0 / 1000 } ?? value(spec.reset) ?? window
            pause(for: min(max(0, wait), 3_600))
        }
    }

    /// `api-usage=USED/QUOTA` (Salesforce's `Sforce-Limit-Info`; other counters in the header are ignored).
    static func usage(_ text: String) -> (used: Int, quota: Int)? {
        guard let range = text.range(of: "api-usage=") else { return nil }
        let numbers = text[range.upperBound...].prefix { $0.isNumber || $0 == "/" }.split(separator: "/")
        guard numbers.count == 2, let used = Int(numbers[0]), let quota = Int(numbers[1]), quota > 0 else { return nil }
        return (used, quota)
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
