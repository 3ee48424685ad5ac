import Foundation
import SwitchboardCore

/// Remote edits for Copper, Pipedrive and Zoho: the values are checked by the same rules as the
/// CRM's API (with the account's custom fields), then stored with a new modified time.
extension SandboxEditor {
    func editOther(connector: String, object: String, id: String, assignments: [String: String?]) throws -> JSONValue {
        guard let record = try store.get(connector, object, account: nil, id: id) else {
            throw SandboxError.editFailed("no \(connector) \(object) with id \(id)")
        }
        let custom = try store.customFields(connector, object, account: record.account)
        let store = self.store
        let exists: (String, String) -> Bool = { o, i in (try? store.get(connector, o, account: record.account, id: i)) != nil }
        // Texts as given; JSON arrays, objects and booleans as JSON; numbers when the text alone is refused.
        func input(numbers: Bool) -> JSONObject {
            var o = JSONObject()
            for (k, v) in assignments {
                guard let text = v else { o[k] = .null; continue }
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") || trimmed == "true" || trimmed == "false", let parsed = try? JSONParser.parse(trimmed) {
                    o[k] = parsed
                } else if numbers, let n = Double(trimmed) {
                    o[k] = .number(n)
                } else {
                    o[k] = .string(text)
                }
            }
            return o
        }
        func check(_ body: JSONObject) -> Outcome<JSONObject, String> {
            switch connector {
            case "pipedrive":
                guard let type = PipedriveObjectType.named(object) else { return .failure("unknown Pipedrive object \"\(object)\"; use persons, organizations or deals") }
                return type.validate(body, custom: custom, creating: false, v1: false, exists: exists)
            case "copper":
                guard let type = CopperObjectType.named(object) else { return .failure("unknown Copper object \"\(object)\"; use people, companies or opportunities") }
                return type.validate(body, custom: custom, creating: false, exists: exists)
            case "zoho-crm":
                guard let module = ZohoModule.named(object) else { return .failure("unknown Zoho module \"\(object)\"; use Contacts, Accounts or Deals") }
                let lookup: (String, String) -> String? = { m, i in exists(m, i) ? i : nil }
                switch module.validate(body, index: 0, fields: module.fields(custom: custom), creating: false, lookup: lookup) {
                case .failure(let p): return .failure("\(p.details["api_name"]?.stringValue ?? "record"): \(p.code) \(p.message)")
                case .success(let v): return .success(v)
                }
            default:
                return .failure("the sandbox serves records for hubspot, salesforce, copper, pipedrive and zoho-crm, not \"\(connector)\"")
            }
        }
        var values: JSONObject
        switch check(input(numbers: false)) {
        case .success(let v): values = v
        case .failure(let why):
            guard case .success(let v) = check(input(numbers: true)) else { throw SandboxError.editFailed(why) }
            values = v
        }
        if connector == "pipedrive", let given = values["custom_fields"]?.objectValue {
            var merged = record.fields["custom_fields"]?.objectValue ?? JSONObject()
            for (k, v) in given { merged[k] = v }
            values["custom_fields"] = .object(merged)
        }
        var changes: [String: JSONValue?] = [:]
        for (k, v) in values { changes[k] = v.isNull ? .some(nil) : v }
        switch try store.update(connector, object, account: nil, changes: [(id, changes)], uniqueEmail: connector == "zoho-crm" && object == "Contacts") {
        case .success(let records): return Self.json(records[0])
        case .failure(.notFound): throw SandboxError.editFailed("no \(connector) \(object) with id \(id)")
        case .failure(.duplicateEmail(let other)): throw SandboxError.editFailed("another contact (id \(other)) already has that email")
        }
    }
}
