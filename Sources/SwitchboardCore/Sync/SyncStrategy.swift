import Foundation

/// How a field changed on both sides is settled (the Alguna seed's conflict strategies).
public enum SyncStrategy: String, Sendable, Equatable, CaseIterable {
    /// Our product's value wins and is written to the CRM.
    case localWins = "local_wins"
    /// The CRM's value wins and is written locally.
    case remoteWins = "remote_wins"
    /// The side modified last wins (record modification times).
    case latestWins = "latest_wins"
    /// Nothing is written for the field; the conflict waits in the queue for a person.
    case manual

    /// Parses `local_wins`, `local-wins`, `remote_wins`, ...; the error lists the choices.
    public static func parse(_ text: String) -> SyncStrategy? {
        SyncStrategy(rawValue: text.replacingOccurrences(of: "-", with: "_").lowercased())
    }

    public static var choices: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The strategies of one tenant × connector × object: a default and per-field overrides.
public struct SyncStrategySet: Sendable, Equatable {
    public var standard: SyncStrategy
    public var fields: [String: SyncStrategy]

    /// `manual` by default: nothing is overwritten until someone decides.
    public init(standard: SyncStrategy = .manual, fields: [String: SyncStrategy] = [:]) {
        self.standard = standard
        self.fields = fields
    }

    /// The strategy for `field`: its override, else the default.
    public func strategy(for field: String) -> SyncStrategy { fields[field] ?? standard }
}

/// Which way a sync run moves changes.
public enum SyncDirection: String, Sendable, Equatable, CaseIterable {
    case toCRM = "to-crm"
    case fromCRM = "from-crm"
    case both

    public var pulls: Bool { self != .toCRM }
    public var pushes: Bool { self != .fromCRM }
}
