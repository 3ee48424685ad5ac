import Foundation

/// The last-synced state of one linked record: the base of the next three-way compare.
public struct SyncSnapshot: Sendable, Equatable {
    public var localID: String
    public var remoteID: String
    /// Universal values both sides agreed on at the last sync.
    public var fields: JSONObject
    /// The local record's modified time when it was last synced; a later one means a local change.
    public var localModified: Date
    public var remoteModified: Date?
    public var syncedAt: Date
}

/// Counts of one sync run.
public struct SyncCounts: Sendable, Equatable, CustomStringConvertible {
    public var pulled = 0, synced = 0, createdLocal = 0, updatedLocal = 0, createdRemote = 0, updatedRemote = 0, conflicts = 0, errors = 0, requests = 0
    public init() {}
    public var description: String {
        "\(pulled) pulled, \(synced) synced, \(createdLocal) created here, \(updatedLocal) updated here, \(createdRemote) created in the CRM, "
            + "\(updatedRemote) updated in the CRM, \(conflicts) conflicts, \(errors) errors, \(requests) requests"
    }
}

/// One sync run as the history shows it.
public struct SyncRun: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case running, finished, failed }
    public var id: String
    public var tenantID: Int64
    public var connectorID: String
    public var object: UniversalObject
    public var direction: SyncDirection
    public var full: Bool
    public var status: Status
    public var counts: SyncCounts
    public var message: String?
    public var startedAt: Date
    public var finishedAt: Date?
}

/// A record that failed in a sync run (for `sync retry`).
public struct SyncFailure: Sendable, Equatable {
    public var localID: String?
    public var remoteID: String?
    public var code: String
    public var message: String
}

/// One record's fields that changed on both sides, waiting for a person (strategy `manual`).
public struct SyncConflict: Sendable, Equatable {
    public enum Status: String, Sendable, Equatable { case open, resolved }
    public var id: Int64
    public var tenantID: Int64
    public var connectorID: String
    public var object: UniversalObject
    public var localID: String
    public var remoteID: String
    public var label: String
    public var status: Status
    public var localModified: Date
    public var remoteModified: Date?
    public var createdAt: Date
    public var fields: [ConflictField]

    /// The fields still waiting.
    public var openFields: [ConflictField] { fields.filter { $0.resolution == nil } }

    /// How long it has waited, for lists: `42s`, `5m`, `3h`, `2d`.
    public func age(at now: Date) -> String {
        let s = max(0, now.timeIntervalSince(createdAt))
        if s < 90 { return "\(Int(s))s" }
        if s < 5400 { return "\(Int(s / 60))m" }
        if s < 172_800 { return "\(Int(s / 3600))h" }
        return "\(Int(s / 86_400))d"
    }
}

/// One field of a conflict: the three values, and once resolved the choice and the value applied.
public struct ConflictField: Sendable, Equatable {
    public var field: String
    public var base: JSONValue?
    public var local: JSONValue?
    public var remote: JSONValue?
    public var resolution: String?
    public var value: JSONValue?
}

/// An audit entry: who resolved which field of which conflict, when, how, and the old values.
public struct SyncAuditEntry: Sendable, Equatable {
    public var conflictID: Int64
    public var field: String
    public var actor: String
    public var at: Date
    public var choice: String
    public var value: JSONValue?
    public var oldLocal: JSONValue?
    public var oldRemote: JSONValue?
    public var oldBase: JSONValue?
}
