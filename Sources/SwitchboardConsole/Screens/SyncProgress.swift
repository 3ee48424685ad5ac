import Foundation
import SwitchboardCore

/// The counts of a sync pass while it runs: written by the core's progress callback on the task
/// running the pass, read by the Sync screen about once a second (its clock).
public final class SyncProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var latest = SyncCounts()

    public init() {}

    /// The counts so far.
    public var counts: SyncCounts { lock.withLock { latest } }

    /// Records new counts.
    public func report(_ counts: SyncCounts) { lock.withLock { latest = counts } }
}

/// How the console words a sync pass's counts: which side changed, in the CRM's name.
enum SyncWords {
    /// e.g. "12 pulled · here 1 created, 0 updated · HubSpot 2 created, 1 updated · 0 conflicts, 0 errors".
    static func counts(_ c: SyncCounts, crm: String) -> String {
        "\(c.pulled) pulled · here \(c.createdLocal) created, \(c.updatedLocal) updated · \(crm) \(c.createdRemote) created, \(c.updatedRemote) updated"
            + " · \(c.conflicts) conflict\(c.conflicts == 1 ? "" : "s"), \(c.errors) error\(c.errors == 1 ? "" : "s")"
    }

    /// Elapsed time: "0.8 s", "12 s", "2 min 05 s".
    static func elapsed(_ seconds: TimeInterval) -> String {
        if seconds < 10 { return String(format: "%.1f s", max(0, seconds)) }
        if seconds < 60 { return "\(Int(seconds)) s" }
        return String(format: "%d min %02d s", Int(seconds) / 60, Int(seconds) % 60)
    }
}
