import Foundation
import SwitchboardCore

/// sObject collections at `/composite/sobjects`: POST creates, PATCH updates (up to 200 records
/// of any of the served types, each with `attributes.type`), DELETE `?ids=` deletes; `allOrNone`
/// rolls everything back when one record fails. Answers 200 with one result per record.
struct SalesforceComposite: Sendable {
    let ctx: SalesforceAPI.Context
    let state: SandboxState
    static let maxRecords = 200

    private var api: SalesforceAPI { SalesforceAPI(state: state) }

    func handle() -> SandboxReply {
        let r = ctx.r
        if r.method == "DELETE" { return delete() }
        guard r.method == "POST" || r.method == "PATCH" else {
            return SalesforceError.reply(405, "METHOD_NOT_ALLOWED", "HTTP Method '\(r.method)' not allowed. Allowed are POST,PATCH,DELETE")
        }
        guard r.mediaType == "application/json" else {
            return SalesforceError.reply(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type \(r.header("content-type") ?? "(none)") is not supported; send application/json")
        }
        let body: JSONValue
        do { body = try r.json() } catch {
            return SalesforceError.reply(400, "JSON_PARSER_ERROR", "Unexpected character at [line:\(error.line), column:\(error.column)]: \(error.reason)")
        }
        guard let records = body["records"]?.arrayValue else {
            return SalesforceError.reply(400, "JSON_PARSER_ERROR", "The request body needs \"records\": an array of sObjects with attributes.type")
        }
        guard records.count <= Self.maxRecords else {
            return SalesforceError.reply(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than \(Self.maxRecords) records into this call")
        }
        let allOrNone = body["allOrNone"]?.boolValue ?? false
        let creating = r.method == "POST"
        // Validate every record first (all-or-none needs to know before writing).
        var outcomes: [Outcome<Work, [SalesforceError]>] = []
        for item in records {
            guard case .object(let o) = item else {
                outcomes.append(.failure([SalesforceError(code: "JSON_PARSER_ERROR", message: "each record must be a JSON object")])); continue
            }
            guard let typeName = o["attributes"]?["type"]?.stringValue, let type = SalesforceObjectType.named(typeName, account: ctx.account, store: state.store) else {
                outcomes.append(.failure([SalesforceError(code: "INVALID_TYPE", message: "Must send a concrete entity type.")])); continue
            }
            let codec = SalesforceCodec(type: type)
            let idKey = o.keys.first { $0.lowercased() == "id" }
            if creating {
                if idKey != nil { outcomes.append(.failure([SalesforceError(code: "INVALID_FIELD", message: "cannot specify Id in an insert call", fields: ["Id"])])); continue }
                switch codec.validate(o, creating: true, referenceExists: api.accountExists(ctx)) {
                case .failure(let e): outcomes.append(.failure(e))
                case .success: outcomes.append(.success(Work(type: type, body: o, existing: nil)))
                }
            } else {
                guard let idKey, let id = o[idKey]?.stringValue else {
                    outcomes.append(.failure([SalesforceError(code: "MISSING_ARGUMENT", message: "Id not specified in an update call", fields: [])])); continue
                }
                switch api.find(ctx, type, id) {
                case .failure(let e): outcomes.append(.failure([SalesforceError(code: e.code == "ENTITY_IS_DELETED" ? e.code : "INVALID_CROSS_REFERENCE_KEY", message: e.code == "ENTITY_IS_DELETED" ? e.message : "invalid cross reference id", fields: [])]))
                case .success(let record):
                    var body = o
                    body[idKey] = nil
                    switch codec.validate(body, creating: false, existing: record.fields, referenceExists: api.accountExists(ctx)) {
                    case .failure(let e): outcomes.append(.failure(e))
                    case .success: outcomes.append(.success(Work(type: type, body: body, existing: record)))
                    }
                }
            }
        }
        let anyFailed = outcomes.contains { if case .failure = $0 { return true }; return false }
        if allOrNone && anyFailed {
            let rolledBack = SalesforceError(code: "ALL_OR_NONE_OPERATION_ROLLED_BACK", message: "Record rolled back because not all records were valid and the request was using AllOrNone header")
            return .json(200, .array(outcomes.map { o in
                switch o {
                case .failure(let e): return result(id: nil, errors: e)
                case .success: return result(id: nil, errors: [rolledBack])
                }
            }))
        }
        var results: [JSONValue] = []
        for o in outcomes {
            switch o {
            case .failure(let e): results.append(result(id: nil, errors: e))
            case .success(let work):
                if let existing = work.existing {
                    switch api.update(ctx, work.type, [(existing, work.body)]) {
                    case .failure(let e): results.append(result(id: existing.id, errors: e))
                    case .success: results.append(result(id: existing.id, errors: []))
                    }
                } else {
                    switch api.create(ctx, work.type, [work.body]) {
                    case .failure(let e): results.append(result(id: nil, errors: e))
                    case .success(let ids): results.append(result(id: ids[0], errors: []))
                    }
                }
            }
        }
        return .json(200, .array(results))
    }

    private struct Work {
        var type: SalesforceObjectType
        var body: JSONObject
        var existing: StoredRecord?
    }

    private func delete() -> SandboxReply {
        let ids = ctx.r.queryValues("ids")
        guard !ids.isEmpty else { return SalesforceError.reply(400, "MISSING_ARGUMENT", "ids is required: a comma-separated list of record ids") }
        guard ids.count <= Self.maxRecords else {
            return SalesforceError.reply(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than \(Self.maxRecords) records into this call")
        }
        let allOrNone = ctx.r.queryValue("allOrNone") == "true"
        let found: [Outcome<(SalesforceObjectType, StoredRecord), SalesforceError>] = ids.map { id in
            guard let type = SalesforceObjectType.forPrefix(id) else {
                return .failure(SalesforceError(code: "MALFORMED_ID", message: "malformed id \(id)"))
            }
            return api.find(ctx, type, id).map { (type, $0) }
        }
        let anyFailed = found.contains { if case .failure = $0 { return true }; return false }
        if allOrNone && anyFailed {
            return .json(200, .array(zip(ids, found).map { id, f in
                switch f {
                case .failure(let e): return result(id: id, errors: [e])
                case .success: return result(id: id, errors: [SalesforceError(code: "ALL_OR_NONE_OPERATION_ROLLED_BACK", message: "Record rolled back because not all records were valid and the request was using AllOrNone header")])
                }
            }))
        }
        return .json(200, .array(zip(ids, found).map { id, f in
            switch f {
            case .failure(let e): return result(id: id, errors: [e])
            case .success(let (type, record)):
                _ = try? state.store.archive("salesforce", type.name, account: ctx.account, id: record.id)
                return result(id: record.id, errors: [])
            }
        }))
    }

    private func result(id: String?, errors: [SalesforceError]) -> JSONValue {
        var o = JSONObject()
        if let id { o["id"] = .string(id) }
        o["success"] = .bool(errors.isEmpty)
        o["errors"] = .array(errors.map(\.compositeJSON))
        return .object(o)
    }
}
