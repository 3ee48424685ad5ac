import Foundation
import SwitchboardCore

/// The Pipedrive-compatible API under `/pipedrive` (the token answer's `api_domain`): API v2
/// `/api/v2/{persons|organizations|deals|activities}` with cursor paging and `updated_since`,
/// `/v1/leads` (UUID ids, PATCH updates), the v1 paths
/// the official clients call (`/v1/...` and `/api/v1/...`) with `start`/`limit` paging, person
/// search by email, and the `/v1/{object}Fields` definitions with the account's custom fields.
/// Takes the OAuth bearer token or the `api_token` query parameter.
struct PipedriveAPI: Sendable {
    let state: SandboxState

    /// Handles a request whose path starts with `pipedrive`.
    func handle(_ r: SandboxRequest) async -> SandboxReply {
        var p = Array(r.path.dropFirst())
        if p.first == "api" { p.removeFirst() }
        guard let version = p.first, version == "v1" || version == "v2" else { return PipedriveErrors.body(404, "Unknown method .") }
        p.removeFirst()
        guard case .success(let grant) = state.tokens.check(r.bearerToken ?? r.header("x-api-token") ?? r.queryValue("api_token"), connector: "pipedrive", now: Date().timeIntervalSince1970) else {
            return PipedriveErrors.unauthorized()
        }
        if version == "v1", p.count == 1, let type = PipedriveObjectType.fieldsNamed(p[0]) {
            guard r.method == "GET" else { return PipedriveErrors.body(405, "Method not allowed") }
            return .json(200, ["success": true, "data": .array(codec(type, grant.account).fieldDefinitions()),
                               "additional_data": ["pagination": ["start": 0, "limit": 500, "more_items_in_collection": false]]])
        }
        if version == "v1", p.count == 1, p[0] == "pipelines" || p[0] == "stages" {
            guard r.method == "GET" else { return PipedriveErrors.body(405, "Method not allowed") }
            var data: [JSONValue] = []
            for (i, pipeline) in SandboxPipelines.numbered.enumerated() {
                if p[0] == "pipelines" {
                    data.append(["id": .number(Double(pipeline.id) ?? 0), "name": .string(pipeline.label), "order_nr": .number(Double(i + 1)),
                                 "active": true, "deal_probability": true, "selected": .bool(i == 0)])
                } else if r.queryValue("pipeline_id").map({ $0 == pipeline.id }) ?? true {
                    for (j, stage) in pipeline.stages.enumerated() {
                        data.append(["id": .number(Double(stage.id) ?? 0), "name": .string(stage.label), "order_nr": .number(Double(j + 1)),
                                     "pipeline_id": .number(Double(pipeline.id) ?? 0), "pipeline_name": .string(pipeline.label), "active_flag": true,
                                     "deal_probability": .number(Double(min(100, (j + 1) * 20)))])
                    }
                }
            }
            return .json(200, ["success": true, "data": .array(data)])
        }
        guard let first = p.first, let type = PipedriveObjectType.named(first) else { return PipedriveErrors.body(404, "Unknown method .") }
        let scope = type.scope
        guard type.name != "leads" || version == "v1" else { return PipedriveErrors.body(404, "Unknown method .") }
        guard grant.scopes.contains("\(scope):full") || (r.method == "GET" && grant.scopes.contains("\(scope):read")) else {
            return PipedriveErrors.body(403, "Scope and URL mismatch")
        }
        let c = Context(r: r, type: type, account: grant.account, v1: version == "v1", codec: codec(type, grant.account))
        switch (r.method, Array(p.dropFirst())) {
        case ("GET", []): return list(c)
        case ("POST", []): return await withJSON(r) { await create(c, $0) }
        case ("GET", ["search"]) where type.name == "persons": return search(c)
        case ("GET", let rest) where rest.count == 1: return read(c, rest[0])
        case ("PATCH", let rest) where rest.count == 1 && (!c.v1 || type.name == "leads"): return await withJSON(r) { await update(c, rest[0], $0) }
        case ("PUT", let rest) where rest.count == 1 && c.v1: return await withJSON(r) { await update(c, rest[0], $0) }
        case ("DELETE", let rest) where rest.count == 1: return delete(c, rest[0])
        default: return PipedriveErrors.body(404, "Unknown method .")
        }
    }

    /// What one handler needs about its request.
    struct Context: Sendable {
        var r: SandboxRequest
        var type: PipedriveObjectType
        var account: String
        var v1: Bool
        var codec: PipedriveCodec

        func render(_ record: StoredRecord) -> JSONValue { v1 ? codec.v1(record) : codec.v2(record) }
    }

    private func codec(_ type: PipedriveObjectType, _ account: String) -> PipedriveCodec {
        PipedriveCodec(type: type, custom: (try? state.store.customFields("pipedrive", type.name, account: account)) ?? [])
    }

    /// Integer ids from 1 per object.
    static let makeID: @Sendable (Int64) -> String = { String($0) }
    /// Leads' UUID ids.
    static let makeLeadID: @Sendable (Int64) -> String = { "adf21080-0e10-11eb-879b-" + String(format: "%012llx", $0) }

    // MARK: Handlers

    private func list(_ c: Context) -> SandboxReply {
        let maxLimit = 500
        let limit: Int
        if let text = c.r.queryValue("limit") {
            guard let n = Int(text), (1...maxLimit).contains(n) else { return PipedriveErrors.validation("limit: must be an integer from 1 to \(maxLimit)") }
            limit = n
        } else { limit = 100 }
        var records: [StoredRecord]
        do { records = try state.store.all("pipedrive", c.type.name, account: c.account) } catch { return PipedriveErrors.body(500, "\(error)") }
        if let since = c.r.queryValue("updated_since") ?? (c.v1 ? c.r.queryValue("since") : nil) {
            guard let ms = SandboxTime.parseISO(since.replacingOccurrences(of: " ", with: "T")) else {
                return PipedriveErrors.validation("updated_since: must be an RFC 3339 date-time, e.g. 2025-01-01T10:20:00Z")
            }
            records = records.filter { $0.modifiedMs >= ms }
        }
        if let until = c.r.queryValue("updated_until"), let ms = SandboxTime.parseISO(until) { records = records.filter { $0.modifiedMs < ms } }
        let sortBy = c.r.queryValue("sort_by") ?? "id"
        guard ["id", "update_time", "add_time"].contains(sortBy) else { return PipedriveErrors.validation("sort_by: must be one of id, update_time, add_time") }
        let descending = c.r.queryValue("sort_direction") == "desc"
        records.sort { a, b in
            let (x, y) = sortBy == "update_time" ? (a.modifiedMs, b.modifiedMs) : sortBy == "add_time" ? (a.createdMs, b.createdMs) : (a.rowID, b.rowID)
            return x == y ? a.rowID < b.rowID : (descending ? x > y : x < y)
        }
        let start: Int
        if c.v1 {
            start = Int(c.r.queryValue("start") ?? "0") ?? -1
        } else if let cursor = c.r.queryValue("cursor") {
            start = OffsetCursor.offset(cursor) ?? -1
        } else { start = 0 }
        guard start >= 0 else { return PipedriveErrors.validation(c.v1 ? "start: must be a non-negative integer" : "cursor: invalid cursor") }
        let page = Array(records.dropFirst(start).prefix(limit))
        let more = start + page.count < records.count
        var body = JSONObject()
        body["success"] = true
        body["data"] = .array(page.map(c.render))
        if c.v1 {
            var pagination = JSONObject()
            pagination["start"] = .number(Double(start))
            pagination["limit"] = .number(Double(limit))
            pagination["more_items_in_collection"] = .bool(more)
            if more { pagination["next_start"] = .number(Double(start + page.count)) }
            body["additional_data"] = ["pagination": .object(pagination)]
        } else {
            body["additional_data"] = ["next_cursor": more ? .string(OffsetCursor.cursor(start + page.count)) : .null]
        }
        return .json(200, .object(body))
    }

    private func create(_ c: Context, _ body: JSONValue) async -> SandboxReply {
        guard let o = body.objectValue else { return PipedriveErrors.validation("body: must be a JSON object") }
        let values: JSONObject
        switch c.type.validate(o, custom: c.codec.custom, creating: true, v1: c.v1, exists: exists(c.account)) {
        case .failure(let why): return PipedriveErrors.validation(why)
        case .success(let v): values = v
        }
        do {
            switch try await state.store.createAsync("pipedrive", c.type.name, account: c.account, fields: [values], uniqueEmail: false,
                                                     makeID: c.type.name == "leads" ? Self.makeLeadID : Self.makeID) {
            case .success(let records): return .json(c.v1 ? 201 : 200, ["success": true, "data": c.render(records[0])])
            case .failure: return PipedriveErrors.body(500, "could not store the \(c.type.singular)")
            }
        } catch {
            return PipedriveErrors.body(500, "\(error)")
        }
    }

    private func read(_ c: Context, _ id: String) -> SandboxReply {
        guard let record = try? state.store.get("pipedrive", c.type.name, account: c.account, id: id) else { return PipedriveErrors.notFound(c.type.singular) }
        return .json(200, ["success": true, "data": c.render(record)])
    }

    private func update(_ c: Context, _ id: String, _ body: JSONValue) async -> SandboxReply {
        guard let o = body.objectValue else { return PipedriveErrors.validation("body: must be a JSON object") }
        guard let record = try? state.store.get("pipedrive", c.type.name, account: c.account, id: id) else { return PipedriveErrors.notFound(c.type.singular) }
        var values: JSONObject
        switch c.type.validate(o, custom: c.codec.custom, creating: false, v1: c.v1, exists: exists(c.account)) {
        case .failure(let why): return PipedriveErrors.validation(why)
        case .success(let v): values = v
        }
        if let customValues = values["custom_fields"]?.objectValue {
            var merged = record.fields["custom_fields"]?.objectValue ?? JSONObject()
            for (k, v) in customValues { merged[k] = v }
            values["custom_fields"] = .object(merged)
        }
        var changes: [String: JSONValue?] = [:]
        for (k, v) in values { changes[k] = v.isNull ? .some(nil) : v }
        switch try? state.store.update("pipedrive", c.type.name, account: c.account, changes: [(id, changes)], uniqueEmail: false) {
        case .success(let records): return .json(200, ["success": true, "data": c.render(records[0])])
        default: return PipedriveErrors.notFound(c.type.singular)
        }
    }

    private func delete(_ c: Context, _ id: String) -> SandboxReply {
        guard (try? state.store.archive("pipedrive", c.type.name, account: c.account, id: id)) == true else { return PipedriveErrors.notFound(c.type.singular) }
        return .json(200, ["success": true, "data": ["id": .number(Double(id) ?? 0)]])
    }

    /// `GET /persons/search?term=&fields=email&exact_match=true`: persons whose email (or name) matches.
    private func search(_ c: Context) -> SandboxReply {
        guard let term = c.r.queryValue("term"), !term.isEmpty else { return PipedriveErrors.validation("term: Parameter 'term' is required") }
        let exact = ["true", "1"].contains((c.r.queryValue("exact_match") ?? "").lowercased())
        guard exact || term.count >= 2 else { return PipedriveErrors.validation("term: must be at least 2 characters long") }
        let fields = c.r.queryValues("fields")
        if let bad = fields.first(where: { !["name", "email", "phone", "notes", "custom_fields"].contains($0) }) {
            return PipedriveErrors.validation("fields: '\(bad)' is not one of name, email, phone, notes, custom_fields")
        }
        let wanted = fields.isEmpty ? ["name", "email", "phone"] : fields
        let needle = term.lowercased()
        func matches(_ s: String) -> Bool { exact ? s.lowercased() == needle : s.lowercased().contains(needle) }
        let records = ((try? state.store.all("pipedrive", "persons", account: c.account)) ?? []).filter { r in
            (wanted.contains("email") && (r.fields["emails"]?.arrayValue ?? []).contains { matches($0["value"]?.stringValue ?? "") })
                || (wanted.contains("name") && matches(r.fields["name"]?.stringValue ?? ""))
                || (wanted.contains("phone") && (r.fields["phones"]?.arrayValue ?? []).contains { matches($0["value"]?.stringValue ?? "") })
        }
        let limit = min(500, max(1, Int(c.r.queryValue("limit") ?? "100") ?? 100))
        let start = max(0, c.v1 ? Int(c.r.queryValue("start") ?? "0") ?? 0 : c.r.queryValue("cursor").flatMap(OffsetCursor.offset) ?? 0)
        let page = Array(records.dropFirst(start).prefix(limit))
        let more = start + page.count < records.count
        let additional: JSONValue = c.v1
            ? ["pagination": ["start": .number(Double(start)), "limit": .number(Double(limit)), "more_items_in_collection": .bool(more)]]
            : ["next_cursor": more ? .string(OffsetCursor.cursor(start + page.count)) : .null]
        return .json(200, ["success": true, "data": ["items": .array(page.map(c.codec.searchItem))], "additional_data": additional])
    }

    // MARK: Helpers

    private func exists(_ account: String) -> (String, String) -> Bool {
        let store = state.store
        return { object, id in (try? store.get("pipedrive", object, account: account, id: id)) != nil }
    }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) async -> SandboxReply) async -> SandboxReply {
        guard r.mediaType == "application/json" else { return PipedriveErrors.body(415, "Unsupported Media Type: send Content-Type: application/json") }
        do { return await body(try r.json()) } catch { return PipedriveErrors.body(400, "Malformed JSON: line \(error.line), column \(error.column): \(error.reason)") }
    }
}
