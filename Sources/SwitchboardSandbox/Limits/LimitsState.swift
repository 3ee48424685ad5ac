import Foundation
import SwitchboardCore


/// The run-time limits and faults of one sandbox: rate-limit windows per connector, the fault
/// queue and the added latency. Changed by flags at start and by the admin endpoint while running.
final class LimitsState: Sendable {
    private struct State {
        var rules: [String: RateLimitRule]
        var windows: [String: [Double]] = [:]
        var faults: [FaultRule]
        var latencyMilliseconds: Int
        var apiCalls: [String: Int] = [:]
    }

    /// The outcome of asking the rate limiter for one request.
    struct Decision: Sendable {
        var allowed: Bool
        var rule: RateLimitRule?
        var remaining: Int
        var retryAfterSeconds: Int
    }

    private let state: Locked<State>

    init(rules: [String: RateLimitRule], faults: [FaultRule], latencyMilliseconds: Int) {
        state = Locked(State(rules: rules, faults: faults, latencyMilliseconds: latencyMilliseconds))
    }

    // MARK: Rate limits

    /// Counts one request for `connector` against its sliding window.
    func admit(_ connector: String, now: Double = Date().timeIntervalSince1970) -> Decision {
        state.withLock { s in
            guard let rule = s.rules[connector] else { return Decision(allowed: true, rule: nil, remaining: 0, retryAfterSeconds: 0) }
            var window = s.windows[connector] ?? []
            let start = now - rule.windowSeconds
            if let firstKept = window.firstIndex(where: { $0 > start }) {
                if firstKept > 0 { window.removeFirst(firstKept) }
            } else {
                window.removeAll(keepingCapacity: true)
            }
            if window.count >= rule.requests {
                let wait = (window.first ?? now) + rule.windowSeconds - now
                s.windows[connector] = window
                return Decision(allowed: false, rule: rule, remaining: 0, retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            window.append(now)
            s.windows[connector] = window
            return Decision(allowed: true, rule: rule, remaining: rule.requests - window.count, retryAfterSeconds: 0)
        }
    }

    /// The current rules.
    var rules: [String: RateLimitRule] { state.withLock { $0.rules } }

    /// Sets (or with nil removes) the rule for `connector`, starting a fresh window.
    func setRule(_ rule: RateLimitRule?, for connector: String) {
        state.withLock { s in
            s.rules[connector] = rule
            s.windows[connector] = nil
        }
    }

    // MARK: Faults

    /// Takes the next fault that applies to `connector`, counting it down.
    func takeFault(for connector: String) -> FaultRule? {
        state.withLock { s in
            guard let i = s.faults.firstIndex(where: { $0.connector == nil || $0.connector == connector }) else { return nil }
            let fault = s.faults[i]
            s.faults[i].count -= 1
            if s.faults[i].count <= 0 { s.faults.remove(at: i) }
            return fault
        }
    }

    /// The faults still queued.
    var faults: [FaultRule] { state.withLock { $0.faults } }

    /// Queues a fault after the ones already queued.
    func addFault(_ fault: FaultRule) { state.withLock { $0.faults.append(fault) } }

    /// Removes every queued fault.
    func clearFaults() { state.withLock { $0.faults.removeAll() } }

    // MARK: Latency and usage

    /// Milliseconds added to each API request.
    var latencyMilliseconds: Int {
        get { state.withLock { $0.latencyMilliseconds } }
        set { state.withLock { $0.latencyMilliseconds = max(0, newValue) } }
    }

    /// Counts one API call for `connector` and returns the running total (Salesforce's api-usage).
    func countCall(_ connector: String) -> Int {
        state.withLock { s in
            let n = (s.apiCalls[connector] ?? 0) + 1
            s.apiCalls[connector] = n
            return n
        }
    }
}
