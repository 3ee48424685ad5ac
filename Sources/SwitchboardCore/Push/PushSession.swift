import Foundation

/// A push running in the background as a front end follows it: progress snapshots one at a time,
/// the final outcome with the run's items, and cancel (what is done stays done).
public final class PushSession: Sendable {
    /// What the front end receives.
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

    public let run: PushRun
    private let events = EventQueue<Event>(coalesce: { waiting, new in
        // Progress is a snapshot: only the newest one waiting matters.
        if case .progress = waiting, case .progress = new { return true }
        return false
    })
    private let task = TaskSlot()

    init(run: PushRun) { self.run = run }

    /// Starts `executor` on `run`.
    public static func start(executor: PushExecutor, run: PushRun, journal: PushJournal) -> PushSession {
        let session = PushSession(run: run)
        session.task.set(Task {
            let result: Result<PushReport, PushStop>
            do throws(PushStop) {
                result = .success(try await executor.execute(run) { p in session.events.push(.progress(p)) })
            } catch {
                result = .failure(error)
            }
            let items = (try? journal.items(run: run.id)) ?? []
            session.events.finish(with: .finished(Outcome(runID: run.id, result: result, items: items)))
        })
        return session
    }

    /// Asks the run to stop after the requests in flight have their answers.
    public func cancel() { task.cancel() }

    /// The next event; nil once `finished` was delivered.
    public func next() async -> Event? { await events.next() }
}

/// The task behind a `PushSession`, set once after it starts.
private final class TaskSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    func set(_ task: Task<Void, Never>) { lock.withLock { self.task = task } }
    func cancel() { lock.withLock { task }?.cancel() }
}
