import Foundation

/// A thread-safe queue where finished effects leave their messages for the program loop.
public final class Mailbox<Msg: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Msg] = []
    private var running = 0

    public init() {}

    /// Adds a message.
    public func post(_ msg: Msg) {
        lock.withLock { items.append(msg) }
    }

    /// Removes and returns every queued message.
    public func drain() -> [Msg] {
        lock.withLock {
            let out = items
            items.removeAll(keepingCapacity: true)
            return out
        }
    }

    /// Starts an effect on the concurrency pool; its message, if any, arrives here.
    public func start(_ effect: Effect<Msg>) {
        lock.withLock { running += 1 }
        Task.detached { [self] in
            let result = await effect.run()
            finish(result)
        }
    }

    private func finish(_ result: Msg?) {
        lock.withLock {
            if let result { items.append(result) }
            running -= 1
        }
    }

    /// How many effects are still running.
    public var runningCount: Int {
        lock.withLock { running }
    }
}
