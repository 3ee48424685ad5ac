import Foundation
import SwitchboardCore

/// A field an account's admin added to a CRM object, described neutrally: each CRM's API renders it
/// in its own shape (a HubSpot property, a Salesforce `__c` field, a Pipedrive 40-character key,
/// a Zoho `api_name`, a Copper custom field definition) and checks writes against it.
struct CustomFieldDefinition: Sendable, Equatable {
    /// The value kinds every CRM can express.
    enum Kind: String, Sendable, CaseIterable {
        case text, number, date, datetime, boolean, picklist
    }

    /// One picklist option: the stored value and the label people see.
    struct Option: Sendable, Equatable {
        var value: String
        var label: String
    }

    /// The API name as the CRM spells it (`customer_tier`, `Customer_Tier__c`, a Pipedrive key, ...).
    var name: String
    var label: String
    var kind: Kind
    var options: [Option] = []
    /// Required on create (Salesforce `nillable: false`, Zoho `system_mandatory`, Pipedrive `mandatory_flag`).
    var required = false
    /// Longest text accepted, when the CRM limits it.
    var length: Int?
    /// A stable numeric id (Copper and Pipedrive number their field definitions).
    var numericID: Int = 0

    /// The stored form.
    var json: JSONObject {
        var o = JSONObject()
        o["name"] = .string(name)
        o["label"] = .string(label)
        o["kind"] = .string(kind.rawValue)
        o["options"] = .array(options.map { ["value": .string($0.value), "label": .string($0.label)] })
        o["required"] = .bool(required)
        if let length { o["length"] = .number(Double(length)) }
        o["numericID"] = .number(Double(numericID))
        return o
    }

    /// Reads a stored or posted definition; the failure says which field is wrong.
    static func from(_ value: JSONValue) -> Outcome<CustomFieldDefinition, String> {
        guard let name = value["name"]?.stringValue, !name.isEmpty, name.count <= 100,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            return .failure("name is required: up to 100 ASCII letters, digits and underscores")
        }
        guard let label = value["label"]?.stringValue, !label.isEmpty else { return .failure("label is required") }
        guard let kindText = value["kind"]?.stringValue ?? value["type"]?.stringValue, let kind = Kind(rawValue: kindText) else {
            return .failure("kind is required: one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var options: [Option] = []
        for item in value["options"]?.arrayValue ?? [] {
            if let text = item.stringValue {
                options.append(Option(value: text, label: text))
            } else if let v = item["value"]?.stringValue {
                options.append(Option(value: v, label: item["label"]?.stringValue ?? v))
            } else {
                return .failure("options are strings or {\"value\", \"label\"} objects")
            }
        }
        if kind == .picklist && options.isEmpty { return .failure("a picklist needs options") }
        if kind != .picklist && !options.isEmpty { return .failure("only a picklist has options") }
        var length: Int?
        if let l = value["length"], !l.isNull {
            guard let n = l.numberValue, n >= 1, n <= 131_072, n == n.rounded() else { return .failure("length must be a whole number 1–131072") }
            length = Int(n)
        }
        let required = value["required"]?.boolValue ?? false
        let numericID = (value["numericID"]?.intValue ?? 0)
        return .success(CustomFieldDefinition(name: name, label: label, kind: kind, options: options, required: required,
                                              length: length, numericID: numericID))
    }

    /// Whether `text` is an acceptable value for this field; nil when it is, else why not.
    func problem(with text: String) -> String? {
        if text.isEmpty { return nil }
        switch kind {
        case .text:
            if let length, text.count > length { return "is \(text.count) characters; \(name) takes at most \(length)" }
        case .number:
            if Double(text) == nil { return "\(text) is not a number" }
        case .date, .datetime:
            if SandboxTime.parseMs(text) == nil { return "\(text) is not a valid date" }
        case .boolean:
            if !["true", "false"].contains(text.lowercased()) { return "\(text) is not true or false" }
        case .picklist:
            if !options.contains(where: { $0.value == text }) { return "\(text) is not one of the options" }
        }
        return nil
    }
}
