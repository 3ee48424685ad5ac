import Foundation

/// A thread-safe queue where finished effects leave their messages for the program loop.
public final class Mailbox<Msg: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Msg] = []
    private var running = 0

    public init() {}

    /// Adds a message.
    public func post(_ msg: Msg) {
        lock.lock()
        items.append(msg)
        lock.unlock()
    }

    /// Removes and returns every queued message.
    public func drain() -> [Msg] {
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }

    /// Starts an effect on the concurrency pool; its message, if any, arrives here.
    public func start(_ effect: Effect<Msg>) {
        lock.lock()
        running += 1
        lock.unlock()
        Task.detached { [self] in
            let result = await effect.run()
            finish(result)
        }
    }

    private func finish(_ result: Msg?) {
        lock.lock()
        if let result { items.append(result) }
        running -= 1
        lock.unlock()
    }

    /// How many effects are still running.
    public var runningCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return running
    }
}
