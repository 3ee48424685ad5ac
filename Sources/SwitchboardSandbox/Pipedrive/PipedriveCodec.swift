import Foundation
import SwitchboardCore

/// Renders stored Pipedrive records as API v2 (`emails`, RFC 3339 times, `custom_fields`) and
/// v1 (`email`, `YYYY-MM-DD HH:MM:SS` times, custom keys at the top level) answer them, and the
/// `/v1/{object}Fields` definitions.
struct PipedriveCodec: Sendable {
    let type: PipedriveObjectType
    let custom: [CustomFieldDefinition]

    /// A record as API v2 returns it.
    func v2(_ r: StoredRecord) -> JSONValue {
        var o = JSONObject()
        o["id"] = type.name == "leads" ? .string(r.id) : .number(Double(r.id) ?? 0)
        for f in type.fields { o[f.key] = r.fields[f.key] ?? (f.kind == .phone || f.kind == .set || f.kind == .participants ? .array([]) : .null) }
        if type.name == "persons" { fillNames(&o) }
        if type.name == "activities" {
            // The primary participant is the activity's person.
            let participants = r.fields["participants"]?.arrayValue ?? []
            o["person_id"] = (participants.first { $0["primary"]?.boolValue == true } ?? participants.first)?["person_id"] ?? .null
            o["done"] = r.fields["done"] ?? .bool(false)
        }
        o["add_time"] = .string(Self.rfc3339(r.createdMs))
        o["update_time"] = .string(Self.rfc3339(r.modifiedMs))
        o["is_deleted"] = .bool(r.archived)
        var customValues = JSONObject()
        let stored = r.fields["custom_fields"]?.objectValue ?? JSONObject()
        for def in custom { customValues[def.name] = stored[def.name] ?? .null }
        o["custom_fields"] = .object(customValues)
        return .object(o)
    }

    /// A record as API v1 returns it.
    func v1(_ r: StoredRecord) -> JSONValue {
        guard var o = v2(r).objectValue else { return .null }
        for (new, old) in [("emails", "email"), ("phones", "phone")] where o[new] != nil {
            o[old] = o[new]
            o[new] = nil
        }
        o["add_time"] = .string(Self.v1Time(r.createdMs))
        o["update_time"] = .string(Self.v1Time(r.modifiedMs))
        o["active_flag"] = .bool(!r.archived)
        o["is_deleted"] = nil
        let values = o["custom_fields"]?.objectValue ?? JSONObject()
        o["custom_fields"] = nil
        for (k, v) in values { o[k] = v }
        return .object(o)
    }

    /// A person as the search endpoints list it (`item` with plain email strings).
    func searchItem(_ r: StoredRecord) -> JSONValue {
        let emails = (r.fields["emails"]?.arrayValue ?? []).compactMap { $0["value"] }
        let phones = (r.fields["phones"]?.arrayValue ?? []).compactMap { $0["value"] }
        return ["result_score": 1.0, "item": [
            "id": .number(Double(r.id) ?? 0), "type": .string(type.singular), "name": r.fields["name"] ?? .null,
            "emails": .array(emails), "phones": .array(phones), "visible_to": r.fields["visible_to"] ?? 3,
            "owner": ["id": r.fields["owner_id"] ?? 1], "organization": .null, "custom_fields": [], "notes": [],
        ]]
    }

    /// The object's field definitions (built-in, then the account's custom fields with 40-character keys).
    func fieldDefinitions() -> [JSONValue] {
        var out: [JSONValue] = []
        for (i, f) in type.fields.enumerated() {
            var o = definition(id: i + 1, key: f.key, name: f.name, type: fieldType(f), mandatory: f.mandatory, editable: false)
            if !f.options.isEmpty { o["options"] = .array(f.options.enumerated().map { ["id": .string($1), "label": .string($1.capitalized)] }) }
            out.append(.object(o))
        }
        for def in custom {
            let kind: String = switch def.kind {
            case .text: (def.length ?? 255) > 255 ? "text" : "varchar"
            case .number: "double"
            case .date: "date"
            case .datetime: "date"
            case .boolean: "enum"
            case .picklist: "enum"
            }
            var o = definition(id: def.numericID, key: def.name, name: def.label, type: kind, mandatory: def.required, editable: true)
            if def.kind == .picklist {
                o["options"] = .array(def.options.enumerated().map { i, opt in ["id": .number(Double(PipedriveObjectType.optionID(def, i))), "label": .string(opt.label)] })
            }
            out.append(.object(o))
        }
        return out
    }

    private func definition(id: Int, key: String, name: String, type: String, mandatory: Bool, editable: Bool) -> JSONObject {
        var o = JSONObject()
        o["id"] = .number(Double(id))
        o["key"] = .string(key)
        o["name"] = .string(name)
        o["order_nr"] = .number(Double(id))
        o["field_type"] = .string(type)
        o["add_time"] = "2020-01-01 00:00:00"
        o["update_time"] = "2020-01-01 00:00:00"
        o["active_flag"] = true
        o["edit_flag"] = .bool(editable)
        o["index_visible_flag"] = true
        o["details_visible_flag"] = true
        o["add_visible_flag"] = true
        o["important_flag"] = false
        o["bulk_edit_allowed"] = true
        o["searchable_flag"] = .bool(["name", "emails", "phones", "title"].contains(key))
        o["filtering_allowed"] = true
        o["sortable_flag"] = true
        o["mandatory_flag"] = .bool(mandatory)
        return o
    }

    private func fieldType(_ f: PipedriveField) -> String {
        switch f.kind {
        case .phone: return f.key == "emails" ? "varchar" : "phone"
        default: return f.kind.rawValue
        }
    }

    private func fillNames(_ o: inout JSONObject) {
        guard let name = o["name"]?.stringValue else { return }
        let parts = name.split(separator: " ", maxSplits: 1).map(String.init)
        if o["first_name"]?.isNull ?? true { o["first_name"] = parts.first.map(JSONValue.string) ?? .null }
        if o["last_name"]?.isNull ?? true { o["last_name"] = parts.count > 1 ? .string(parts[1]) : .null }
    }

    /// `2024-05-01T10:00:00Z` (v2 times have whole seconds).
    static func rfc3339(_ ms: Int64) -> String { String(SandboxTime.iso(ms).prefix(19)) + "Z" }

    /// `2024-05-01 10:00:00` (v1 times, UTC).
    static func v1Time(_ ms: Int64) -> String { String(SandboxTime.iso(ms).prefix(19)).replacingOccurrences(of: "T", with: " ") }
}
