import Foundation

/// The events of a piece of work running in the background (a login, a push), handed to one
/// reader at a time in order. `finish(with:)` ends it: later events are dropped, and `next()`
/// returns nil once the final event has been read. A `coalesce` rule lets a newer snapshot
/// (progress) replace the one still waiting instead of queueing behind it.
public final class EventQueue<Event: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var queue: [Event] = []
    private var waiter: CheckedContinuation<Event?, Never>?
    private var finished = false
    private let coalesce: @Sendable (_ waiting: Event, _ new: Event) -> Bool

    /// A queue; `coalesce(waiting, new)` says whether `new` replaces the last event still waiting.
    public init(coalesce: @escaping @Sendable (_ waiting: Event, _ new: Event) -> Bool = { _, _ in false }) {
        self.coalesce = coalesce
    }

    /// Adds an event; ignored once the queue has finished.
    public func push(_ event: Event) { deliver(event, final: false) }

    /// Adds the last event; nothing after it is delivered.
    public func finish(with event: Event) { deliver(event, final: true) }

    /// The next event, waiting for it; nil after the final event was read.
    public func next() async -> Event? {
        await withCheckedContinuation { continuation in
            let ready: Event?? = lock.withLock {
                if !queue.isEmpty { return .some(queue.removeFirst()) }
                if finished { return .some(nil) }
                waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func deliver(_ event: Event, final: Bool) {
        let resume: CheckedContinuation<Event?, Never>? = lock.withLock {
            guard !finished else { return nil }
            if final { finished = true }
            if let w = waiter { waiter = nil; return w }
            if let last = queue.last, coalesce(last, event) { queue.removeLast() }
            queue.append(event)
            return nil
        }
        resume?.resume(returning: event)
    }
}
