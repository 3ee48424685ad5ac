import Foundation
import SwitchboardCore

/// HubSpot's batch endpoints: at most 100 inputs; create and update are all-or-nothing for
/// validation; read and update answer 207 with per-record errors for missing ids.
struct HubSpotBatch: Sendable {
    let ctx: HubSpotAPI.Context
    let state: SandboxState
    static let maxInputs = 100

    private func inputs(_ body: JSONValue) -> Outcome<[JSONValue], SandboxReply> {
        guard case .array(let items) = body["inputs"] ?? .null else {
            return .failure(HubSpotErrors.validation("Invalid input JSON: \"inputs\" is required and must be an array"))
        }
        guard items.count <= Self.maxInputs else {
            return .failure(HubSpotErrors.validation("Batch input limit exceeded: at most \(Self.maxInputs) inputs are allowed per request; got \(items.count)"))
        }
        return .success(items)
    }

    func create(_ body: JSONValue) async -> SandboxReply {
        let started = SandboxTime.nowMs()
        let items: [JSONValue]
        switch inputs(body) { case .failure(let r): return r; case .success(let i): items = i }
        var values: [JSONObject] = []
        var problems: [HubSpotErrors.PropertyProblem] = []
        for item in items {
            guard case .object = item else { return HubSpotErrors.validation("Invalid input JSON: each input must be an object with \"properties\"") }
            switch ctx.codec.validate(item["properties"], creating: true) {
            case .failure(let p): problems += p
            case .success(var v):
                switch HubSpotAssociations.checkCreate(item["associations"], from: ctx.type.name, account: ctx.account, store: state.store) {
                case .failure(let why): return HubSpotErrors.validation(why)
                case .success(let associations): if !associations.isEmpty { v["_associations"] = .array(associations) }
                }
                values.append(v)
            }
        }
        if !problems.isEmpty { return HubSpotErrors.invalidProperties(problems) }
        do {
            switch try await state.store.createAsync("hubspot", ctx.type.name, account: ctx.account, fields: values, uniqueEmail: ctx.type.name == "contacts",
                                          makeID: HubSpotAPI.makeID) {
            case .failure(.duplicateEmail(let existing)): return HubSpotErrors.conflict(existingID: existing)
            case .failure(.notFound(let id)): return HubSpotErrors.notFound(id)
            case .success(let records):
                let results = zip(records, values).map { ctx.codec.json($0, requested: Array($1.keys.filter { $0 != "_associations" })) }
                return .json(201, envelope(results, errors: [], started: started))
            }
        } catch {
            return HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    func update(_ body: JSONValue) async -> SandboxReply {
        let started = SandboxTime.nowMs()
        let items: [JSONValue]
        switch inputs(body) { case .failure(let r): return r; case .success(let i): items = i }
        var changes: [(id: String, fields: [String: JSONValue?])] = []
        var problems: [HubSpotErrors.PropertyProblem] = []
        var requested: [[String]] = []
        for item in items {
            guard let id = item["id"]?.stringValue, !id.isEmpty else {
                return HubSpotErrors.validation("Invalid input JSON: each input needs an \"id\" (string) and \"properties\"")
            }
            switch ctx.codec.validate(item["properties"], creating: false) {
            case .failure(let p): problems += p
            case .success(let v):
                var c: [String: JSONValue?] = [:]
                for (k, value) in v { c[k] = value.stringValue == "" ? .some(nil) : value }
                changes.append((id, c))
                requested.append(Array(v.keys))
            }
        }
        if !problems.isEmpty { return HubSpotErrors.invalidProperties(problems) }
        do {
            let existing = Set(try state.store.get("hubspot", ctx.type.name, account: ctx.account, ids: changes.map(\.id)).map(\.id))
            let missing = changes.map(\.id).filter { !existing.contains($0) }
            let present = changes.enumerated().filter { existing.contains($0.element.id) }
            switch try state.store.update("hubspot", ctx.type.name, account: ctx.account, changes: present.map(\.element),
                                          uniqueEmail: ctx.type.name == "contacts") {
            case .failure(.duplicateEmail(let id)): return HubSpotErrors.conflict(existingID: id)
            case .failure(.notFound(let id)): return HubSpotErrors.notFound(id)
            case .success(let records):
                let results = zip(records, present).map { ctx.codec.json($0, requested: requested[$1.offset]) }
                let errors = missing.isEmpty ? [] : [notFoundError(missing)]
                return .json(errors.isEmpty ? 200 : 207, envelope(results, errors: errors, started: started))
            }
        } catch {
            return HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    func read(_ body: JSONValue) -> SandboxReply {
        let started = SandboxTime.nowMs()
        let items: [JSONValue]
        switch inputs(body) { case .failure(let r): return r; case .success(let i): items = i }
        let ids = items.compactMap { $0["id"]?.stringValue }
        guard ids.count == items.count else { return HubSpotErrors.validation("Invalid input JSON: each input needs an \"id\" (string)") }
        let requested = body["properties"]?.arrayValue?.compactMap(\.stringValue) ?? []
        do {
            let all: [StoredRecord]
            if let prop = body["idProperty"]?.stringValue, prop != "hs_object_id" {
                let records = try state.store.all("hubspot", ctx.type.name, account: ctx.account)
                all = ids.compactMap { id in records.first { ctx.codec.value($0, prop)?.lowercased() == id.lowercased() } }
            } else {
                all = try state.store.get("hubspot", ctx.type.name, account: ctx.account, ids: ids)
            }
            let found = Set(all.map(\.id)).union(Set(all.compactMap { r in body["idProperty"]?.stringValue.flatMap { ctx.codec.value(r, $0)?.lowercased() } }))
            let missing = ids.filter { !found.contains($0) && !found.contains($0.lowercased()) }
            let results = all.map { ctx.codec.json($0, requested: requested.isEmpty ? nil : requested) }
            let errors = missing.isEmpty ? [] : [notFoundError(missing)]
            return .json(errors.isEmpty ? 200 : 207, envelope(results, errors: errors, started: started))
        } catch {
            return HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    func archive(_ body: JSONValue) -> SandboxReply {
        let items: [JSONValue]
        switch inputs(body) { case .failure(let r): return r; case .success(let i): items = i }
        do {
            for id in items.compactMap({ $0["id"]?.stringValue }) {
                _ = try state.store.archive("hubspot", ctx.type.name, account: ctx.account, id: id)
            }
            return .noContent
        } catch {
            return HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    private func notFoundError(_ ids: [String]) -> JSONValue {
        ["status": "error", "category": "OBJECT_NOT_FOUND",
         "message": .string("Could not get some \(ctx.type.singular.uppercased()) objects, they may be deleted or not exist. Check that ids are valid."),
         "context": ["ids": .array(ids.map(JSONValue.string))]]
    }

    private func envelope(_ results: [JSONValue], errors: [JSONValue], started: Int64) -> JSONValue {
        var o = JSONObject()
        o["status"] = "COMPLETE"
        o["results"] = .array(results)
        if !errors.isEmpty {
            o["numErrors"] = .number(Double(errors.count))
            o["errors"] = .array(errors)
        }
        o["startedAt"] = .string(SandboxTime.iso(started))
        o["completedAt"] = .string(SandboxTime.iso(SandboxTime.nowMs()))
        return .object(o)
    }
}
