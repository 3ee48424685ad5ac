import Foundation
import SwitchboardCore

/// Turns stored records into HubSpot's `SimplePublicObject` JSON and checks incoming property values.
struct HubSpotRecordCodec: Sendable {
    let type: HubSpotObjectType
    let custom: [HubSpotProperty]

    /// The codec of `type` as `account` sees it: the built-in properties and the account's own.
    init(type: HubSpotObjectType, store: SandboxStore, account: String) {
        self.type = type
        custom = ((try? store.customFields("hubspot", type.name, account: account)) ?? []).map(HubSpotProperty.init(custom:))
    }

    /// Every property of the object (built-in, then custom).
    var properties: [HubSpotProperty] { type.builtIn + custom }

    func property(_ name: String) -> HubSpotProperty? {
        type.builtIn.first { $0.name == name } ?? custom.first { $0.name == name }
    }

    /// A property value of a record, including the computed ones.
    func value(_ record: StoredRecord, _ name: String) -> String? {
        switch name {
        case "hs_object_id": return record.id
        case "createdate", "hs_createdate": return SandboxTime.iso(record.createdMs)
        case type.modifiedProperty: return SandboxTime.iso(record.modifiedMs)
        default: return record.fields[name]?.stringValue
        }
    }

    /// The record as HubSpot returns it; `requested` nil means the object's default properties.
    func json(_ record: StoredRecord, requested: [String]?) -> JSONValue {
        var names = requested ?? type.defaultProperties
        if requested != nil {
            for always in ["createdate", "hs_object_id", type.modifiedProperty] where !names.contains(always) { names.append(always) }
        }
        var props = JSONObject()
        for name in names.sorted() {
            props[name] = value(record, name).map(JSONValue.string) ?? .null
        }
        var o = JSONObject()
        o["id"] = .string(record.id)
        o["properties"] = .object(props)
        o["createdAt"] = .string(SandboxTime.iso(record.createdMs))
        o["updatedAt"] = .string(SandboxTime.iso(record.modifiedMs))
        o["archived"] = .bool(record.archived)
        if record.archived { o["archivedAt"] = .string(SandboxTime.iso(record.modifiedMs)) }
        return .object(o)
    }

    /// Checks a `properties` object: it must be an object of known, writable properties with string
    /// values that fit their types. Returns the values to store, or the problems.
    func validate(_ value: JSONValue?, creating: Bool) -> Outcome<JSONObject, [HubSpotErrors.PropertyProblem]> {
        guard case .object(let input) = value ?? .object(JSONObject()) else {
            return .failure([.init(name: "properties", code: "INVALID_INPUT", message: "properties must be an object of property names to string values")])
        }
        var problems: [HubSpotErrors.PropertyProblem] = []
        var clean = JSONObject()
        for (name, raw) in input {
            guard let def = property(name) else {
                problems.append(.init(name: name, code: "PROPERTY_DOESNT_EXIST", message: "Property \"\(name)\" does not exist"))
                continue
            }
            if def.readOnly {
                problems.append(.init(name: name, code: "READ_ONLY_VALUE", message: "\(name) is a read only property; its value cannot be set."))
                continue
            }
            if raw.isNull { clean[name] = .string(""); continue }
            guard let text = raw.stringValue else {
                problems.append(.init(name: name, code: "INVALID_PROPERTY_VALUE_TYPE",
                                      message: "Property \"\(name)\" must be a string; found \(raw.typeName) \(JSONWriter.compact(raw))"))
                continue
            }
            if let problem = check(def, text) { problems.append(problem); continue }
            clean[name] = .string(text)
        }
        if let p = type.pipelines, let stage = clean[p.stage]?.stringValue, !stage.isEmpty,
           let why = SandboxPipelines.problem(stage: stage, pipeline: clean[p.pipeline]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
                                              in: p.list, fallback: creating ? p.fallback : nil) {
            problems.append(.init(name: p.stage, code: "INVALID_OPTION", message: why))
        }
        if creating {
            // Built-in required properties (a ticket's pipeline and stage, an engagement's hs_timestamp).
            for def in type.builtIn where def.required && (clean[def.name]?.stringValue ?? "").isEmpty {
                problems.append(.init(name: def.name, code: "REQUIRED_PROPERTY", message: "\(def.name) is required"))
            }
        }
        return problems.isEmpty ? .success(clean) : .failure(problems)
    }

    private func check(_ def: HubSpotProperty, _ text: String) -> HubSpotErrors.PropertyProblem? {
        if text.isEmpty { return nil }
        switch def.type {
        case .number:
            if Double(text) == nil { return .init(name: def.name, code: "INVALID_FLOAT", message: "\(text) is not a valid number for \(def.name)") }
        case .datetime, .date:
            if SandboxTime.parseMs(text) == nil {
                return .init(name: def.name, code: "INVALID_DATE", message: "\(text) is not a valid date for \(def.name); use ISO 8601 or milliseconds since 1970")
            }
        case .enumeration:
            if !def.options.contains(text) {
                return .init(name: def.name, code: "INVALID_OPTION", message: "\(text) was not one of the allowed options: [\(def.options.joined(separator: ", "))]")
            }
        case .string:
            if def.name == "email" && !Self.looksLikeEmail(text) {
                return .init(name: def.name, code: "INVALID_EMAIL", message: "Email address \(text) is invalid")
            }
        }
        return nil
    }

    static func looksLikeEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !s.contains(where: { $0.isWhitespace })
    }
}
