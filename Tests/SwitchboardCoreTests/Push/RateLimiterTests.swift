import Foundation
import SwitchboardCore
import Testing

@Suite("The push rate limiter")
struct RateLimiterTests {
    private static let uptime: @Sendable () -> TimeInterval = { ProcessInfo.processInfo.systemUptime }

    @Test("a request in flight holds its place until answered, then for a whole window from the answer")
    func inFlightHoldsItsPlace() async throws {
        let limiter = RateLimiter(limit: 2, window: 0.3)
        try await limiter.acquireUntilAnswered()
        try await limiter.acquireUntilAnswered()
        let admitted = Flag()
        let third = Task {
            try await limiter.acquire()
            admitted.set(Self.uptime())
        }
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(admitted.value == nil, "no room while both are in flight, however long they take")
        let answeredAt = Self.uptime()
        await limiter.answered()
        await limiter.answered()
        try await third.value
        let waited = try #require(admitted.value) - answeredAt
        #expect(waited >= 0.29, "room comes one window after the answer, not after the send: waited \(waited) s")
    }

    @Test("the provider's remaining 0 does not pause us when our own requests in flight fill the window")
    func remainingZeroFromOurOwnRequests() async throws {
        let limiter = RateLimiter(limit: 1, window: 0.2)
        let spec = RateLimitHeaders(remaining: "X-Remaining", intervalMilliseconds: "X-Interval")
        try await limiter.acquireUntilAnswered()
        await limiter.observe(headers: [HTTPHeaderField("X-Remaining", "0"), HTTPHeaderField("X-Interval", "5000")], spec: spec)
        await limiter.answered()
        let start = Self.uptime()
        try await limiter.acquire()
        #expect(Self.uptime() - start < 2, "waited for our window (0.2 s), not the provider's 5 s interval")
    }

    @Test("the provider's remaining 0 pauses us when our window has room (someone else uses the quota)")
    func remainingZeroFromOthers() async throws {
        let limiter = RateLimiter(limit: 10, window: 0.2)
        let spec = RateLimitHeaders(remaining: "X-Remaining", intervalMilliseconds: "X-Interval")
        try await limiter.acquireUntilAnswered()
        await limiter.observe(headers: [HTTPHeaderField("X-Remaining", "0"), HTTPHeaderField("X-Interval", "600")], spec: spec)
        await limiter.answered()
        let start = Self.uptime()
        try await limiter.acquire()
        #expect(Self.uptime() - start >= 0.55, "waited out the provider's interval")
    }
}

/// A value set once from another task.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: TimeInterval?
    func set(_ v: TimeInterval) { lock.withLock { stored = v } }
    var value: TimeInterval? { lock.withLock { stored } }
}
