import Foundation
import SwitchboardCore

/// One built-in Pipedrive field: its key, label, `field_type` and what values it takes.
struct PipedriveField: Sendable {
    enum Kind: String, Sendable {
        case varchar, text, int, double, monetary, date, enumeration = "enum", set, org, people, user, status, stage, phone, visibleTo = "visible_to"
        /// A deal id (an activity's `deal_id`).
        case deal
        /// `true` / `false` (an activity's `done`).
        case boolean
        /// An activity's `[{person_id, primary}]`.
        case participants
        /// A lead's `{amount, currency}`.
        case money
    }
    var key: String
    var name: String
    var kind: Kind
    var mandatory = false
    var editable = true
    var options: [String] = []
}

/// The Pipedrive objects the sandbox serves (persons, organizations, deals, activities and the
/// v1 leads): their built-in fields, the custom fields of the account, and the checks a write
/// goes through.
struct PipedriveObjectType: Sendable {
    /// `persons`, `organizations`, `deals`.
    var name: String
    /// `person`, `organization`, `deal`.
    var singular: String
    /// The fields endpoint's name: `personFields`, ...
    var fieldsEndpoint: String
    var fields: [PipedriveField]

    static let persons = PipedriveObjectType(name: "persons", singular: "person", fieldsEndpoint: "personFields", fields: [
        .init(key: "name", name: "Name", kind: .varchar, mandatory: true), .init(key: "first_name", name: "First name", kind: .varchar),
        .init(key: "last_name", name: "Last name", kind: .varchar), .init(key: "emails", name: "Email", kind: .phone),
        .init(key: "phones", name: "Phone", kind: .phone), .init(key: "org_id", name: "Organization", kind: .org),
        .init(key: "owner_id", name: "Owner", kind: .user), .init(key: "visible_to", name: "Visible to", kind: .visibleTo),
        .init(key: "label_ids", name: "Labels", kind: .set),
    ])
    static let organizations = PipedriveObjectType(name: "organizations", singular: "organization", fieldsEndpoint: "organizationFields", fields: [
        .init(key: "name", name: "Name", kind: .varchar, mandatory: true), .init(key: "owner_id", name: "Owner", kind: .user),
        .init(key: "address", name: "Address", kind: .varchar), .init(key: "visible_to", name: "Visible to", kind: .visibleTo),
        .init(key: "label_ids", name: "Labels", kind: .set),
    ])
    static let deals = PipedriveObjectType(name: "deals", singular: "deal", fieldsEndpoint: "dealFields", fields: [
        .init(key: "title", name: "Title", kind: .varchar, mandatory: true), .init(key: "value", name: "Value", kind: .monetary),
        .init(key: "currency", name: "Currency", kind: .varchar), .init(key: "person_id", name: "Contact person", kind: .people),
        .init(key: "org_id", name: "Organization", kind: .org), .init(key: "owner_id", name: "Owner", kind: .user),
        .init(key: "stage_id", name: "Stage", kind: .stage), .init(key: "pipeline_id", name: "Pipeline", kind: .int),
        .init(key: "status", name: "Status", kind: .status, options: ["open", "won", "lost"]),
        .init(key: "expected_close_date", name: "Expected close date", kind: .date),
        .init(key: "probability", name: "Probability", kind: .double), .init(key: "visible_to", name: "Visible to", kind: .visibleTo),
    ])
    static let activities = PipedriveObjectType(name: "activities", singular: "activity", fieldsEndpoint: "activityFields", fields: [
        .init(key: "subject", name: "Subject", kind: .varchar, mandatory: true),
        .init(key: "type", name: "Type", kind: .enumeration, options: ["call", "meeting", "task", "deadline", "email", "lunch"]),
        .init(key: "due_date", name: "Due date", kind: .date), .init(key: "due_time", name: "Due time", kind: .varchar),
        .init(key: "duration", name: "Duration", kind: .varchar), .init(key: "done", name: "Done", kind: .boolean),
        .init(key: "note", name: "Note", kind: .text), .init(key: "deal_id", name: "Deal", kind: .deal), .init(key: "org_id", name: "Organization", kind: .org),
        .init(key: "participants", name: "Participants", kind: .participants), .init(key: "owner_id", name: "Assigned to user", kind: .user),
        .init(key: "location", name: "Location", kind: .varchar),
    ])
    /// Leads live in API v1 only (`/v1/leads`), have UUID ids, and need a person or an organization.
    static let leads = PipedriveObjectType(name: "leads", singular: "lead", fieldsEndpoint: "leadFields", fields: [
        .init(key: "title", name: "Title", kind: .varchar, mandatory: true), .init(key: "person_id", name: "Person", kind: .people),
        .init(key: "organization_id", name: "Organization", kind: .org), .init(key: "value", name: "Value", kind: .money),
        .init(key: "owner_id", name: "Owner", kind: .user), .init(key: "label_ids", name: "Labels", kind: .set),
        .init(key: "expected_close_date", name: "Expected close date", kind: .date), .init(key: "visible_to", name: "Visible to", kind: .varchar),
    ])
    static let all = [persons, organizations, deals, activities, leads]

    /// The OAuth scope family of the type (`contacts` for persons and organizations).
    var scope: String {
        switch name {
        case "persons", "organizations": "contacts"
        default: name
        }
    }

    /// The type named by a URL segment (`persons`) or a fields endpoint (`personFields`).
    static func named(_ segment: String) -> PipedriveObjectType? { all.first { $0.name == segment } }
    static func fieldsNamed(_ segment: String) -> PipedriveObjectType? { all.first { $0.fieldsEndpoint == segment } }

    /// The demo pipelines' stage ids (1–5 Sales, 6–8 Onboarding: `SandboxPipelines.numbered`).
    static let stageIDs = 1...8

    /// Option id of a custom enum/set field's option: stable per field and position.
    static func optionID(_ field: CustomFieldDefinition, _ index: Int) -> Int { field.numericID * 10 + index + 1 }

    /// Checks a v2 write body and returns the values to store (custom fields under `custom_fields`),
    /// or the validation message Pipedrive would give. `v1` accepts the v1 spellings (`email`,
    /// `phone`, custom keys at the top level).
    func validate(_ body: JSONObject, custom: [CustomFieldDefinition], creating: Bool, v1: Bool,
                  exists: (String, String) -> Bool) -> Outcome<JSONObject, String> {
        var out = JSONObject()
        var customValues = JSONObject()
        let byKey = Dictionary(uniqueKeysWithValues: custom.map { ($0.name, $0) })
        var input = body
        if v1 {
            // v1 spells the lists `email` / `phone` and puts custom fields at the top level.
            for (old, new) in [("email", "emails"), ("phone", "phones")] where input[old] != nil {
                input[new] = input[old]
                input[old] = nil
            }
            for (k, v) in body where byKey[k] != nil { customValues[k] = v; input[k] = nil }
        } else if let c = input["custom_fields"] {
            guard let o = c.objectValue else { return .failure("custom_fields: Parameter 'custom_fields' must be an object") }
            for (k, v) in o { customValues[k] = v }
            input["custom_fields"] = nil
        }
        for (key, value) in input {
            guard let field = fields.first(where: { $0.key == key }) else {
                return .failure("\(key): Parameter '\(key)' is not allowed for this request")
            }
            switch check(field, value, v1: v1, exists: exists) {
            case .failure(let why): return .failure("\(key): \(why)")
            case .success(let v): out[key] = v
            }
        }
        for (key, value) in customValues {
            guard let def = byKey[key] else { return .failure("custom_fields.\(key): Unknown custom field key '\(key)'") }
            switch checkCustom(def, value) {
            case .failure(let why): return .failure("custom_fields.\(key): \(why)")
            case .success(let v): customValues[key] = v
            }
        }
        if creating {
            for f in fields where f.mandatory && (out[f.key]?.stringValue ?? "").isEmpty {
                return .failure("\(f.key): Parameter '\(f.key)' is required")
            }
            if name == "deals", let stage = out["stage_id"]?.numberValue.map({ JSONWriter.format(number: $0) }),
               let why = SandboxPipelines.problem(stage: stage, pipeline: out["pipeline_id"]?.numberValue.map { JSONWriter.format(number: $0) },
                                                  in: SandboxPipelines.numbered, fallback: nil) {
                return .failure("stage_id: \(why)")
            }
            if name == "leads", out["person_id"] == nil, out["organization_id"] == nil {
                return .failure("person_id: A lead must be linked to a person or an organization")
            }
            for def in custom where def.required && (customValues[def.name] == nil || customValues[def.name]!.isNull) {
                return .failure("custom_fields.\(def.name): \(def.label) is required")
            }
        }
        if !customValues.isEmpty { out["custom_fields"] = .object(customValues) }
        return .success(out)
    }

    private func check(_ f: PipedriveField, _ value: JSONValue, v1: Bool, exists: (String, String) -> Bool) -> Outcome<JSONValue, String> {
        if value.isNull { return f.mandatory ? .failure("Parameter '\(f.key)' must not be null") : .success(.null) }
        switch f.kind {
        case .varchar, .text:
            guard let s = value.stringValue else { return .failure("Parameter '\(f.key)' must be a string") }
            if f.mandatory && s.trimmingCharacters(in: .whitespaces).isEmpty { return .failure("Parameter '\(f.key)' must not be empty") }
            return s.count > 255 && f.kind == .varchar ? .failure("Parameter '\(f.key)' is longer than 255 characters") : .success(value)
        case .int, .user, .visibleTo:
            guard let n = value.numberValue, n == n.rounded() else { return .failure("Parameter '\(f.key)' must be an integer") }
            return .success(value)
        case .double, .monetary:
            guard value.numberValue != nil else { return .failure("Parameter '\(f.key)' must be a number") }
            if f.key == "probability", let n = value.numberValue, !(0...100).contains(n) { return .failure("Parameter 'probability' must be 0–100") }
            return .success(value)
        case .date:
            guard let s = value.stringValue, s.count == 10, SandboxTime.parseISO(s) != nil else { return .failure("Parameter '\(f.key)' must be a date YYYY-MM-DD") }
            return .success(value)
        case .stage:
            guard let n = value.numberValue, Int(exactly: n).map(Self.stageIDs.contains) == true else { return .failure("Stage with ID \(JSONWriter.compact(value)) does not exist") }
            return .success(value)
        case .org, .people:
            guard let n = value.numberValue, n == n.rounded() else { return .failure("Parameter '\(f.key)' must be an integer") }
            let object = f.kind == .org ? "organizations" : "persons"
            return exists(object, JSONWriter.format(number: n)) ? .success(value) : .failure("\(f.kind == .org ? "Organization" : "Person") with ID \(JSONWriter.format(number: n)) does not exist")
        case .status, .enumeration:
            guard let s = value.stringValue, f.options.contains(s) else { return .failure("Parameter '\(f.key)' must be one of \(f.options.joined(separator: ", "))") }
            return .success(value)
        case .set:
            guard let a = value.arrayValue else { return .failure("Parameter '\(f.key)' must be an array") }
            return .success(.array(a))
        case .phone:
            return contactList(f.key, value, v1: v1)
        case .deal:
            guard let n = value.numberValue, n == n.rounded() else { return .failure("Parameter '\(f.key)' must be an integer") }
            return exists("deals", JSONWriter.format(number: n)) ? .success(value) : .failure("Deal with ID \(JSONWriter.format(number: n)) does not exist")
        case .boolean:
            return value.boolValue != nil ? .success(value) : .failure("Parameter '\(f.key)' must be a boolean")
        case .participants:
            guard let items = value.arrayValue else { return .failure("Parameter 'participants' must be an array of {person_id, primary}") }
            for (i, item) in items.enumerated() {
                guard let n = item["person_id"]?.numberValue, n == n.rounded() else { return .failure("Parameter 'participants[\(i)].person_id' must be an integer") }
                guard exists("persons", JSONWriter.format(number: n)) else { return .failure("Person with ID \(JSONWriter.format(number: n)) does not exist") }
            }
            return .success(value)
        case .money:
            guard let amount = value["amount"]?.numberValue, let currency = value["currency"]?.stringValue, currency.count == 3 else {
                return .failure("Parameter 'value' must be {amount, currency}")
            }
            return .success(["amount": .number(amount), "currency": .string(currency)])
        }
    }

    /// `[{value, primary, label}]`; v1 also takes a string or an array of strings.
    private func contactList(_ key: String, _ value: JSONValue, v1: Bool) -> Outcome<JSONValue, String> {
        let items: [JSONValue]
        if v1, let s = value.stringValue { items = [.string(s)] } else if let a = value.arrayValue { items = a } else {
            return .failure("Parameter '\(key)' must be an array of objects with value, primary and label")
        }
        var out: [JSONValue] = []
        for (i, item) in items.enumerated() {
            var entry = JSONObject()
            if v1, let s = item.stringValue { entry["value"] = .string(s); entry["primary"] = .bool(i == 0); entry["label"] = "work"; out.append(.object(entry)); continue }
            guard let o = item.objectValue, let v = o["value"]?.stringValue else { return .failure("Parameter '\(key)[\(i)].value' is required and must be a string") }
            if let bad = o.keys.first(where: { !["value", "primary", "label"].contains($0) }) { return .failure("Parameter '\(key)[\(i)].\(bad)' is not allowed") }
            if key == "emails", !v.isEmpty, !(v.contains("@") && v.split(separator: "@").count == 2) { return .failure("'\(v)' is not a valid email address") }
            if let p = o["primary"], p.boolValue == nil { return .failure("Parameter '\(key)[\(i)].primary' must be a boolean") }
            if let l = o["label"], l.stringValue == nil { return .failure("Parameter '\(key)[\(i)].label' must be a string") }
            entry["value"] = .string(v)
            entry["primary"] = o["primary"] ?? .bool(i == 0)
            entry["label"] = o["label"] ?? "work"
            out.append(.object(entry))
        }
        return .success(.array(out))
    }

    /// Custom values: text as strings, numbers as numbers, enums as the option's numeric id.
    private func checkCustom(_ def: CustomFieldDefinition, _ value: JSONValue) -> Outcome<JSONValue, String> {
        if value.isNull { return .success(.null) }
        switch def.kind {
        case .picklist:
            let id = value.numberValue.flatMap { Int(exactly: $0) } ?? value.stringValue.flatMap { Int($0) }
            guard let id, def.options.indices.contains(where: { Self.optionID(def, $0) == id }) else {
                return .failure("Option with ID \(JSONWriter.compact(value)) does not exist for field '\(def.label)'")
            }
            return .success(.number(Double(id)))
        case .number:
            if let n = value.numberValue { return .success(.number(n)) }
            return .failure("\(def.label) must be a number")
        case .boolean:
            guard let b = value.boolValue else { return .failure("\(def.label) must be true or false") }
            return .success(.bool(b))
        default:
            guard let s = value.stringValue else { return .failure("\(def.label) must be a string") }
            if let why = def.problem(with: s) { return .failure(why) }
            return .success(value)
        }
    }
}
