import Foundation
import SwitchboardCore

/// The Copper objects the sandbox serves (people, companies, opportunities, leads, tasks and
/// activities): which fields each takes and the checks a write goes through, with Copper's 422
/// messages.
struct CopperObjectType: Sendable {
    enum Kind: Sendable {
        case text, integer, number, reference(String), emails, phones, websites, address, tags, choice([String]), date
        /// A lead's one `{email, category}`.
        case email
        /// `{id, type}` naming a record of one of these types (a task's `related_resource`, an activity's `parent`).
        case resource([String])
        /// An activity's `{category: "user", id}`: one of the account's activity types.
        case activityType
    }
    /// Copper's user activity types (`GET /activity_types`): Note 0, Phone Call, Meeting.
    static let activityTypes: [(id: Int, name: String)] = [(0, "Note"), (190_711, "Phone Call"), (190_712, "Meeting")]
    /// `people`, `companies`, `opportunities`.
    var name: String
    /// `person`, `company`, `opportunity` (custom fields' `available_on`).
    var singular: String
    var idBase: Int64
    var fields: [(String, Kind)]

    static let people = CopperObjectType(name: "people", singular: "person", idBase: 130_000_000, fields: [
        ("name", .text), ("prefix", .text), ("first_name", .text), ("middle_name", .text), ("last_name", .text), ("suffix", .text),
        ("title", .text), ("company_id", .reference("companies")), ("company_name", .text), ("emails", .emails), ("phone_numbers", .phones),
        ("address", .address), ("assignee_id", .integer), ("contact_type_id", .integer), ("details", .text), ("tags", .tags), ("websites", .websites),
    ])
    static let companies = CopperObjectType(name: "companies", singular: "company", idBase: 230_000_000, fields: [
        ("name", .text), ("email_domain", .text), ("address", .address), ("phone_numbers", .phones), ("assignee_id", .integer),
        ("contact_type_id", .integer), ("details", .text), ("tags", .tags), ("websites", .websites),
    ])
    static let opportunities = CopperObjectType(name: "opportunities", singular: "opportunity", idBase: 330_000_000, fields: [
        ("name", .text), ("primary_contact_id", .reference("people")), ("company_id", .reference("companies")), ("monetary_value", .number),
        ("close_date", .date), ("pipeline_id", .integer), ("pipeline_stage_id", .integer), ("status", .choice(["Open", "Won", "Lost", "Abandoned"])),
        ("win_probability", .integer), ("priority", .choice(["None", "Low", "Medium", "High"])), ("assignee_id", .integer),
        ("details", .text), ("tags", .tags), ("customer_source_id", .integer),
    ])
    static let leads = CopperObjectType(name: "leads", singular: "lead", idBase: 430_000_000, fields: [
        ("name", .text), ("prefix", .text), ("first_name", .text), ("last_name", .text), ("title", .text), ("company_name", .text),
        ("email", .email), ("phone_numbers", .phones), ("address", .address), ("assignee_id", .integer), ("customer_source_id", .integer),
        ("status", .choice(["New", "Unqualified", "Contacted", "Qualified"])), ("monetary_value", .number), ("details", .text),
        ("tags", .tags), ("websites", .websites),
    ])
    static let tasks = CopperObjectType(name: "tasks", singular: "task", idBase: 530_000_000, fields: [
        ("name", .text), ("related_resource", .resource(["person", "company", "opportunity", "lead"])), ("assignee_id", .integer),
        ("due_date", .date), ("reminder_date", .date), ("priority", .choice(["None", "High"])), ("status", .choice(["Open", "Completed"])),
        ("details", .text), ("tags", .tags),
    ])
    static let activities = CopperObjectType(name: "activities", singular: "activity", idBase: 630_000_000, fields: [
        ("type", .activityType), ("parent", .resource(["person", "company", "opportunity", "lead"])), ("details", .text),
        ("activity_date", .date), ("user_id", .integer),
    ])
    static let all = [people, companies, opportunities, leads, tasks, activities]

    /// The type whose singular is `singular` (`person` → people), as `{id, type}` references name them.
    static func singular(_ singular: String) -> CopperObjectType? { all.first { $0.singular == singular } }

    static func named(_ segment: String) -> CopperObjectType? { all.first { $0.name == segment } }

    /// Option id of a dropdown option: stable per field and position.
    static func optionID(_ field: CustomFieldDefinition, _ index: Int) -> Int { field.numericID * 10 + index + 1 }

    /// Copper's `data_type` for a neutral custom field.
    static func dataType(_ kind: CustomFieldDefinition.Kind) -> String {
        switch kind {
        case .text: "String"
        case .number: "Float"
        case .date, .datetime: "Date"
        case .boolean: "Checkbox"
        case .picklist: "Dropdown"
        }
    }

    /// Checks a create or update body; the values to store or Copper's validation message.
    func validate(_ body: JSONObject, custom: [CustomFieldDefinition], creating: Bool, exists: (String, String) -> Bool) -> Outcome<JSONObject, String> {
        var out = JSONObject()
        for (key, value) in body {
            if key == "custom_fields" {
                switch checkCustom(value, custom) {
                case .failure(let why): return .failure(why)
                case .success(let v): out[key] = v
                }
                continue
            }
            guard let kind = fields.first(where: { $0.0 == key })?.1 else { continue }  // Copper ignores unknown keys.
            if value.isNull { out[key] = .null; continue }
            if let why = problem(key, kind, value, exists) { return .failure(why) }
            out[key] = value
        }
        if singular == "opportunity", let stage = out["pipeline_stage_id"]?.numberValue.map({ JSONWriter.format(number: $0) }),
           let why = SandboxPipelines.problem(stage: stage, pipeline: out["pipeline_id"]?.numberValue.map { JSONWriter.format(number: $0) },
                                              in: SandboxPipelines.numbered, fallback: nil) {
            return .failure("Pipeline stage: \(why)")
        }
        if creating, singular == "activity" {
            if out["type"] == nil { return .failure("Type can't be blank") }
            if out["parent"] == nil { return .failure("Parent can't be blank") }
        } else if creating, (out["name"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            if singular == "person" || singular == "lead", let first = out["first_name"]?.stringValue {
                out["name"] = .string([first, out["last_name"]?.stringValue].compactMap { $0 }.joined(separator: " "))
            } else {
                return .failure("Name can't be blank")
            }
        }
        if creating {
            let given: [JSONValue] = out["custom_fields"]?.arrayValue ?? []
            let givenIDs = Set(given.compactMap { (item: JSONValue) -> Int? in item["custom_field_definition_id"]?.numberValue.flatMap { Int(exactly: $0) } })
            if let missing = custom.first(where: { $0.required && !givenIDs.contains($0.numericID) }) {
                return .failure("\(missing.label) is required")
            }
        }
        return .success(out)
    }

    private func problem(_ key: String, _ kind: Kind, _ value: JSONValue, _ exists: (String, String) -> Bool) -> String? {
        let label = key.replacingOccurrences(of: "_", with: " ").capitalized
        switch kind {
        case .text: return value.stringValue == nil ? "\(label) must be a string" : nil
        case .integer: return value.numberValue.map { $0 == $0.rounded() } == true ? nil : "\(label) must be an integer"
        case .number: return value.numberValue == nil ? "\(label) must be a number" : nil
        case .date:
            // Copper's docs write close dates as M/D/YYYY; the seed's requests send unix seconds. Both are taken.
            if let n = value.numberValue { return n == n.rounded() && abs(n) < 1e11 ? nil : "\(label) is not a valid date (unix seconds or M/D/YYYY)" }
            guard let s = value.stringValue, s.split(separator: "/").count == 3 || SandboxTime.parseISO(s) != nil else { return "\(label) is not a valid date (unix seconds or M/D/YYYY)" }
            return nil
        case .reference(let object):
            guard let n = value.numberValue else { return "\(label) must be an integer" }
            return exists(object, JSONWriter.format(number: n)) ? nil : "\(label) refers to a record that does not exist"
        case .choice(let options):
            return value.stringValue.map(options.contains) == true ? nil : "\(label) must be one of \(options.joined(separator: ", "))"
        case .tags:
            return value.arrayValue?.allSatisfy({ $0.stringValue != nil }) == true ? nil : "Tags must be an array of strings"
        case .email:
            guard let e = value["email"]?.stringValue else { return "Email must be an object {email, category}" }
            if let c = value["category"]?.stringValue, !["work", "personal", "other"].contains(c) { return "Email category \(c) is not one of work, personal, other" }
            return e.split(separator: "@").count == 2 && !e.contains(" ") ? nil : "Email \(e) is invalid"
        case .resource(let types):
            guard let type = value["type"]?.stringValue, let id = value["id"]?.numberValue else { return "\(label) must be {id, type}" }
            guard types.contains(type), let object = Self.singular(type) else { return "\(label) type must be one of \(types.joined(separator: ", "))" }
            return exists(object.name, JSONWriter.format(number: id)) ? nil : "\(label) refers to a \(type) that does not exist"
        case .activityType:
            guard value["category"]?.stringValue == "user", let id = value["id"]?.numberValue else { return "Type must be {category: user, id}" }
            return Self.activityTypes.contains { Double($0.id) == id } ? nil : "Type \(JSONWriter.format(number: id)) is not an activity type of this account"
        case .address:
            guard let o = value.objectValue else { return "Address must be an object" }
            return o.keys.first { !["street", "city", "state", "postal_code", "country"].contains($0) }.map { "Address has no field \($0)" }
        case .emails, .phones, .websites:
            let (member, categories): (String, [String]) = switch kind {
            case .emails: ("email", ["work", "personal", "other"])
            case .phones: ("number", ["work", "mobile", "home", "other"])
            default: ("url", ["work", "personal", "other"])
            }
            guard let items = value.arrayValue else { return "\(label) must be an array of {\(member), category}" }
            for item in items {
                guard let v = item[member]?.stringValue else { return "\(label) entries need \(member)" }
                if let c = item["category"]?.stringValue, !categories.contains(c) { return "\(label) category \(c) is not one of \(categories.joined(separator: ", "))" }
                if case .emails = kind, !(v.split(separator: "@").count == 2 && !v.contains(" ")) { return "Email \(v) is invalid" }
            }
            return nil
        }
    }

    /// `[{custom_field_definition_id, value}]`: known ids; dropdowns take an option id, dates unix seconds.
    private func checkCustom(_ value: JSONValue, _ custom: [CustomFieldDefinition]) -> Outcome<JSONValue, String> {
        guard let items = value.arrayValue else { return .failure("Custom fields must be an array of {custom_field_definition_id, value}") }
        var out: [JSONValue] = []
        for item in items {
            guard let id = item["custom_field_definition_id"]?.numberValue else { return .failure("Custom field entries need custom_field_definition_id") }
            guard let def = custom.first(where: { Double($0.numericID) == id }) else { return .failure("Custom field definition \(JSONWriter.format(number: id)) does not exist") }
            let v = item["value"] ?? .null
            if !v.isNull {
                switch def.kind {
                case .picklist:
                    guard let n = v.numberValue, def.options.indices.contains(where: { Double(Self.optionID(def, $0)) == n }) else {
                        return .failure("\(def.label): \(JSONWriter.compact(v)) is not an option id")
                    }
                case .number, .date, .datetime: if v.numberValue == nil { return .failure("\(def.label) must be a number\(def.kind == .number ? "" : " (unix seconds)")") }
                case .boolean: if v.boolValue == nil { return .failure("\(def.label) must be true or false") }
                case .text:
                    guard let s = v.stringValue else { return .failure("\(def.label) must be a string") }
                    if let why = def.problem(with: s) { return .failure("\(def.label) \(why)") }
                }
            }
            out.append(["custom_field_definition_id": .number(id), "value": v])
        }
        return .success(.array(out))
    }
}
