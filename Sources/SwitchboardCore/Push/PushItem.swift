import Foundation

/// Where one record of a push run stands. `sending` after a crash means "may have been written".
public enum PushItemState: String, Sendable, Equatable, CaseIterable {
    case queued, sending, succeeded, failed, skipped
}

/// One record of a push run, as the journal holds it.
public struct PushItem: Sendable, Equatable {
    public var runID: String
    public var position: Int
    public var localID: String
    public var record: UniversalRecord
    public var state: PushItemState
    public var attempts: Int
    public var remoteID: String?
    public var httpStatus: Int?
    public var errorCode: String?
    public var errorMessage: String?
    public var durationMilliseconds: Double
}
