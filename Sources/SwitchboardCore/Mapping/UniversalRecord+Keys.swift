import Foundation

extension UniversalRecord {
    /// The id that links this record to its CRM copy: its own id, else its natural unique key
    /// (`email:` for contacts and leads, `domain:` for companies, `name:` for deals; activities
    /// and tickets need their own id).
    public var localKey: String? {
        if let id, !id.isEmpty { return id }
        switch object {
        case .contact: return value("contact_email")?.stringValue.map { "email:" + Self.trimmingSpaces($0.lowercased()) }
        case .company: return (value("company_domain") ?? value("company_name"))?.stringValue.map { "domain:" + $0.lowercased() }
        case .deal: return value("deal_name")?.stringValue.map { "name:" + $0 }
        case .lead: return value("lead_email")?.stringValue.map { "email:" + Self.trimmingSpaces($0.lowercased()) }
        // Activities and tickets have no natural key: an id is needed to link them.
        case .activity, .ticket: return nil
        }
    }

    /// The record's unique key in the CRM for finding a copy that may already exist (email for contacts).
    public var uniqueKey: (field: String, value: String)? {
        switch object {
        case .contact: return value("contact_email")?.stringValue.map { ("contact_email", Self.trimmingSpaces($0)) }
        case .company: return value("company_domain")?.stringValue.map { ("company_domain", $0) }
        case .lead: return value("lead_email")?.stringValue.map { ("lead_email", Self.trimmingSpaces($0)) }
        case .deal, .activity, .ticket: return nil
        }
    }

    /// `text` without leading and trailing spaces and tabs (`CharacterSet.whitespaces`); most keys
    /// have none, and those are returned without going through Foundation.
    static func trimmingSpaces(_ text: String) -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, isSpace(first) || isSpace(last) else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
