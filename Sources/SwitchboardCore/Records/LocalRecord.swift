import Foundation

/// One of the tenant's own records (the "local" side of sync): a universal record with an id in
/// our product and the times it was created and last modified here.
public struct LocalRecord: Sendable, Equatable {
    public var id: String
    public var object: UniversalObject
    public var fields: JSONObject
    public var createdAt: Date
    public var modifiedAt: Date

    public init(id: String, object: UniversalObject, fields: JSONObject, createdAt: Date, modifiedAt: Date) {
        self.id = id
        self.object = object
        self.fields = fields
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The record as the mapper and the push engine take it.
    public var universal: UniversalRecord { UniversalRecord(id: id, object: object, fields: fields) }

    /// The value of `name`, nil when absent, null or blank.
    public func value(_ name: String) -> JSONValue? { universal.value(name) }

    /// A one-line label: the email (contacts), domain or name (companies), or name (deals).
    public var label: String {
        let keys: [String]
        switch object {
        case .contact: keys = ["contact_email", "contact_last_name"]
        case .company: keys = ["company_domain", "company_name"]
        case .deal: keys = ["deal_name"]
        case .lead: keys = ["lead_email", "lead_last_name", "lead_company"]
        case .activity: keys = ["activity_subject", "activity_type"]
        case .ticket: keys = ["ticket_subject"]
        }
        for key in keys { if let v = value(key)?.stringValue { return v } }
        return id
    }
}

/// What `records import` did with a file.
public struct RecordImportReport: Sendable, Equatable {
    public var created: [String] = []
    public var updated: [String] = []
    public var unchanged: [String] = []
    /// Records not taken, each with its line (when the format has lines) and the reason.
    public var rejected: [RecordFileError] = []
    public init() {}
}

/// Why a local record operation was refused.
public enum LocalRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case badAssignment(String)
    case store(StoreError)

    public var description: String {
        switch self {
        case .notFound(let id): return "no local record \(id); `switchboard records list` shows them"
        case .badAssignment(let m): return m
        case .store(let e): return e.description
        }
    }
}
