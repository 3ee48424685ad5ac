import ConsoleKit
import Foundation
import SwitchboardCore

/// A push running in the background as the console sees it: progress events one at a time, the
/// final outcome with the run's items, and cancel (what is done stays done).
public final class PushSession: @unchecked Sendable {
    /// What the screens receive.
    public enum Event: Sendable, Equatable {
        case progress(PushProgress)
        case finished(Outcome)
    }

    /// How the run ended, with every item as the journal holds it.
    public struct Outcome: Sendable, Equatable {
        public var runID: String
        public var result: Result<PushReport, PushStop>
        public var items: [PushItem]

        public init(runID: String, result: Result<PushReport, PushStop>, items: [PushItem]) {
            self.runID = runID
            self.result = result
            self.items = items
        }
    }

    /// An event tagged with its session, so a screen takes only its own.
    public struct Message: Sendable {
        public var session: ObjectIdentifier
        public var event: Event
    }

    public let run: PushRun
    private let lock = NSLock()
    private var queue: [Event] = []
    private var waiter: CheckedContinuation<Event?, Never>?
    private var done = false
    private var task: Task<Void, Never>?

    init(run: PushRun) { self.run = run }

    /// Starts `executor` on `run`.
    public static func start(executor: PushExecutor, run: PushRun, journal: PushJournal) -> PushSession {
        let session = PushSession(run: run)
        let task = Task {
            let result: Result<PushReport, PushStop>
            do {
                result = .success(try await executor.execute(run) { p in session.push(.progress(p)) })
            } catch let stop as PushStop {
                result = .failure(stop)
            } catch {
                result = .failure(.store(.database(String(describing: error))))
            }
            let items = (try? journal.items(run: run.id)) ?? []
            session.push(.finished(Outcome(runID: run.id, result: result, items: items)))
        }
        session.lock.withLock { session.task = task }
        return session
    }

    /// Asks the run to stop after the requests in flight have their answers.
    public func cancel() { lock.withLock { task }?.cancel() }

    /// The effect that delivers the next event to the screens.
    public func nextEvent() -> Effect<AppMsg> {
        Effect("push.next") { [self] in
            await self.next().map { AppMsg.screenMessage(Message(session: ObjectIdentifier(self), event: $0)) }
        }
    }

    func push(_ event: Event) {
        let resume: CheckedContinuation<Event?, Never>? = lock.withLock {
            if case .finished = event { done = true }
            if let w = waiter { waiter = nil; return w }
            // Progress is a snapshot: only the newest one waiting matters.
            if case .progress = event, case .progress? = queue.last { queue.removeLast() }
            queue.append(event)
            return nil
        }
        resume?.resume(returning: event)
    }

    /// The next event; nil once `finished` was delivered.
    func next() async -> Event? {
        await withCheckedContinuation { continuation in
            let ready: Event?? = lock.withLock {
                if !queue.isEmpty { return .some(queue.removeFirst()) }
                if done { return .some(nil) }
                waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
