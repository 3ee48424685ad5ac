import Foundation

/// The mutable part of one push execution (the executor itself is a value), shared by the
/// requests it has in flight at once: counters and the local ids of its items, behind a lock.
final class PushRunState: @unchecked Sendable {
    /// What the execution counted so far.
    struct Counters: Sendable, Equatable {
        var requests = 0
        var rateLimited = 0
        var recovered = 0
    }

    let run: PushRun
    let started: TimeInterval
    private let lock = NSLock()
    private var counters = Counters()
    private var localIDsByPosition: [Int: String] = [:]

    init(run: PushRun, started: TimeInterval) {
        self.run = run
        self.started = started
    }

    /// Adds to the counters.
    func count(requests: Int = 0, rateLimited: Int = 0, recovered: Int = 0) {
        lock.withLock {
            counters.requests += requests
            counters.rateLimited += rateLimited
            counters.recovered += recovered
        }
    }

    /// The counters now.
    var counted: Counters { lock.withLock { counters } }

    /// Remembers the local ids of the items this execution works on (for their record links).
    func remember(_ items: [PushItem]) {
        lock.withLock { for item in items { localIDsByPosition[item.position] = item.localID } }
    }

    /// Position → local id of the items this execution works on.
    var localIDs: [Int: String] { lock.withLock { localIDsByPosition } }
}
