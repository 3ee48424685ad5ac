import Foundation
import SwitchboardCore

/// One Salesforce error: `errorCode` (or `statusCode` inside composite results), message, fields.
struct SalesforceError: Sendable, Equatable {
    var code: String
    var message: String
    var fields: [String] = []

    /// The form of single-record endpoints: `{"message", "errorCode", "fields"}`.
    var json: JSONValue {
        var o = JSONObject([("message", .string(message)), ("errorCode", .string(code))])
        if !fields.isEmpty || code != "NOT_FOUND" { o["fields"] = .array(fields.map(JSONValue.string)) }
        return .object(o)
    }

    /// The form inside composite results: `{"statusCode", "message", "fields"}`.
    var compositeJSON: JSONValue {
        ["statusCode": .string(code), "message": .string(message), "fields": .array(fields.map(JSONValue.string))]
    }

    static func reply(_ status: Int, _ errors: [SalesforceError]) -> SandboxReply {
        .json(status, .array(errors.map(\.json)))
    }

    static func reply(_ status: Int, _ code: String, _ message: String) -> SandboxReply {
        reply(status, [SalesforceError(code: code, message: message)])
    }

    static let notFound = SalesforceError(code: "NOT_FOUND", message: "The requested resource does not exist")
}

/// Validates incoming sObject JSON and renders stored records the way Salesforce's REST API does.
struct SalesforceCodec: Sendable {
    let type: SalesforceObjectType

    /// Checks a record body for create (`creating`) or update; returns the canonical field values or the errors.
    func validate(_ body: JSONObject, creating: Bool, existing: JSONObject = JSONObject(), referenceExists: (String) -> Bool)
        -> Outcome<[String: JSONValue?], [SalesforceError]> {
        var out: [String: JSONValue?] = [:]
        var errors: [SalesforceError] = []
        var readOnly: [String] = []
        for (key, value) in body {
            if key == "attributes" {
                if let t = value["type"]?.stringValue, t.lowercased() != type.name.lowercased() {
                    errors.append(SalesforceError(code: "INVALID_TYPE", message: "attributes.type \(t) does not match the sObject \(type.name)"))
                }
                continue
            }
            guard let f = type.field(key) else {
                errors.append(SalesforceError(code: "INVALID_FIELD", message: "No such column '\(key)' on sobject of type \(type.name)"))
                continue
            }
            if f.readOnly { readOnly.append(f.name); continue }
            if value.isNull { out[f.name] = .some(nil); continue }
            switch coerce(f, value, referenceExists: referenceExists) {
            case .success(let v): out[f.name] = v
            case .failure(let e): errors.append(e)
            }
        }
        if !readOnly.isEmpty {
            errors.append(SalesforceError(code: "INVALID_FIELD_FOR_INSERT_UPDATE",
                                          message: "Unable to create/update fields: \(readOnly.joined(separator: ", ")). Please check the security settings of this field and verify that it is read/write for your profile or permission set.",
                                          fields: readOnly))
        }
        if errors.isEmpty {
            let missing = type.requiredFields.filter { name in
                let after: JSONValue?? = out[name]
                switch after {
                case .some(.some(let v)): return v.stringValue?.isEmpty == true
                case .some(.none): return true
                case .none: return creating || existing[name] == nil
                }
            }
            if !missing.isEmpty {
                errors.append(SalesforceError(code: "REQUIRED_FIELD_MISSING", message: "Required fields are missing: [\(missing.joined(separator: ", "))]", fields: missing))
            }
        }
        return errors.isEmpty ? .success(out) : .failure(errors)
    }

    private func coerce(_ f: SalesforceField, _ value: JSONValue, referenceExists: (String) -> Bool) -> Outcome<JSONValue, SalesforceError> {
        func parserError(_ what: String) -> SalesforceError {
            SalesforceError(code: "JSON_PARSER_ERROR", message: "Cannot deserialize instance of \(what) from \(value.typeName) value \(JSONWriter.compact(value)) or request may be missing a required field", fields: [f.name])
        }
        switch f.type {
        case .double, .currency, .percent, .int:
            let n: Double
            if let v = value.numberValue { n = v } else if let s = value.stringValue, let v = Double(s) { n = v } else { return .failure(parserError(f.type == .int ? "int" : "double")) }
            if f.type == .int && n.rounded() != n { return .failure(parserError("int")) }
            if f.type == .percent && !(0...100).contains(n) {
                return .failure(SalesforceError(code: "NUMBER_OUTSIDE_VALID_RANGE", message: "\(f.label): value outside of valid range on numeric field: \(JSONWriter.format(number: n))", fields: [f.name]))
            }
            return .success(.number(n))
        case .boolean:
            guard let b = value.boolValue else { return .failure(parserError("boolean")) }
            return .success(.bool(b))
        default:
            break
        }
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let n): text = JSONWriter.format(number: n)
        case .bool(let b): text = b ? "true" : "false"
        default: return .failure(parserError("string"))
        }
        if text.isEmpty { return .success(.string("")) }
        if f.length > 0 && text.count > f.length {
            return .failure(SalesforceError(code: "STRING_TOO_LONG", message: "\(f.label): data value too large: \(text.prefix(40)) (max length=\(f.length))", fields: [f.name]))
        }
        switch f.type {
        case .email where !HubSpotRecordCodec.looksLikeEmail(text):
            return .failure(SalesforceError(code: "INVALID_EMAIL_ADDRESS", message: "\(f.label): invalid email address: \(text)", fields: [f.name]))
        case .date:
            guard text.count == 10, SandboxTime.parseISO(text) != nil else {
                return .failure(SalesforceError(code: "JSON_PARSER_ERROR", message: "Cannot deserialize value of type `date` from String \"\(text)\": expected format yyyy-MM-dd", fields: [f.name]))
            }
        case .datetime:
            guard SandboxTime.parseISO(text) != nil else {
                return .failure(SalesforceError(code: "JSON_PARSER_ERROR", message: "Cannot deserialize value of type `datetime` from String \"\(text)\"", fields: [f.name]))
            }
        case .picklist where !f.picklist.isEmpty && !f.picklist.contains(text):
            return .failure(SalesforceError(code: "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", message: "\(f.label): bad value for restricted picklist field: \(text)", fields: [f.name]))
        case .reference:
            guard SalesforceID.isWellFormed(text), let prefix = f.referencePrefixes.first(where: { text.hasPrefix($0) }) else {
                return .failure(SalesforceError(code: "MALFORMED_ID", message: "\(f.label): id value of incorrect type: \(text)", fields: [f.name]))
            }
            let id = SalesforceID.normalize(text)
            if prefix != "005" && !referenceExists(id) {
                return .failure(SalesforceError(code: "INVALID_CROSS_REFERENCE_KEY", message: "invalid cross reference id", fields: [f.name]))
            }
            return .success(.string(id))
        default:
            break
        }
        return .success(.string(text))
    }

    /// The record as `GET /sobjects/{type}/{id}` returns it; `fields` nil means every field.
    func json(_ r: StoredRecord, version: String, fields: [String]? = nil) -> JSONValue {
        var o = JSONObject()
        o["attributes"] = ["type": .string(type.name), "url": .string("/services/data/\(version)/sobjects/\(type.name)/\(r.id)")]
        for f in fields.map({ names in names.compactMap(type.field) }) ?? type.fields {
            o[f.name] = value(r, f.name)
        }
        return .object(o)
    }

    /// A field's value, with the system fields computed.
    func value(_ r: StoredRecord, _ name: String) -> JSONValue {
        switch name {
        case "Id": return .string(r.id)
        case "IsDeleted": return .bool(r.archived)
        case "CreatedDate": return .string(SandboxTime.salesforce(r.createdMs))
        case "LastModifiedDate", "SystemModstamp": return .string(SandboxTime.salesforce(r.modifiedMs))
        case "CreatedById", "LastModifiedById": return "0055g00000SandboxAAA"
        case "Name" where type.name == "Contact":
            let parts = [r.fields["FirstName"]?.stringValue, r.fields["LastName"]?.stringValue].compactMap { $0 }.filter { !$0.isEmpty }
            return .string(parts.joined(separator: " "))
        default: return r.fields[name] ?? .null
        }
    }
}
