import Foundation

/// What an action does to its object, so tools can find "create a contact" in any connector.
public enum ActionOperation: String, Sendable, Equatable, CaseIterable {
    case create, update, upsert, get, list, search, delete, other
}

/// One operation a connector offers: an HTTP request with a path template and a request-body schema.
///
/// Keys: `id` (e.g. `createContact`, unique in the connector), `name`, `method` (GET, POST, PUT,
/// PATCH, DELETE), `path` (relative to the API base URL, `{param}` placeholders) required;
/// `description`, `pathParameters` (every `{param}` in the path, and only those), `query` (fixed
/// query parameters), `object` (`contact` | `company` | `deal`), `operation` (see
/// `ActionOperation`), `requestSchema` (JSON Schema of the body), `responseIdPointer` (where the
/// new record's id is in the response; for batch actions, within each result), `batch`
/// (see `ActionBatchSpec`), `notes`.
public struct ActionSpec: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var method: String
    public var path: String
    public var pathParameters: [String]
    public var query: [NameValue]
    public var object: UniversalObject?
    public var operation: ActionOperation
    public var requestSchema: JSONSchema?
    public var responseIdPointer: JSONPointer?
    public var batch: ActionBatchSpec?
    public var notes: String?
    /// Set on a tenant's merged action whose custom fields the CRM takes as an `{id, value}` array.
    public var customFieldArray: CustomFieldArray? = nil

    /// Whether the action carries many records in one request.
    public var isBatch: Bool { batch != nil }
    /// The most records one request of this action may carry.
    public var maxBatchSize: Int? { batch?.maxRecords }

    /// The HTTP methods an action may use.
    public static let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    /// Equal when every field is; request schemas compare by their documents.
    public static func == (a: ActionSpec, b: ActionSpec) -> Bool {
        a.id == b.id && a.name == b.name && a.description == b.description && a.method == b.method && a.path == b.path
            && a.pathParameters == b.pathParameters && a.query == b.query && a.object == b.object && a.operation == b.operation
            && a.requestSchema?.document == b.requestSchema?.document && a.responseIdPointer == b.responseIdPointer
            && a.batch == b.batch && a.notes == b.notes && a.customFieldArray == b.customFieldArray
    }

    static let keys = ManifestKeys(
        required: ["id", "name", "method", "path"],
        optional: ["description", "pathParameters", "query", "object", "operation", "requestSchema", "responseIdPointer", "batch", "notes"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> ActionSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let id = o.identifier("id", pattern: "^[A-Za-z][A-Za-z0-9_]*$", rule: "use letters, digits and '_', starting with a letter")
        let name = o.string("name")
        let description = o.string("description", allowEmpty: true) ?? ""
        var method = o.string("method")
        if let m = method, !methods.contains(m) {
            r.report(o.at("method"), "bad method \"\(m)\"; expected one of \(methods.joined(separator: ", "))")
            method = nil
        }
        let path = o.string("path")
        let declared = o.strings("pathParameters") ?? []
        if let path { checkPath(path, declared: declared, o, r) }
        let query = (o.stringMap("query") ?? []).map { NameValue($0.0, $0.1) }
        let object = o.enumeration("object", UniversalObject.self, what: "object")
        let operation = o.enumeration("operation", ActionOperation.self, what: "operation") ?? .other
        let schema = compileSchema(o.value("requestSchema"), at: o.at("requestSchema"), r)
        if o.has("requestSchema"), let m = method, m == "GET" || m == "DELETE" {
            r.report(o.at("requestSchema"), "a \(m) request has no body; remove requestSchema")
        }
        let idPointer = o.jsonPointer("responseIdPointer")
        let batch = ActionBatchSpec.decode(o.value("batch"), at: o.at("batch"), r)
        guard let id, let name, let method, let path else { return nil }
        return ActionSpec(id: id, name: name, description: description, method: method, path: path, pathParameters: declared,
                          query: query, object: object, operation: operation, requestSchema: schema, responseIdPointer: idPointer,
                          batch: batch, notes: o.string("notes"))
    }

    private static func checkPath(_ path: String, declared: [String], _ o: ObjectReader, _ r: ManifestReader) {
        switch PathTemplate.parse(path) {
        case .failure(let error):
            r.report(o.at("path"), error.message)
        case .success(let template):
            for name in template.parameters where !declared.contains(name) {
                r.report(o.at("path"), "parameter {\(name)} is not declared in pathParameters")
            }
            var seen: Set<String> = []
            for (i, name) in declared.enumerated() {
                if !seen.insert(name).inserted {
                    r.report(o.at("pathParameters").appending(i), "parameter \"\(name)\" is declared twice")
                } else if !template.parameters.contains(name) {
                    r.report(o.at("pathParameters").appending(i), "parameter \"\(name)\" is declared but not used in the path")
                }
            }
        }
    }

    private static func compileSchema(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> JSONSchema? {
        guard let value else { return nil }
        guard case .object = value else { r.report(p, "expected object, found \(value.typeName)"); return nil }
        if r.deferSchemas { return JSONSchema(compilingLater: value) }
        do {
            return try JSONSchema(compiling: value)
        } catch {
            for problem in error.problems {
                r.report(JSONPointer(tokens: p.tokens + problem.pointer.tokens), problem.reason)
            }
            return nil
        }
    }
}
