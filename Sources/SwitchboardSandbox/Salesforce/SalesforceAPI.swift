import Foundation
import SwitchboardCore

/// The Salesforce-compatible REST API under `/salesforce/services/data/vXX.X`: sObjects Contact,
/// Account and Opportunity (create, get, patch, delete, `updated`), composite sObject collections,
/// and a small SOQL subset at `/query` — with Salesforce's error arrays and `Sforce-Limit-Info`.
struct SalesforceAPI: Sendable {
    let state: SandboxState

    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        guard p.count >= 2, p[0] == "services", p[1] == "data" else { return SalesforceError.reply(404, [SalesforceError.notFound]) }
        if p.count == 2 {
            return .json(200, [["label": "Winter '25", "url": "/services/data/v62.0", "version": "62.0"]])
        }
        let version = p[2]
        guard version.hasPrefix("v"), Double(version.dropFirst()) != nil else { return SalesforceError.reply(404, [SalesforceError.notFound]) }
        let grant: TokenBook.AccessGrant
        switch state.tokens.check(r.bearerToken, connector: "salesforce", now: Date().timeIntervalSince1970) {
        case .failure: return SalesforceError.reply(401, "INVALID_SESSION_ID", "Session expired or invalid")
        case .success(let g): grant = g
        }
        guard grant.scopes.contains("api") || grant.scopes.contains("full") else {
            return SalesforceError.reply(403, "INSUFFICIENT_ACCESS", "This session is not valid for use with the REST API: the token lacks the api scope")
        }
        let ctx = Context(r: r, version: version, account: grant.account)
        let rest = Array(p.dropFirst(3))
        switch (r.method, rest) {
        case ("GET", ["query"]), ("GET", ["queryAll"]):
            return SalesforceQuery(ctx: ctx, state: state, cursors: state.salesforceCursors).run(r.queryValue("q"), includeDeleted: rest[0] == "queryAll")
        case ("GET", let p) where p.count == 2 && (p[0] == "query" || p[0] == "queryAll"):
            return SalesforceQuery(ctx: ctx, state: state, cursors: state.salesforceCursors).more(p[1])
        case (_, ["composite", "sobjects"]):
            return SalesforceComposite(ctx: ctx, state: state).handle()
        case ("GET", ["sobjects"]):
            return .json(200, ["encoding": "UTF-8", "maxBatchSize": 200,
                               "sobjects": .array(SalesforceObjectType.all.map { ["name": .string($0.name), "keyPrefix": .string($0.prefix), "createable": true, "updateable": true, "queryable": true] })])
        case (_, let p) where (2...4).contains(p.count) && p[0] == "sobjects":
            guard let type = SalesforceObjectType.named(p[1], account: ctx.account, store: state.store) else {
                return SalesforceError.reply(404, "NOT_FOUND", "The requested resource does not exist")
            }
            return sobject(ctx, type, Array(rest.dropFirst(2)))
        default:
            return SalesforceError.reply(404, [SalesforceError.notFound])
        }
    }

    /// What one handler needs about its request.
    struct Context: Sendable {
        var r: SandboxRequest
        var version: String
        var account: String
    }

    private func sobject(_ c: Context, _ type: SalesforceObjectType, _ rest: [String]) -> SandboxReply {
        let codec = SalesforceCodec(type: type)
        switch (c.r.method, rest) {
        case ("GET", []):
            return .json(200, ["objectDescribe": ["name": .string(type.name), "keyPrefix": .string(type.prefix)], "recentItems": []])
        case ("GET", ["describe"]):
            return describe(c, type)
        case ("GET", ["updated"]), ("GET", ["deleted"]):
            return updated(c, type, deleted: rest[0] == "deleted")
        case ("POST", []):
            return withJSON(c.r) { body in
                guard case .object(let o) = body else { return SalesforceError.reply(400, "JSON_PARSER_ERROR", "Expected a JSON object with the record's fields") }
                if o.keys.contains(where: { $0.lowercased() == "id" }) {
                    return SalesforceError.reply(400, [SalesforceError(code: "INVALID_FIELD", message: "Id not specified in an update call... cannot specify Id in an insert call", fields: ["Id"])])
                }
                switch create(c, type, [o]) {
                case .failure(let errors): return SalesforceError.reply(400, errors)
                case .success(let ids): return .json(201, ["id": .string(ids[0]), "success": true, "errors": []])
                }
            }
        case ("GET", let p) where p.count == 1:
            let id = p[0]
            let requested = c.r.queryValues("fields")
            if let bad = requested.first(where: { type.field($0) == nil }) {
                return SalesforceError.reply(400, "INVALID_FIELD", "No such column '\(bad)' on entity '\(type.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.")
            }
            switch find(c, type, id) {
            case .failure(let e): return SalesforceError.reply(404, [e])
            case .success(let record): return .json(200, codec.json(record, version: c.version, fields: requested.isEmpty ? nil : requested))
            }
        case ("PATCH", let p) where p.count == 1:
            let id = p[0]
            return withJSON(c.r) { body in
                guard case .object(let o) = body else { return SalesforceError.reply(400, "JSON_PARSER_ERROR", "Expected a JSON object with the fields to change") }
                switch find(c, type, id) {
                case .failure(let e): return SalesforceError.reply(404, [e])
                case .success(let record):
                    switch update(c, type, [(record, o)]) {
                    case .failure(let errors): return SalesforceError.reply(400, errors)
                    case .success: return .noContent
                    }
                }
            }
        case ("DELETE", let p) where p.count == 1:
            let id = p[0]
            switch find(c, type, id) {
            case .failure(let e): return SalesforceError.reply(404, [e])
            case .success(let record):
                _ = try? state.store.archive("salesforce", type.name, account: c.account, id: record.id)
                return .noContent
            }
        case (_, let p) where p.count <= 1:
            return SalesforceError.reply(405, "METHOD_NOT_ALLOWED", "HTTP Method '\(c.r.method)' not allowed. Allowed are GET,PATCH,DELETE,POST")
        default:
            return SalesforceError.reply(404, [SalesforceError.notFound])
        }
    }

    /// `GET /sobjects/{type}/describe`: every field of the account's object with Salesforce's
    /// flags, `Last-Modified` from the last custom field change, and 304 to an `If-Modified-Since`
    /// at or after it.
    private func describe(_ c: Context, _ type: SalesforceObjectType) -> SandboxReply {
        let changedMs = (try? state.store.schemaChangedMs("salesforce", type.name, account: c.account)) ?? 0
        let lastModified = SandboxTime.httpDate(changedMs)
        if let since = c.r.header("if-modified-since").flatMap(SandboxTime.parseHTTPDate), changedMs / 1000 <= since / 1000 {
            return SandboxReply(status: 304, headers: [("Last-Modified", lastModified)], body: Data())
        }
        let fields: [JSONValue] = type.fields.map { f in
            var o = JSONObject()
            o["name"] = .string(f.name)
            o["label"] = .string(f.label)
            o["type"] = .string(f.type.rawValue)
            o["length"] = .number(Double(f.length))
            o["custom"] = .bool(f.custom)
            o["nillable"] = .bool(!f.required && f.type != .boolean)
            o["defaultedOnCreate"] = .bool(f.readOnly || f.type == .boolean || f.name == "OwnerId")
            o["createable"] = .bool(!f.readOnly)
            o["updateable"] = .bool(!f.readOnly)
            o["unique"] = false
            o["externalId"] = false
            o["restrictedPicklist"] = .bool(f.type == .picklist && !f.picklist.isEmpty)
            o["picklistValues"] = .array(f.picklist.map { ["value": .string($0), "label": .string($0), "active": true, "defaultValue": false] })
            o["referenceTo"] = .array(f.referencePrefixes.map { .string(SalesforceObjectType.forPrefix($0)?.name ?? "User") })
            return .object(o)
        }
        var o = JSONObject()
        o["name"] = .string(type.name)
        o["label"] = .string(type.name)
        o["keyPrefix"] = .string(type.prefix)
        o["custom"] = false
        o["createable"] = true
        o["updateable"] = true
        o["fields"] = .array(fields)
        var reply = SandboxReply.json(200, .object(o))
        reply.headers.append(("Last-Modified", lastModified))
        return reply
    }

    /// `GET /sobjects/{type}/updated?start=ISO&end=ISO`: ids changed in the window (Salesforce's
    /// replication API, a SOQL-free way to sync by LastModifiedDate).
    private func updated(_ c: Context, _ type: SalesforceObjectType, deleted: Bool) -> SandboxReply {
        guard let startText = c.r.queryValue("start"), let start = SandboxTime.parseISO(startText) else {
            return SalesforceError.reply(400, "INVALID_REPLICATION_DATE", "start must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00+00:00")
        }
        let end = c.r.queryValue("end").flatMap(SandboxTime.parseISO) ?? SandboxTime.nowMs()
        guard end >= start else { return SalesforceError.reply(400, "INVALID_REPLICATION_DATE", "end must not be before start") }
        let all = (try? state.store.list("salesforce", type.name, account: c.account, afterRow: 0, limit: 1_000_000, archived: deleted)) ?? []
        let hits = all.filter { $0.modifiedMs >= start && $0.modifiedMs <= end }.sorted { $0.modifiedMs < $1.modifiedMs }
        if deleted {
            return .json(200, ["deletedRecords": .array(hits.map { ["id": .string($0.id), "deletedDate": .string(SandboxTime.salesforce($0.modifiedMs))] }),
                               "earliestDateAvailable": .string(SandboxTime.salesforce(0)), "latestDateCovered": .string(SandboxTime.salesforce(end))])
        }
        return .json(200, ["ids": .array(hits.map { .string($0.id) }), "latestDateCovered": .string(SandboxTime.salesforce(end))])
    }

    // MARK: Shared with composite

    /// A live record by id, or the error to answer.
    func find(_ c: Context, _ type: SalesforceObjectType, _ raw: String) -> Outcome<StoredRecord, SalesforceError> {
        let id = SalesforceID.normalize(raw)
        guard SalesforceID.isWellFormed(id), id.hasPrefix(type.prefix) else {
            return .failure(SalesforceError(code: "NOT_FOUND", message: "Provided external ID field does not exist or is not accessible: \(raw)"))
        }
        guard let record = try? state.store.get("salesforce", type.name, account: c.account, id: id, includeArchived: true) else {
            return .failure(SalesforceError.notFound)
        }
        if record.archived { return .failure(SalesforceError(code: "ENTITY_IS_DELETED", message: "entity is deleted")) }
        return .success(record)
    }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) -> SandboxReply) -> SandboxReply {
        guard r.mediaType == "application/json" else {
            return SalesforceError.reply(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type \(r.header("content-type") ?? "(none)") is not supported; send application/json")
        }
        do { return body(try r.json()) } catch {
            return SalesforceError.reply(400, "JSON_PARSER_ERROR", "Unexpected character at [line:\(error.line), column:\(error.column)]: \(error.reason)")
        }
    }
}

/// Creating and updating records for the single and composite endpoints.
extension SalesforceAPI {
    /// Whether the record an id names exists in the account (any sObject the sandbox serves, by its prefix).
    func accountExists(_ c: Context) -> (String) -> Bool {
        { id in
            guard let type = SalesforceObjectType.forPrefix(id) else { return false }
            return (try? state.store.get("salesforce", type.name, account: c.account, id: id)) != nil
        }
    }

    func create(_ c: Context, _ type: SalesforceObjectType, _ bodies: [JSONObject]) -> Outcome<[String], [SalesforceError]> {
        let codec = SalesforceCodec(type: type)
        var values: [JSONObject] = []
        for body in bodies {
            switch codec.validate(body, creating: true, referenceExists: accountExists(c)) {
            case .failure(let e): return .failure(e)
            case .success(let v):
                var o = JSONObject()
                for name in type.fields.map(\.name) { if let value = v[name], let value { o[name] = value } }
                values.append(o)
            }
        }
        do {
            let prefix = type.prefix
            switch try state.store.create("salesforce", type.name, account: c.account, fields: values, uniqueEmail: false,
                                          makeID: { SalesforceID.make(prefix: prefix, $0) }) {
            case .success(let records): return .success(records.map(\.id))
            case .failure: return .failure([SalesforceError(code: "DUPLICATE_VALUE", message: "duplicate value found")])
            }
        } catch {
            return .failure([SalesforceError(code: "UNKNOWN_EXCEPTION", message: "The sandbox store failed: \(error)")])
        }
    }

    func update(_ c: Context, _ type: SalesforceObjectType, _ changes: [(StoredRecord, JSONObject)]) -> Outcome<Void, [SalesforceError]> {
        let codec = SalesforceCodec(type: type)
        var list: [(id: String, fields: [String: JSONValue?])] = []
        for (record, body) in changes {
            var body = body
            for key in body.keys where key.lowercased() == "id" { body[key] = nil }
            switch codec.validate(body, creating: false, existing: record.fields, referenceExists: accountExists(c)) {
            case .failure(let e): return .failure(e)
            case .success(let v): list.append((record.id, v))
            }
        }
        do {
            switch try state.store.update("salesforce", type.name, account: c.account, changes: list, uniqueEmail: false) {
            case .success: return .success(())
            case .failure: return .failure([SalesforceError.notFound])
            }
        } catch {
            return .failure([SalesforceError(code: "UNKNOWN_EXCEPTION", message: "The sandbox store failed: \(error)")])
        }
    }
}
