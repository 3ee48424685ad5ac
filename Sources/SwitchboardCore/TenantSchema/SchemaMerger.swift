/// Merges a tenant's fields into a connector's action schemas: the manifest's schema says the
/// request's shape, the account says which fields exist, their types, options, lengths, which are
/// required on create and which cannot be written. The merged schema is what previews, pushes, the
/// mapping editor and the schema viewer use for that tenant.
///
/// In each create / update / upsert action of a resource with `metadata` (in batch actions, in the
/// first record of the batch):
/// - every field of the account becomes a property of the write target (custom fields in the
///   custom target; where the manifest closes the target, built-in fields only refine the
///   properties it declares), typed from its kind (`values: "string"` CRMs take text, so numbers and dates
///   become patterns), with `enum` from restricted options, `maxLength` from its length, a title
///   (its label) and `x-custom` for custom fields; a property the manifest already declares keeps
///   its description and JSON type, and takes the account's options;
/// - a field that cannot be written by the action is refused with a clear reason (`x-refuse`);
/// - required fields join `required` on create;
/// - the target refuses members that are not fields of the account (`additionalProperties: false`);
/// - where the CRM has pipelines for the object, a stage must be one of its pipeline's
///   (`x-pipelineStages`; a create without a pipeline goes to the default one).
public enum SchemaMerger {
    /// `manifest` with the actions of each object's first resource merged with its schema in `schemas`.
    public static func merge(_ manifest: ConnectorManifest, schemas: [UniversalObject: TenantObjectSchema]) -> ConnectorManifest {
        merge(manifest) { resource in
            guard let object = resource.object, manifest.schemaResourceKey(resource) == nil else { return nil }
            return schemas[object]
        }
    }

    /// `manifest` with the actions of every resource whose schema `schema(resource)` gives merged.
    public static func merge(_ manifest: ConnectorManifest, schema: (ResourceSpec) -> TenantObjectSchema?) -> ConnectorManifest {
        var merged = manifest
        for (i, resource) in manifest.resources.enumerated() {
            guard let write = resource.metadata?.write, let object = resource.object, let schema = schema(resource) else { continue }
            let pipelines = manifest.pipelineSpec(for: object).flatMap { spec in schema.pipelines.isEmpty ? nil : (spec, schema.pipelines) }
            merged.resources[i].actions = resource.actions.map { merge($0, write: write, fields: schema.fields, crm: manifest.name, pipelines: pipelines) }
        }
        return merged
    }

    /// One action with `fields` merged, or the action unchanged when it does not write records.
    public static func merge(_ action: ActionSpec, write: MetadataWriteSpec, fields: [RemoteField], crm: String,
                             pipelines: (spec: PipelineSpec, list: [TenantPipeline])? = nil) -> ActionSpec {
        guard [.create, .update, .upsert].contains(action.operation), let document = action.requestSchema?.document else { return action }
        let base: [String] = action.batch.map { $0.recordsPointer.tokens + ["0"] } ?? []
        var doc = document
        guard let targetPath = schemaPath(in: doc, body: base + write.target.tokens) else { return action }
        var customPath = targetPath
        if let custom = write.customTarget {
            if write.customArray != nil, let parent = schemaPath(in: doc, body: base + Array(custom.tokens.dropLast())), let last = custom.tokens.last {
                // Checked as an object keyed by field id; sent as the CRM's array (CustomFieldArray).
                customPath = parent + ["properties", last]
                JSONEdit.set(["type": "object", "description": "The account's custom fields by id.", "properties": .object(JSONObject())],
                             at: customPath[...], in: &doc)
            } else {
                guard let path = schemaPath(in: doc, body: base + custom.tokens) ?? createObject(in: &doc, body: base + custom.tokens) else { return action }
                customPath = path
            }
        }
        // A target the manifest closes (`additionalProperties: false`) names its built-in fields as
        // the API takes them (Pipedrive v2's `emails`, not the metadata's `email`): the account's
        // built-in fields only refine those; an open target takes every field the account has.
        let closed = doc.value(at: JSONPointer(tokens: targetPath + ["additionalProperties"])) == .bool(false)
        var required: [String] = []
        for field in fields {
            let path = field.custom ? customPath : targetPath
            let existing = doc.value(at: JSONPointer(tokens: path + ["properties", field.name]))
            if !field.custom, closed, existing == nil { continue }
            JSONEdit.set(propertySchema(field, existing: existing, values: write.values, operation: action.operation, crm: crm),
                         at: (path + ["properties", field.name])[...], in: &doc)
            if field.required, field.writable(by: action.operation), path == targetPath || write.customTarget != nil {
                if action.operation == .create { required.append(field.name) }
            }
        }
        for path in Set([targetPath, customPath]) {
            var node = doc.value(at: JSONPointer(tokens: path))?.objectValue ?? JSONObject()
            node["additionalProperties"] = false
            node["x-unknownMessage"] = .string("is not a field of this \(crm) account")
            let forHere = required.filter { name in fields.first { $0.name == name }.map { ($0.custom ? customPath : targetPath) == path } ?? false }
            if !forHere.isEmpty {
                var names = node["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
                for name in forHere where !names.contains(name) { names.append(name) }
                node["required"] = .array(names.map(JSONValue.string))
            }
            JSONEdit.set(.object(node), at: path[...], in: &doc)
        }
        if let pipelines {
            // A stage must be one of its pipeline's (a record without a pipeline is created in the default one).
            var rule = JSONObject([("stage", .string(pipelines.spec.stageField)), ("pipelines", .array(pipelines.list.map(\.json)))])
            if let member = pipelines.spec.pipelineField { rule["pipeline"] = .string(member) }
            if action.operation == .create, let first = pipelines.list.first { rule["default"] = .string(pipelines.spec.defaultPipeline ?? first.id) }
            JSONEdit.set(.object(rule), at: (targetPath + ["x-pipelineStages"])[...], in: &doc)
        }
        guard let compiled = try? JSONSchema(compiling: doc) else { return action }
        var out = action
        out.requestSchema = compiled
        if let keys = write.customArray, let custom = write.customTarget, action.batch == nil {
            out.customFieldArray = CustomFieldArray(pointer: custom, keys: keys)
        }
        return out
    }

    /// The schema of one field as the action may write it.
    static func propertySchema(_ field: RemoteField, existing: JSONValue?, values: MetadataWriteSpec.ValueForm,
                               operation: ActionOperation, crm: String) -> JSONValue {
        var o = existing?.objectValue ?? JSONObject()
        if o["title"] == nil { o["title"] = .string(field.label) }
        if field.custom { o["x-custom"] = true }
        if !field.writable(by: operation) {
            o["readOnly"] = true
            o["x-refuse"] = .string(field.readOnly ? "is read-only in \(crm); it cannot be written" : "cannot be changed once the record exists in \(crm)")
        }
        let restricted = field.restrictedOptions && !field.options.isEmpty && field.kind != .multiEnumeration
        switch values {
        case .string:
            o["type"] = "string"
            if restricted {
                o["enum"] = .array(field.options.map { .string($0.valueText) })
            } else if o["pattern"] == nil, o["format"] == nil, o["enum"] == nil {
                switch field.kind {
                case .number: o["pattern"] = "^-?[0-9]+(\\.[0-9]+)?$"
                case .integer: o["pattern"] = "^-?[0-9]+$"
                case .date: o["pattern"] = "^([0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+)$"
                case .datetime: o["pattern"] = "^([0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]+(Z|[+-][0-9:]+)?)?|[0-9]+)$"
                case .boolean: o["enum"] = ["true", "false"]
                default: break
                }
            }
        case .native:
            if o["type"] == nil, o["$ref"] == nil {
                switch field.kind {
                case .number: o["type"] = "number"
                case .integer: o["type"] = "integer"
                case .boolean: o["type"] = "boolean"
                case .enumeration where restricted: break
                case .reference: break  // an id or a lookup object, as the CRM takes it
                default: o["type"] = "string"
                }
            }
            if o["format"] == nil, o["type"] == "string" {
                switch field.kind {
                case .date: o["format"] = "date"
                case .datetime: o["format"] = "date-time"
                case .email: o["format"] = "email"
                default: break
                }
            }
            if restricted { o["enum"] = .array(field.options.map(\.value)) }
        }
        if let length = field.length, length > 0, [.string, .text, .email, .phone, .url].contains(field.kind) {
            o["maxLength"] = .number(Double(length))
        }
        return .object(o)
    }

    /// The schema-document path of the place a body pointer names: `properties/<name>` for members,
    /// `items` for array indices. Nil when the schema does not declare it.
    static func schemaPath(in doc: JSONValue, body tokens: [String]) -> [String]? {
        var path: [String] = []
        var node = doc
        for token in tokens {
            if let next = node["properties"]?[token] {
                path += ["properties", token]
                node = next
            } else if Int(token) != nil, let items = node["items"] {
                path.append("items")
                node = items
            } else {
                return nil
            }
        }
        return node.objectValue == nil ? nil : path
    }

    /// Declares an object at a body pointer whose parent the schema declares (Pipedrive's
    /// `custom_fields`); its path, or nil when the parent is not declared.
    private static func createObject(in doc: inout JSONValue, body tokens: [String]) -> [String]? {
        guard let last = tokens.last, let parent = schemaPath(in: doc, body: Array(tokens.dropLast())) else { return nil }
        let path = parent + ["properties", last]
        JSONEdit.set(["type": "object", "description": "The account's custom fields.", "properties": .object(JSONObject())], at: path[...], in: &doc)
        return path
    }
}
