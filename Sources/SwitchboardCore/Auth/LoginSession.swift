import Foundation

/// A connection walk-through running in the background, as a front end follows it: its steps
/// one at a time, a tick each second while it waits (for countdowns), and the credential or the
/// failure at the end; a pasted redirect URL and a cancel go back to it. The direct OAuth flow and
/// a gateway's connection (Alloy) both report through one.
public final class LoginSession: Sendable {
    /// What the front end receives.
    public enum Event: Sendable, Equatable {
        case step(OAuthFlowEvent)
        /// A second passed while waiting (redraws the countdown).
        case tick(Date)
        case finished(Result<Credential, AuthError>)
    }

    private let events = EventQueue<Event>()
    private let pasteHandler: @Sendable (String) -> AuthError?
    private let cancelHandler: @Sendable () -> Void
    private let ticker = TickerSlot()

    /// A session fed by hand (tests), or by `start`; `paste` and `cancel` reach the work behind it.
    public init(paste: @escaping @Sendable (String) -> AuthError? = { _ in .redirectNeedsPaste("this connection takes no pasted URL") },
                cancel: @escaping @Sendable () -> Void = {}) {
        pasteHandler = paste
        cancelHandler = cancel
    }

    /// Starts the OAuth walk-through `flow` in the background.
    public static func start(_ flow: OAuthFlow) -> LoginSession {
        let session = LoginSession(paste: { flow.submitPastedURL($0) }, cancel: { flow.cancel() })
        Task {
            do throws(AuthError) {
                let credential = try await flow.run { event in
                    session.push(.step(event))
                    if case .waiting = event { session.startTicking() }
                }
                session.finish(.success(credential))
            } catch {
                session.finish(.failure(error))
            }
        }
        return session
    }

    /// Adds an event (tests, and the work's callback).
    public func push(_ event: Event) { events.push(event) }

    /// Ends the session with `result`.
    public func finish(_ result: Result<Credential, AuthError>) {
        ticker.stop()
        events.finish(with: .finished(result))
    }

    /// The next event; nil after `finished` was delivered.
    public func next() async -> Event? { await events.next() }

    /// Submits a pasted redirect URL; returns the refusal, if any.
    public func paste(_ text: String) -> AuthError? { pasteHandler(text) }

    /// Cancels the walk-through.
    public func cancel() { cancelHandler() }

    /// Sends a tick every second until the session finishes.
    public func startTicking() {
        ticker.start { [weak self] in self?.push(.tick(Date())) }
    }
}

/// The once-a-second task of a `LoginSession`.
private final class TickerSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var stopped = false

    func start(_ tick: @escaping @Sendable () -> Void) {
        let task = Task { [weak self] in
            while !Task.isCancelled, self?.isStopped == false {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                guard !Task.isCancelled, self?.isStopped == false else { return }
                tick()
            }
        }
        let old: Task<Void, Never>?? = lock.withLock {
            if stopped { return .none }
            defer { self.task = task }
            return .some(self.task)
        }
        switch old {
        case .none: task.cancel()
        case .some(let previous): previous?.cancel()
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    func stop() {
        let task: Task<Void, Never>? = lock.withLock {
            stopped = true
            return self.task
        }
        task?.cancel()
    }
}
