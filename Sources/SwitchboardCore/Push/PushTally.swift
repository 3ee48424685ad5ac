/// Counts of a run's items by state.
public struct PushTally: Sendable, Equatable, CustomStringConvertible {
    public var queued = 0, sending = 0, succeeded = 0, failed = 0, skipped = 0
    public init() {}
    public var done: Int { succeeded + failed + skipped }
    public var total: Int { done + queued + sending }
    public var description: String { "\(succeeded) succeeded, \(failed) failed, \(skipped) skipped" + (queued + sending > 0 ? ", \(queued + sending) left" : "") }
}
