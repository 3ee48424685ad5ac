import Foundation

/// One record of the universal data model: a contact, company, deal, lead, activity or ticket with `contact_*` /
/// `company_*` / `deal_*` fields (plus the tenant's custom fields), as our product holds it.
public struct UniversalRecord: Sendable, Equatable {
    /// The record's own id in our product (`id` in files), used to link it to the CRM record.
    public var id: String?
    /// What kind of record this is.
    public var object: UniversalObject
    /// Field values by universal name, e.g. `contact_email`; custom fields keep their own names.
    public var fields: JSONObject

    /// A record of `object` with `fields`.
    public init(id: String? = nil, object: UniversalObject, fields: JSONObject) {
        self.id = id
        self.object = object
        self.fields = fields
    }

    /// The value of `name`, nil when absent, null or an empty string; `id` is the record's own id
    /// (so a mapping can write it into a CRM property and sync can match on it).
    public func value(_ name: String) -> JSONValue? {
        if name == "id", fields["id"] == nil { return id.flatMap { $0.isEmpty ? nil : .string($0) } }
        guard let v = fields[name] else { return nil }
        if v.isNull { return nil }
        if case .string(let s) = v {
            // Most values start with a visible ASCII character: no Unicode property lookups then.
            if let first = s.utf8.first, first > 0x20, first < 0x7F { return v }
            if s.allSatisfy(\.isWhitespace) { return nil }
        }
        return v
    }
}

extension UniversalObject {
    /// The object whose fields `names` use most (by the `contact_` / `company_` / `deal_` prefixes).
    public static func infer(from names: [String]) -> UniversalObject? {
        let counts = UniversalObject.allCases.map { object in (object, names.filter { $0.hasPrefix(object.rawValue + "_") }.count) }
        guard let best = counts.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }
}
