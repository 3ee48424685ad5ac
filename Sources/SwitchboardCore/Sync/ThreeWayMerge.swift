import Foundation

/// What to do with one field after comparing our value, the CRM's and the last-synced one.
public enum FieldDecision: Sendable, Equatable {
    /// Nothing to write (no change, or the same change on both sides).
    case unchanged
    /// Write our value to the CRM.
    case pushLocal
    /// Write the CRM's value locally.
    case pullRemote
    /// Changed on both sides to different values, and the strategy is `manual`.
    case conflict
}

/// A field's three values; nil is "no value" (absent, null or blank).
public struct FieldValues: Sendable, Equatable {
    public var base: JSONValue?
    public var local: JSONValue?
    public var remote: JSONValue?
    public init(base: JSONValue?, local: JSONValue?, remote: JSONValue?) {
        self.base = base
        self.local = local
        self.remote = remote
    }
}

/// The three-way compare of sync, a pure function: changed on one side only → take that side;
/// changed on both to different values → the strategy decides (`manual` → a conflict).
/// A field the mapping only pushes never pulls, and one it only pulls never pushes.
public enum ThreeWayMerge {
    public static func decide(_ v: FieldValues, strategy: SyncStrategy, canPush: Bool, canPull: Bool,
                              localModified: Date, remoteModified: Date?) -> FieldDecision {
        let base = canonical(v.base), local = canonical(v.local), remote = canonical(v.remote)
        if local == remote { return .unchanged }
        let localChanged = local != base
        let remoteChanged = remote != base
        switch (localChanged, remoteChanged) {
        case (false, false): return .unchanged
        case (true, false): return canPush ? .pushLocal : .unchanged
        case (false, true): return canPull ? .pullRemote : .unchanged
        case (true, true):
            if !canPull { return canPush ? .pushLocal : .unchanged }
            if !canPush { return .pullRemote }
            switch strategy {
            case .localWins: return .pushLocal
            case .remoteWins: return .pullRemote
            case .latestWins: return (remoteModified ?? .distantPast) > localModified ? .pullRemote : .pushLocal
            case .manual: return .conflict
            }
        }
    }

    /// A value's comparable form: blank text and null are no value; text is trimmed; numbers and
    /// numeric text compare as numbers (HubSpot keeps every property as text).
    public static func canonical(_ v: JSONValue?) -> String? {
        switch v {
        case nil, .null?: return nil
        case .string(let s)?:
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.isEmpty { return nil }
            let leadingZero = t.count > 1 && t.hasPrefix("0") && !t.hasPrefix("0.")
            if !leadingZero, let n = Double(t), t.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return "#" + JSONWriter.format(number: n) }
            return "s" + t
        case .number(let n)?: return "#" + JSONWriter.format(number: n)
        case .bool(let b)?: return b ? "true" : "false"
        case let other?: return JSONWriter.compact(other)
        }
    }

    /// Whether two values are the same for sync.
    public static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool { canonical(a) == canonical(b) }
}
