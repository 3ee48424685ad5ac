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

/// Counts of a run's items by state.
public struct PushTally: Sendable, Equatable, CustomStringConvertible {
    public var queued = 0, sending = 0, succeeded = 0, failed = 0, skipped = 0
    public init() {}
    public var done: Int { succeeded + failed + skipped }
    public var total: Int { done + queued + sending }
    public var description: String { "\(succeeded) succeeded, \(failed) failed, \(skipped) skipped" + (queued + sending > 0 ? ", \(queued + sending) left" : "") }
}

extension UniversalRecord {
    /// The id that links this record to its CRM copy: its own id, else its natural unique key
    /// (`email:` for contacts, `domain:` for companies, `name:` for deals).
    public var localKey: String? {
        if let id, !id.isEmpty { return id }
        switch object {
        case .contact: return value("contact_email")?.stringValue.map { "email:" + $0.lowercased().trimmingCharacters(in: .whitespaces) }
        case .company: return (value("company_domain") ?? value("company_name"))?.stringValue.map { "domain:" + $0.lowercased() }
        case .deal: return value("deal_name")?.stringValue.map { "name:" + $0 }
        }
    }

    /// The record's unique key in the CRM for finding a copy that may already exist (email for contacts).
    public var uniqueKey: (field: String, value: String)? {
        switch object {
        case .contact: return value("contact_email")?.stringValue.map { ("contact_email", $0.trimmingCharacters(in: .whitespaces)) }
        case .company: return value("company_domain")?.stringValue.map { ("company_domain", $0) }
        case .deal: return nil
        }
    }
}

/// The JSON form of universal records in the journal.
enum RecordCodec {
    static func encode(_ r: UniversalRecord) -> String {
        var o = JSONObject([("object", .string(r.object.rawValue))])
        if let id = r.id { o["id"] = .string(id) }
        o["fields"] = .object(r.fields)
        return JSONWriter.compact(.object(o))
    }

    static func decode(_ text: String) -> UniversalRecord? {
        guard let v = try? JSONParser.parse(text), let kind = v["object"]?.stringValue.flatMap(UniversalObject.init(rawValue:)),
              let fields = v["fields"]?.objectValue else { return nil }
        return UniversalRecord(id: v["id"]?.stringValue, object: kind, fields: fields)
    }
}
