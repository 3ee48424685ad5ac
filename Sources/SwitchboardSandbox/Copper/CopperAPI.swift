import Foundation
import SwitchboardCore

/// The Copper-compatible Developer API under `/copper/developer_api/v1`: people, companies,
/// opportunities, leads, tasks and activities (create, get, update with PUT, delete, `POST /{object}/search` with
/// `page_size`/`page_number`, `minimum_modified_date`, `emails`), `custom_field_definitions` and `activity_types`.
/// Takes `X-PW-AccessToken` + `X-PW-UserEmail` (an API key) or an OAuth bearer token, always
/// with `X-PW-Application: developer_api`.
struct CopperAPI: Sendable {
    let state: SandboxState

    /// Handles a request whose path starts with `copper`.
    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        guard p.count >= 3, p[0] == "developer_api", p[1] == "v1" else { return Self.error(404, "Resource not found") }
        guard r.header("x-pw-application") == "developer_api" else { return Self.error(401, "Invalid credentials: X-PW-Application must be developer_api") }
        let token: String?
        if let key = r.header("x-pw-accesstoken") {
            guard let email = r.header("x-pw-useremail"), email.contains("@") else { return Self.error(401, "Invalid credentials: X-PW-UserEmail is required with X-PW-AccessToken") }
            token = key
        } else {
            token = r.bearerToken
        }
        guard case .success(let grant) = state.tokens.check(token, connector: "copper", now: Date().timeIntervalSince1970) else {
            return Self.error(401, "Invalid credentials")
        }
        if p[2] == "custom_field_definitions", r.method == "GET", p.count == 3 { return customFieldDefinitions(grant.account) }
        if p[2] == "pipelines", r.method == "GET", p.count == 3 {
            return .json(200, .array(SandboxPipelines.numbered.map { pipeline in
                ["id": .number(Double(pipeline.id) ?? 0), "name": .string(pipeline.label),
                 "stages": .array(pipeline.stages.enumerated().map { j, stage in
                     ["id": .number(Double(stage.id) ?? 0), "name": .string(stage.label), "win_probability": .number(Double(min(100, (j + 1) * 20)))]
                 })]
            }))
        }
        if p[2] == "activity_types", r.method == "GET", p.count == 3 {
            return .json(200, ["user": .array(CopperObjectType.activityTypes.map { ["id": .number(Double($0.id)), "category": "user", "name": .string($0.name),
                                                                                     "is_disabled": false, "count_as_interaction": .bool($0.id != 0)] }),
                               "system": []])
        }
        guard let type = CopperObjectType.named(p[2]) else { return Self.error(404, "Resource not found") }
        let custom = (try? state.store.customFields("copper", type.name, account: grant.account)) ?? []
        let c = Context(r: r, type: type, account: grant.account, custom: custom)
        switch (r.method, Array(p.dropFirst(3))) {
        case ("POST", []): return await withJSON(r) { await create(c, $0) }
        case ("POST", ["search"]): return await withJSON(r) { search(c, $0) }
        case ("GET", let rest) where rest.count == 1: return read(c, rest[0])
        case ("PUT", let rest) where rest.count == 1: return await withJSON(r) { update(c, rest[0], $0) }
        case ("DELETE", let rest) where rest.count == 1:
            guard (try? state.store.archive("copper", type.name, account: c.account, id: rest[0])) == true else { return Self.error(404, "Resource not found") }
            return .json(200, ["id": .number(Double(rest[0]) ?? 0), "is_deleted": true])
        default: return Self.error(404, "Resource not found")
        }
    }

    /// What one handler needs about its request.
    struct Context: Sendable {
        var r: SandboxRequest
        var type: CopperObjectType
        var account: String
        var custom: [CustomFieldDefinition]
    }

    /// Copper's error body `{"success": false, "status", "message"}`.
    static func error(_ status: Int, _ message: String) -> SandboxReply {
        .json(status, ["success": false, "status": .number(Double(status)), "message": .string(message)])
    }

    private func create(_ c: Context, _ body: JSONValue) async -> SandboxReply {
        guard let o = body.objectValue else { return Self.error(400, "Expected a JSON object") }
        let values: JSONObject
        switch c.type.validate(o, custom: c.custom, creating: true, exists: exists(c.account)) {
        case .failure(let why): return Self.error(422, "Validation errors: \(why)")
        case .success(let v): values = v
        }
        let base = c.type.idBase
        do {
            switch try await state.store.createAsync("copper", c.type.name, account: c.account, fields: [values], uniqueEmail: false,
                                                     makeID: { String(base + $0) }) {
            case .success(let records): return .json(200, render(c, records[0]))
            case .failure: return Self.error(500, "could not store the record")
            }
        } catch {
            return Self.error(500, "\(error)")
        }
    }

    private func read(_ c: Context, _ id: String) -> SandboxReply {
        guard let record = try? state.store.get("copper", c.type.name, account: c.account, id: id) else { return Self.error(404, "Resource not found") }
        return .json(200, render(c, record))
    }

    private func update(_ c: Context, _ id: String, _ body: JSONValue) -> SandboxReply {
        guard let o = body.objectValue else { return Self.error(400, "Expected a JSON object") }
        guard let record = try? state.store.get("copper", c.type.name, account: c.account, id: id) else { return Self.error(404, "Resource not found") }
        var values: JSONObject
        switch c.type.validate(o, custom: c.custom, creating: false, exists: exists(c.account)) {
        case .failure(let why): return Self.error(422, "Validation errors: \(why)")
        case .success(let v): values = v
        }
        if let given = values["custom_fields"]?.arrayValue {
            // Custom fields merge by definition id, as Copper's PUT does.
            var merged = record.fields["custom_fields"]?.arrayValue ?? []
            for item in given {
                merged.removeAll { $0["custom_field_definition_id"] == item["custom_field_definition_id"] }
                merged.append(item)
            }
            values["custom_fields"] = .array(merged)
        }
        var changes: [String: JSONValue?] = [:]
        for (k, v) in values { changes[k] = v.isNull ? .some(nil) : v }
        guard case .success(let records) = try? state.store.update("copper", c.type.name, account: c.account, changes: [(id, changes)], uniqueEmail: false) else {
            return Self.error(404, "Resource not found")
        }
        return .json(200, render(c, records[0]))
    }

    /// `POST /{object}/search`: filters (`emails`, `name`, `minimum_modified_date`, `maximum_modified_date`),
    /// `sort_by`/`sort_direction`, `page_size` ≤ 200 and 1-based `page_number`; the answer is an array.
    private func search(_ c: Context, _ body: JSONValue) -> SandboxReply {
        guard body.objectValue != nil else { return Self.error(400, "Expected a JSON object") }
        let size = Int(exactly: body["page_size"]?.numberValue ?? 20) ?? 0
        let number = Int(exactly: body["page_number"]?.numberValue ?? 1) ?? 0
        guard (1...200).contains(size) else { return Self.error(422, "Validation errors: page_size must be between 1 and 200") }
        guard number >= 1 else { return Self.error(422, "Validation errors: page_number must be at least 1") }
        var records = (try? state.store.all("copper", c.type.name, account: c.account)) ?? []
        if let emails = body["emails"]?.arrayValue?.compactMap({ $0.stringValue?.lowercased() }) {
            let wanted = Set(emails)
            records = records.filter { r in (r.fields["emails"]?.arrayValue ?? []).contains { wanted.contains($0["email"]?.stringValue?.lowercased() ?? "") } }
        }
        if let name = body["name"]?.stringValue?.lowercased() { records = records.filter { $0.fields["name"]?.stringValue?.lowercased().contains(name) ?? false } }
        if let min = body["minimum_modified_date"]?.numberValue { records = records.filter { Double($0.modifiedMs / 1000) >= min } }
        if let max = body["maximum_modified_date"]?.numberValue { records = records.filter { Double($0.modifiedMs / 1000) <= max } }
        let sortBy = body["sort_by"]?.stringValue ?? "name"
        let descending = body["sort_direction"]?.stringValue == "desc"
        records.sort { a, b in
            let less: Bool
            switch sortBy {
            case "date_modified": less = a.modifiedMs == b.modifiedMs ? a.rowID < b.rowID : a.modifiedMs < b.modifiedMs
            case "date_created": less = a.createdMs == b.createdMs ? a.rowID < b.rowID : a.createdMs < b.createdMs
            default: less = (a.fields["name"]?.stringValue ?? "", a.rowID) < (b.fields["name"]?.stringValue ?? "", b.rowID)
            }
            return descending ? !less : less
        }
        let page = number > records.count ? [] : Array(records.dropFirst((number - 1) * size).prefix(size))
        return SandboxReply.json(200, .array(page.map { render(c, $0) })).adding("X-PW-TOTAL", String(records.count))
    }

    private func customFieldDefinitions(_ account: String) -> SandboxReply {
        var out: [JSONValue] = []
        for type in CopperObjectType.all {
            for def in (try? state.store.customFields("copper", type.name, account: account)) ?? [] {
                var o = JSONObject()
                o["id"] = .number(Double(def.numericID))
                o["name"] = .string(def.label)
                o["canonical_name"] = .string("cf_\(def.name)")
                o["data_type"] = .string(CopperObjectType.dataType(def.kind))
                o["available_on"] = [.string(type.singular)]
                o["is_filterable"] = true
                if def.kind == .picklist {
                    o["options"] = .array(def.options.enumerated().map { i, opt in
                        ["id": .number(Double(CopperObjectType.optionID(def, i))), "name": .string(opt.label), "rank": .number(Double(i))]
                    })
                }
                out.append(.object(o))
            }
        }
        return .json(200, .array(out))
    }

    /// A record with `id`, every field of its object, `custom_fields` and unix-second times.
    private func render(_ c: Context, _ r: StoredRecord) -> JSONValue {
        var o = JSONObject()
        o["id"] = .number(Double(r.id) ?? 0)
        for (name, kind) in c.type.fields {
            switch kind {
            case .emails, .phones, .websites, .tags: o[name] = r.fields[name] ?? .array([])
            default: o[name] = r.fields[name] ?? .null
            }
        }
        o["custom_fields"] = r.fields["custom_fields"] ?? .array([])
        o["date_created"] = .number(Double(r.createdMs / 1000))
        o["date_modified"] = .number(Double(r.modifiedMs / 1000))
        return .object(o)
    }

    private func exists(_ account: String) -> (String, String) -> Bool {
        let store = state.store
        return { object, id in (try? store.get("copper", object, account: account, id: id)) != nil }
    }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) async -> SandboxReply) async -> SandboxReply {
        guard r.mediaType == "application/json" else { return Self.error(415, "Unsupported Media Type: send Content-Type: application/json") }
        do { return await body(try r.json()) } catch { return Self.error(400, "Malformed JSON: line \(error.line), column \(error.column): \(error.reason)") }
    }
}
