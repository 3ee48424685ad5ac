import Foundation

/// A push run: one action applied to a set of records, with its progress.
public struct PushRun: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case running, finished, interrupted, stopped }
    public var id: String
    public var tenantID: Int64
    public var connectorID: String
    public var actionID: String
    public var object: UniversalObject
    public var source: String
    public var status: Status
    public var total: Int
    public var startedAt: Date
    public var finishedAt: Date?
}
