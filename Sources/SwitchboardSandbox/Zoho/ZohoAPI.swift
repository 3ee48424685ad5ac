import Foundation
import SwitchboardCore

/// The Zoho CRM-compatible API under `/zoho-crm` (the token answer's `api_domain`):
/// `/crm/{v2…v8}/{Contacts|Accounts|Deals}` insert and update in batches of up to 100 with a
/// result per record, get, delete, lists with `If-Modified-Since` and page tokens, search by
/// email or criteria, `/crm/{version}/settings/fields?module=` with the account's custom fields,
/// and `/Leads/{id}/actions/convert` (`ZohoLeadConversion`).
struct ZohoAPI: Sendable {
    let state: SandboxState

    /// Handles a request whose path starts with `zoho-crm`.
    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        guard p.count >= 3, p[0] == "crm", p[1].hasPrefix("v"), let version = Int(p[1].dropFirst()), (2...8).contains(version) else {
            return Self.error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")
        }
        let grant: TokenBook.AccessGrant
        switch state.tokens.check(r.bearerToken, connector: "zoho-crm", now: Date().timeIntervalSince1970) {
        case .failure(.missing): return Self.error(401, "AUTHENTICATION_FAILURE", "Authentication failed")
        case .failure: return Self.error(401, "INVALID_TOKEN", "invalid oauth token")
        case .success(let g): grant = g
        }
        if p[2] == "settings", p.count == 4, p[3] == "fields" {
            guard let module = r.queryValue("module").flatMap(ZohoModule.named) else {
                return Self.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", details: ["param": "module"])
            }
            guard grant.scopes.contains("ZohoCRM.settings.fields.READ") || grant.scopes.contains("ZohoCRM.settings.ALL") else {
                return Self.error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL")
            }
            return fieldsMetadata(module, grant.account)
        }
        if p[2] == "users", p.count == 3, r.method == "GET" { return currentUser(grant.account) }
        if p[2] == "org", p.count == 3, r.method == "GET" { return organization(grant.account) }
        guard let module = ZohoModule.named(p[2]) else {
            return Self.error(400, "INVALID_MODULE", "the module name given seems to be invalid", details: ["resource_path_index": 0])
        }
        guard grant.scopes.contains("ZohoCRM.modules.\(module.name.lowercased()).ALL") || grant.scopes.contains("ZohoCRM.modules.ALL") else {
            return Self.error(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL")
        }
        let custom = (try? state.store.customFields("zoho-crm", module.name, account: grant.account)) ?? []
        let c = Context(r: r, module: module, account: grant.account, version: version, fields: module.fields(custom: custom))
        switch (r.method, Array(p.dropFirst(3))) {
        case ("GET", []): return ZohoReading(state: state, c: c).list()
        case ("GET", ["search"]): return ZohoReading(state: state, c: c).search()
        case ("POST", []): return await withJSON(r) { await write(c, $0, id: nil, creating: true) }
        case ("PUT", []): return await withJSON(r) { await write(c, $0, id: nil, creating: false) }
        case ("GET", let rest) where rest.count == 1: return ZohoReading(state: state, c: c).read(rest[0])
        case ("PUT", let rest) where rest.count == 1: return await withJSON(r) { await write(c, $0, id: rest[0], creating: false) }
        case ("DELETE", let rest) where rest.count == 1: return delete(c, rest[0])
        case ("POST", let rest) where rest.count == 3 && rest[1] == "actions" && rest[2] == "convert" && module.name == "Leads":
            return await withJSON(r) { await ZohoLeadConversion(state: state, account: c.account).convert(leadID: rest[0], body: $0) }
        default: return Self.error(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one")
        }
    }

    /// What one handler needs about its request.
    struct Context: Sendable {
        var r: SandboxRequest
        var module: ZohoModule
        var account: String
        var version: Int
        var fields: [ZohoField]
    }

    /// A top-level Zoho error `{"code", "details", "message", "status": "error"}`.
    static func error(_ status: Int, _ code: String, _ message: String, details: JSONValue = [:]) -> SandboxReply {
        .json(status, ["code": .string(code), "details": details, "message": .string(message), "status": "error"])
    }

    // MARK: Writes

    /// Insert (POST) or update (PUT) `{"data": [...]}`: each record gets its own answer; 201/200 when
    /// all succeed, 207 when some do, 400 when none does.
    private func write(_ c: Context, _ body: JSONValue, id: String?, creating: Bool) async -> SandboxReply {
        guard let items = body["data"]?.arrayValue else {
            return Self.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", details: ["param_name": "data"])
        }
        guard !items.isEmpty else { return Self.error(400, "INVALID_DATA", "the data is empty", details: ["api_name": "data"]) }
        guard items.count <= 100 else { return Self.error(400, "LIMIT_EXCEEDED", "the maximum number of records allowed is 100", details: ["limit": 100]) }
        let store = state.store, account = c.account
        let lookup: (String, String) -> String? = { module, id in
            guard let r = try? store.get("zoho-crm", module, account: account, id: id) else { return nil }
            return (r.fields["Account_Name"]?.stringValue ?? r.fields["Last_Name"]?.stringValue ?? r.fields["Deal_Name"]?.stringValue) ?? id
        }
        var results: [JSONValue] = []
        var succeeded = 0
        for (i, item) in items.enumerated() {
            guard let o = item.objectValue else { results.append(ZohoProblem(code: "INVALID_DATA", message: "invalid data", details: ["json_path": .string("$.data[\(i)]")]).json); continue }
            let target = id ?? o["id"]?.stringValue
            if !creating && target == nil {
                results.append(ZohoProblem.field("MANDATORY_NOT_FOUND", "record id not given", "id", i).json); continue
            }
            switch c.module.validate(o, index: i, fields: c.fields, creating: creating, lookup: lookup) {
            case .failure(let problem): results.append(problem.json)
            case .success(let values):
                let result = creating ? await insert(c, values, index: i) : update(c, target!, values, index: i)
                if result["status"]?.stringValue == "success" { succeeded += 1 }
                results.append(result)
            }
        }
        let status = succeeded == items.count ? (creating ? 201 : 200) : succeeded == 0 ? 400 : 207
        return .json(status, ["data": .array(results)])
    }

    private func insert(_ c: Context, _ values: JSONObject, index: Int) async -> JSONValue {
        let module = c.module
        do {
            switch try await state.store.createAsync("zoho-crm", module.name, account: c.account, fields: [values], uniqueEmail: module.uniqueEmail,
                                                     makeID: { module.makeID($0) }) {
            case .success(let records): return success(records[0], "record added")
            case .failure(.duplicateEmail(let existing)): return duplicate(c, existing, index)
            case .failure(.notFound(let id)): return ZohoProblem.field("INVALID_DATA", "the id given seems to be invalid", "id", index, extra: ["id": .string(id)]).json
            }
        } catch {
            return ZohoProblem(code: "INTERNAL_ERROR", message: "\(error)", details: [:]).json
        }
    }

    private func update(_ c: Context, _ id: String, _ values: JSONObject, index: Int) -> JSONValue {
        var changes: [String: JSONValue?] = [:]
        for (k, v) in values { changes[k] = v.isNull ? .some(nil) : v }
        switch try? state.store.update("zoho-crm", c.module.name, account: c.account, changes: [(id, changes)], uniqueEmail: c.module.uniqueEmail) {
        case .success(let records): return success(records[0], "record updated")
        case .failure(.duplicateEmail(let existing)): return duplicate(c, existing, index)
        default: return ZohoProblem.field("INVALID_DATA", "the id given seems to be invalid", "id", index, extra: ["id": .string(id)]).json
        }
    }

    private func success(_ r: StoredRecord, _ message: String) -> JSONValue {
        let user: JSONValue = ["name": "Sandbox User", "id": "5725767000000100001"]
        return ["code": "SUCCESS", "details": ["Modified_Time": .string(ZohoModule.time(r.modifiedMs)), "Modified_By": user,
                                               "Created_Time": .string(ZohoModule.time(r.createdMs)), "id": .string(r.id), "Created_By": user],
                "message": .string(message), "status": "success"]
    }

    /// DUPLICATE_DATA naming the existing record (v2–v3 `details.id`, v4+ `details.duplicate_record`).
    private func duplicate(_ c: Context, _ existing: String, _ index: Int) -> JSONValue {
        let extra: JSONValue = c.version >= 4
            ? ["more_records": false, "duplicate_record": ["module": ["api_name": .string(c.module.name), "id": "5725767000000002175"], "id": .string(existing)]]
            : ["id": .string(existing)]
        return ZohoProblem.field("DUPLICATE_DATA", "duplicate data", "Email", index, extra: extra).json
    }

    private func delete(_ c: Context, _ id: String) -> SandboxReply {
        guard (try? state.store.archive("zoho-crm", c.module.name, account: c.account, id: id)) == true else {
            return .json(400, ["data": [ZohoProblem(code: "INVALID_DATA", message: "the related id given seems to be invalid", details: ["id": .string(id)]).json]])
        }
        return .json(200, ["data": [["code": "SUCCESS", "details": ["id": .string(id)], "message": "record deleted", "status": "success"]]])
    }

    private func fieldsMetadata(_ module: ZohoModule, _ account: String) -> SandboxReply {
        let custom = (try? state.store.customFields("zoho-crm", module.name, account: account)) ?? []
        return .json(200, ["fields": .array(module.fields(custom: custom).enumerated().map { i, f in
            var o = JSONObject()
            o["id"] = .string("57257670000000\(String(format: "%05d", i + 1))")
            o["api_name"] = .string(f.name)
            o["field_label"] = .string(f.label)
            o["display_label"] = .string(f.label)
            o["data_type"] = .string(f.kind.rawValue)
            o["json_type"] = .string(f.kind == .lookup ? "jsonobject" : [.integer, .double, .currency].contains(f.kind) ? (f.kind == .integer ? "integer" : "double") : f.kind == .boolean ? "boolean" : "string")
            o["system_mandatory"] = .bool(f.mandatory)
            o["custom_field"] = .bool(f.custom)
            o["read_only"] = .bool(f.readOnly)
            o["length"] = .number(Double(f.length))
            o["pick_list_values"] = .array(f.options.map { ["display_value": .string($0), "actual_value": .string($0)] })
            if let m = f.lookupModule { o["lookup"] = ["module": ["api_name": .string(m)]] }
            return .object(o)
        })])
    }

    /// `GET /users?type=CurrentUser` (the SDK asks who the token belongs to): the account's one user.
    private func currentUser(_ account: String) -> SandboxReply {
        .json(200, ["users": [["id": "5725767000000100001", "email": .string("admin@\(account).example"), "full_name": "Sandbox User",
                               "first_name": "Sandbox", "last_name": "User", "status": "active",
                               "role": ["name": "CEO", "id": "5725767000000026005"], "profile": ["name": "Administrator", "id": "5725767000000026011"]]],
                    "info": ["per_page": 200, "count": 1, "page": 1, "more_records": false]])
    }

    /// `GET /org`: the account's organization (the SDK reads it when it starts).
    private func organization(_ account: String) -> SandboxReply {
        let demo = SandboxAccount.named(account)
        return .json(200, ["org": [["id": .string("57257670000\(demo?.hubID ?? 0)"), "company_name": .string(demo?.name ?? account),
                                    "primary_email": .string("admin@\(account).example"), "zgid": .string(String(demo?.hubID ?? 0)),
                                    "domain_name": .string("org\(demo?.hubID ?? 0)"), "currency": "USD", "time_zone": "GMT", "country_code": "US"]]])
    }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) async -> SandboxReply) async -> SandboxReply {
        guard r.mediaType == "application/json" || r.mediaType == nil else {
            return Self.error(415, "INVALID_DATA", "unsupported media type: send application/json")
        }
        do { return await body(try r.json()) } catch {
            return Self.error(400, "INVALID_DATA", "body is not a valid JSON: line \(error.line), column \(error.column): \(error.reason)")
        }
    }
}
