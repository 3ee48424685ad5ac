
/// The outcome of one authorization, decided exactly once by whichever comes first: the browser's
/// callback, a pasted redirect URL, the timeout, or a cancel. Later attempts are refused.
public final class OneShotResult: Sendable {
    private struct State {
        var result: Result<String, AuthError>?
        var waiters: [CheckedContinuation<Result<String, AuthError>, Never>] = []
    }
    private let state = Locked(State())

    /// An undecided outcome.
    public init() {}

    /// Whether the outcome is decided.
    public var isDecided: Bool { state.withLock { $0.result != nil } }

    /// Sets the outcome; false (and no change) when it was already set.
    @discardableResult
    public func decide(_ result: Result<String, AuthError>) -> Bool {
        let waiters: [CheckedContinuation<Result<String, AuthError>, Never>]? = state.withLock { s in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: result) }
        return true
    }

    /// Waits for the outcome.
    public func value() async -> Result<String, AuthError> {
        await withCheckedContinuation { continuation in
            let ready: Result<String, AuthError>? = state.withLock { s in
                if let result = s.result { return result }
                s.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
