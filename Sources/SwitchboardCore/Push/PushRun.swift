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
    /// Whether the run sends through batch actions (false after `push --no-batch`); a resume keeps it.
    public var useBatch: Bool

    public init(id: String, tenantID: Int64, connectorID: String, actionID: String, object: UniversalObject, source: String,
                status: Status, total: Int, startedAt: Date, finishedAt: Date?, useBatch: Bool = true) {
        self.useBatch = useBatch
        self.id = id
        self.tenantID = tenantID
        self.connectorID = connectorID
        self.actionID = actionID
        self.object = object
        self.source = source
        self.status = status
        self.total = total
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
