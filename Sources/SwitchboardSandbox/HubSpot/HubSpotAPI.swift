import Foundation
import SwitchboardCore

/// The HubSpot-compatible CRM v3 API under `/hubspot`: objects (contacts, companies, deals) with
/// create / read / update / archive / list, batch create / update / read / archive, search, and
/// the properties API — strict about property names, value types and scopes, like HubSpot — and
/// the v4 associations batch read.
struct HubSpotAPI: Sendable {
    let state: SandboxState

    /// Handles a request whose path starts with `hubspot`.
    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        if p.count == 7, p[0] == "crm", p[1] == "v4", p[2] == "associations", p[5] == "batch", p[6] == "read" {
            guard r.method == "POST" else { return methodOrRoute(r, known: true) }
            guard let from = HubSpotObjectType.named(p[3]), let to = HubSpotObjectType.named(p[4]) else {
                return HubSpotErrors.body(400, "VALIDATION_ERROR", "Unable to infer object type from: \(HubSpotObjectType.named(p[3]) == nil ? p[3] : p[4])")
            }
            switch state.tokens.check(r.bearerToken, connector: "hubspot", now: Date().timeIntervalSince1970) {
            case .failure(let why): return HubSpotErrors.unauthorized(why)
            case .success(let grant):
                guard scoped(grant, from, write: false), scoped(grant, to, write: false) else {
                    return HubSpotErrors.missingScope((scoped(grant, from, write: false) ? to : from).scope(write: false))
                }
                return withJSON(r) { HubSpotAssociations.batchRead($0, from: from.name, to: to.name, account: grant.account, store: state.store) }
            }
        }
        if p.count == 4, p[0] == "crm", p[1] == "v3", p[2] == "pipelines" {
            guard r.method == "GET" else { return methodOrRoute(r, known: true) }
            guard let type = HubSpotObjectType.named(p[3]), let pipelines = type.pipelines else {
                return HubSpotErrors.body(400, "VALIDATION_ERROR", "Unable to infer object type from: \(p[3]); pipelines exist for deals, tickets and leads")
            }
            switch state.tokens.check(r.bearerToken, connector: "hubspot", now: Date().timeIntervalSince1970) {
            case .failure(let why): return HubSpotErrors.unauthorized(why)
            case .success(let grant):
                guard scoped(grant, type, write: false) else { return HubSpotErrors.missingScope(type.scope(write: false)) }
                return .json(200, ["results": .array(pipelines.list.enumerated().map { i, pipeline in
                    ["id": .string(pipeline.id), "label": .string(pipeline.label), "displayOrder": .number(Double(i)), "archived": false,
                     "stages": .array(pipeline.stages.enumerated().map { j, stage in
                         ["id": .string(stage.id), "label": .string(stage.label), "displayOrder": .number(Double(j)), "archived": false, "metadata": [:]]
                     })]
                })])
            }
        }
        guard p.count >= 4, p[0] == "crm", p[1] == "v3", ["objects", "properties", "schemas"].contains(p[2]) else { return routeNotFound(r) }
        guard let type = HubSpotObjectType.named(p[3]) else {
            return HubSpotErrors.body(400, "VALIDATION_ERROR", "Unable to infer object type from: \(p[3])")
        }
        let grant: TokenBook.AccessGrant
        switch state.tokens.check(r.bearerToken, connector: "hubspot", now: Date().timeIntervalSince1970) {
        case .failure(let why): return HubSpotErrors.unauthorized(why)
        case .success(let g): grant = g
        }
        let codec = HubSpotRecordCodec(type: type, store: state.store, account: grant.account)
        let ctx = Context(r: r, type: type, codec: codec, account: grant.account)
        let rest = Array(p.dropFirst(4))
        if p[2] == "properties" {
            switch (r.method, rest.count) {
            case ("GET", 0):
                guard scoped(grant, type, write: false) else { return HubSpotErrors.missingScope(type.scope(write: false)) }
                return .json(200, ["results": .array(codec.properties.map { $0.json(groupName: type.groupName) })])
            case ("GET", 1):
                guard scoped(grant, type, write: false) else { return HubSpotErrors.missingScope(type.scope(write: false)) }
                guard let def = codec.property(rest[0]) else {
                    return HubSpotErrors.body(404, "OBJECT_NOT_FOUND", "Unable to find property \(rest[0]) for object type \(type.name)")
                }
                return .json(200, def.json(groupName: type.groupName))
            case ("POST", 0):
                guard grant.scopes.contains("crm.schemas.\(type.name).write") else { return HubSpotErrors.missingScope("crm.schemas.\(type.name).write") }
                return withJSON(r) { createProperty(ctx, $0) }
            case ("DELETE", 1):
                guard grant.scopes.contains("crm.schemas.\(type.name).write") else { return HubSpotErrors.missingScope("crm.schemas.\(type.name).write") }
                return archiveProperty(ctx, rest[0])
            default:
                return methodOrRoute(r, known: rest.count <= 1)
            }
        }
        if p[2] == "schemas" {
            guard r.method == "GET", rest.isEmpty else { return methodOrRoute(r, known: rest.isEmpty) }
            guard scoped(grant, type, write: false) else { return HubSpotErrors.missingScope(type.scope(write: false)) }
            return objectSchema(ctx)
        }
        guard p[2] == "objects" else { return routeNotFound(r) }
        let write = !(r.method == "GET" || rest == ["search"] || rest == ["batch", "read"])
        guard scoped(grant, type, write: write) else {
            return HubSpotErrors.missingScope(type.scope(write: write))
        }
        switch (r.method, rest) {
        case ("GET", []): return list(ctx)
        case ("POST", []): return await withJSONAsync(r) { await create(ctx, $0) }
        case ("GET", let p) where p.count == 1: return read(ctx, p[0])
        case ("PATCH", let p) where p.count == 1: return await withJSONAsync(r) { await update(ctx, p[0], $0) }
        case ("DELETE", let p) where p.count == 1: return archive(ctx, p[0])
        case ("POST", ["search"]): return withJSON(r) { HubSpotSearch(ctx: ctx, state: state).run($0) }
        case ("POST", ["batch", "create"]): return await withJSONAsync(r) { await HubSpotBatch(ctx: ctx, state: state).create($0) }
        case ("POST", ["batch", "update"]): return await withJSONAsync(r) { await HubSpotBatch(ctx: ctx, state: state).update($0) }
        case ("POST", ["batch", "read"]): return withJSON(r) { HubSpotBatch(ctx: ctx, state: state).read($0) }
        case ("POST", ["batch", "archive"]): return withJSON(r) { HubSpotBatch(ctx: ctx, state: state).archive($0) }
        case (_, let p) where p.count <= 1 || (p.count == 2 && p[0] == "batch"): return methodOrRoute(r, known: true)
        default: return routeNotFound(r)
        }
    }

    /// What one handler needs about its request.
    struct Context: Sendable {
        var r: SandboxRequest
        var type: HubSpotObjectType
        var codec: HubSpotRecordCodec
        var account: String
    }

    private func scoped(_ grant: TokenBook.AccessGrant, _ type: HubSpotObjectType, write: Bool) -> Bool {
        grant.scopes.contains(type.scope(write: write))
    }

    // MARK: Single records

    private func list(_ c: Context) -> SandboxReply {
        let limit: Int
        if let text = c.r.queryValue("limit") {
            guard let n = Int(text), (1...100).contains(n) else { return HubSpotErrors.validation("limit must be a number from 1 to 100; got \(text)") }
            limit = n
        } else { limit = 10 }
        var afterRow: Int64 = 0
        if let after = c.r.queryValue("after") {
            guard let n = Int64(after), n >= 0 else { return HubSpotErrors.validation("after must be the paging cursor from a previous response; got \(after)") }
            afterRow = n
        }
        let archived = c.r.queryValue("archived") == "true"
        let requested = c.r.queryValues("properties")
        do {
            let page = try state.store.list("hubspot", c.type.name, account: c.account, afterRow: afterRow, limit: limit + 1, archived: archived)
            var body = JSONObject()
            body["results"] = .array(page.prefix(limit).map { c.codec.json($0, requested: requested.isEmpty ? nil : requested) })
            if page.count > limit, let last = page.prefix(limit).last {
                let next = String(last.rowID)
                body["paging"] = ["next": ["after": .string(next), "link": .string("\(state.baseURL)/hubspot/crm/v3/objects/\(c.type.name)?after=\(next)")]]
            }
            return .json(200, .object(body))
        } catch {
            return storageFailure(error)
        }
    }

    private func create(_ c: Context, _ body: JSONValue) async -> SandboxReply {
        guard case .object(let o) = body else { return HubSpotErrors.validation("Invalid input JSON: expected an object with \"properties\"") }
        if let bad = o.keys.first(where: { !["properties", "associations", "objectWriteTraceId"].contains($0) }) {
            return HubSpotErrors.validation("Invalid input JSON: Unrecognized field \"\(bad)\"; the body takes properties and associations")
        }
        var values: JSONObject
        switch c.codec.validate(o["properties"], creating: true) {
        case .failure(let problems): return HubSpotErrors.invalidProperties(problems)
        case .success(let v): values = v
        }
        switch HubSpotAssociations.checkCreate(o["associations"], from: c.type.name, account: c.account, store: state.store) {
        case .failure(let why): return HubSpotErrors.validation(why)
        case .success(let associations): if !associations.isEmpty { values["_associations"] = .array(associations) }
        }
        do {
            switch try await state.store.createAsync("hubspot", c.type.name, account: c.account, fields: [values], uniqueEmail: c.type.name == "contacts", makeID: Self.makeID) {
            case .success(let records): return .json(201, c.codec.json(records[0], requested: Array(values.keys.filter { $0 != "_associations" })))
            case .failure(.duplicateEmail(let existing)): return HubSpotErrors.conflict(existingID: existing)
            case .failure(.notFound(let id)): return HubSpotErrors.notFound(id)
            }
        } catch {
            return storageFailure(error)
        }
    }

    private func read(_ c: Context, _ id: String) -> SandboxReply {
        let requested = c.r.queryValues("properties")
        let archived = c.r.queryValue("archived") == "true"
        do {
            guard let record = try lookup(c, id), record.archived == archived else { return HubSpotErrors.notFound(id) }
            var json = c.codec.json(record, requested: requested.isEmpty ? nil : requested)
            if let associations = HubSpotAssociations.json(record, objects: c.r.queryValues("associations")), case .object(var o) = json {
                o["associations"] = associations
                json = .object(o)
            }
            return .json(200, json)
        } catch {
            return storageFailure(error)
        }
    }

    private func update(_ c: Context, _ id: String, _ body: JSONValue) async -> SandboxReply {
        guard case .object(let o) = body, o["properties"] != nil else {
            return HubSpotErrors.validation("Invalid input JSON: expected an object with \"properties\"")
        }
        let values: JSONObject
        switch c.codec.validate(o["properties"], creating: false) {
        case .failure(let problems): return HubSpotErrors.invalidProperties(problems)
        case .success(let v): values = v
        }
        do {
            guard let record = try lookup(c, id), !record.archived else { return HubSpotErrors.notFound(id) }
            var changes: [String: JSONValue?] = [:]
            for (k, v) in values { changes[k] = v.stringValue == "" ? .some(nil) : v }
            switch try state.store.update("hubspot", c.type.name, account: c.account, changes: [(record.id, changes)], uniqueEmail: c.type.name == "contacts") {
            case .success(let records): return .json(200, c.codec.json(records[0], requested: Array(values.keys)))
            case .failure(.duplicateEmail(let existing)): return HubSpotErrors.conflict(existingID: existing)
            case .failure(.notFound): return HubSpotErrors.notFound(id)
            }
        } catch {
            return storageFailure(error)
        }
    }

    private func archive(_ c: Context, _ id: String) -> SandboxReply {
        do {
            _ = try state.store.archive("hubspot", c.type.name, account: c.account, id: id)
            return .noContent  // HubSpot answers 204 whether or not the record existed.
        } catch {
            return storageFailure(error)
        }
    }

    private func createProperty(_ c: Context, _ body: JSONValue) -> SandboxReply {
        switch HubSpotProperty.customField(from: body) {
        case .failure(let why): return HubSpotErrors.validation("Invalid property definition: \(why)")
        case .success(let field):
            if c.codec.property(field.name) != nil {
                return HubSpotErrors.body(409, "OBJECT_ALREADY_EXISTS", "A property named '\(field.name)' already exists.")
            }
            do {
                _ = try state.store.addCustomField("hubspot", c.type.name, account: c.account, field)
                return .json(201, HubSpotProperty(custom: field).json(groupName: body["groupName"]?.stringValue ?? c.type.groupName))
            } catch {
                return storageFailure(error)
            }
        }
    }

    /// `DELETE /crm/v3/properties/{object}/{name}`: archives a custom property (204); built-in
    /// properties cannot be archived (400), unknown ones answer 404.
    private func archiveProperty(_ c: Context, _ name: String) -> SandboxReply {
        guard let def = c.codec.property(name) else {
            return HubSpotErrors.body(404, "OBJECT_NOT_FOUND", "Unable to find property \(name) for object type \(c.type.name)")
        }
        guard def.custom else { return HubSpotErrors.validation("\(name) is a HubSpot defined property and cannot be archived") }
        do {
            _ = try state.store.removeCustomField("hubspot", c.type.name, account: c.account, name: name)
            return .noContent
        } catch {
            return storageFailure(error)
        }
    }

    /// `GET /crm/v3/schemas/{object}`: the object's definition with its `requiredProperties`.
    private func objectSchema(_ c: Context) -> SandboxReply {
        let properties = c.codec.properties
        var o = JSONObject()
        o["id"] = .string(c.type.objectTypeID)
        o["name"] = .string(c.type.name)
        o["objectTypeId"] = .string(c.type.objectTypeID)
        o["fullyQualifiedName"] = .string(c.type.name)
        o["labels"] = ["singular": .string(c.type.singular.capitalized), "plural": .string(c.type.name.capitalized)]
        o["requiredProperties"] = .array(properties.filter(\.required).map { .string($0.name) })
        o["searchableProperties"] = .array(c.type.defaultProperties.map(JSONValue.string))
        o["primaryDisplayProperty"] = .string(c.type.defaultProperties.first { !["createdate", "hs_object_id"].contains($0) } ?? "hs_object_id")
        o["properties"] = .array(properties.map { $0.json(groupName: c.type.groupName) })
        o["associations"] = .array([])
        o["archived"] = false
        return .json(200, .object(o))
    }

    // MARK: Helpers

    /// The record by id, or by a unique property named in `idProperty` (e.g. email).
    func lookup(_ c: Context, _ id: String) throws -> StoredRecord? {
        if let prop = c.r.queryValue("idProperty"), prop != "hs_object_id" {
            return try state.store.all("hubspot", c.type.name, account: c.account).first {
                c.codec.value($0, prop)?.lowercased() == id.lowercased()
            }
        }
        return try state.store.get("hubspot", c.type.name, account: c.account, id: id, includeArchived: true)
    }

    /// Numeric string ids, starting at 100001 per object type.
    static let makeID: @Sendable (Int64) -> String = { String(100_000 + $0) }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) -> SandboxReply) -> SandboxReply {
        guard r.mediaType == "application/json" else {
            return HubSpotErrors.body(415, "VALIDATION_ERROR", "Unsupported Media Type: send Content-Type: application/json (got \(r.header("content-type") ?? "none"))")
        }
        do { return body(try r.json()) } catch { return HubSpotErrors.invalidJSON(error) }
    }

    private func withJSONAsync(_ r: SandboxRequest, _ body: (JSONValue) async -> SandboxReply) async -> SandboxReply {
        guard r.mediaType == "application/json" else {
            return HubSpotErrors.body(415, "VALIDATION_ERROR", "Unsupported Media Type: send Content-Type: application/json (got \(r.header("content-type") ?? "none"))")
        }
        let value: JSONValue
        do { value = try r.json() } catch { return HubSpotErrors.invalidJSON(error) }
        return await body(value)
    }

    private func routeNotFound(_ r: SandboxRequest) -> SandboxReply {
        HubSpotErrors.body(404, "OBJECT_NOT_FOUND", "Unable to find a route for \(r.method) \(r.rawPath)")
    }

    private func methodOrRoute(_ r: SandboxRequest, known: Bool) -> SandboxReply {
        known ? HubSpotErrors.body(405, "VALIDATION_ERROR", "HTTP method \(r.method) is not supported by \(r.rawPath)") : routeNotFound(r)
    }

    func storageFailure(_ error: (any Error)?) -> SandboxReply {
        HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error.map { "\($0)" } ?? "unknown")")
    }
}
