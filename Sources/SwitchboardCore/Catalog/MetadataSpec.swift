/// How to read the tenant's own fields of one resource's object from the CRM's metadata API, and
/// where those fields go in the resource's write bodies.
///
/// Keys: `path` (relative to the API base URL), `fieldsPointer` (where the list of field
/// descriptions is in the answer), `field` (see `MetadataFieldSpec`), `write` (see
/// `MetadataWriteSpec`) required; `query` (fixed query parameters), `paging` (a `PagingSpec`),
/// `types` (the CRM's type names → `RemoteField.Kind`: string, text, number, integer, boolean, date,
/// datetime, enumeration, multi_enumeration, email, phone, url, reference, id; a type not listed is
/// a string, or an enumeration when it has options), `requiredFrom` (`{"path", "pointer"}`: a second
/// request whose answer lists required field names, HubSpot's object schema), `conditional`
/// (`"ifModifiedSince"`: the `Last-Modified` answer is sent back and a 304 keeps the stored copy),
/// `filter` (`{"pointer", "contains"}`: keep only descriptions whose array at `pointer` holds the
/// value, Copper's `available_on`).
public struct MetadataSpec: Sendable, Equatable {
    public var path: String
    public var query: [NameValue]
    public var fieldsPointer: JSONPointer
    public var paging: PagingSpec?
    public var field: MetadataFieldSpec
    public var types: [String: RemoteField.Kind]
    public var requiredFrom: (path: String, pointer: JSONPointer)?
    public var ifModifiedSince: Bool
    public var filter: (pointer: JSONPointer, contains: String)?
    public var write: MetadataWriteSpec

    public static func == (a: MetadataSpec, b: MetadataSpec) -> Bool {
        a.path == b.path && a.query == b.query && a.fieldsPointer == b.fieldsPointer && a.paging == b.paging && a.field == b.field
            && a.types == b.types && a.requiredFrom?.path == b.requiredFrom?.path && a.requiredFrom?.pointer == b.requiredFrom?.pointer
            && a.ifModifiedSince == b.ifModifiedSince && a.filter?.pointer == b.filter?.pointer && a.filter?.contains == b.filter?.contains
            && a.write == b.write
    }

    static let keys = ManifestKeys(required: ["path", "fieldsPointer", "field", "write"],
                                   optional: ["query", "paging", "types", "requiredFrom", "conditional", "filter"])
    private static let pairKeys = ManifestKeys(required: ["path", "pointer"], optional: [])
    private static let filterKeys = ManifestKeys(required: ["pointer", "contains"], optional: [])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> MetadataSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let path = o.string("path")
        if let path, !path.hasPrefix("/") { r.report(o.at("path"), "must start with /") }
        let query = (o.stringMap("query") ?? []).map { NameValue($0.0, $0.1) }
        let fields = o.jsonPointer("fieldsPointer")
        let paging = o.has("paging") ? PagingSpec.decode(o.value("paging"), at: o.at("paging"), r) : nil
        let field = MetadataFieldSpec.decode(o.value("field"), at: o.at("field"), r)
        var types: [String: RemoteField.Kind] = [:]
        for (name, kindText) in o.stringMap("types") ?? [] {
            guard let kind = RemoteField.Kind(rawValue: kindText) else {
                r.report(o.at("types").appending(name), "unknown kind \"\(kindText)\"; use one of \(RemoteField.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            types[name] = kind
        }
        var requiredFrom: (String, JSONPointer)?
        if let ro = r.object(o.value("requiredFrom"), at: o.at("requiredFrom"), keys: pairKeys), let path = ro.string("path"), let pointer = ro.jsonPointer("pointer") {
            requiredFrom = (path, pointer)
        }
        var conditional = false
        if let c = o.string("conditional") {
            if c == "ifModifiedSince" { conditional = true } else { r.report(o.at("conditional"), "the only value is \"ifModifiedSince\"") }
        }
        var filter: (JSONPointer, String)?
        if let fo = r.object(o.value("filter"), at: o.at("filter"), keys: filterKeys), let pointer = fo.jsonPointer("pointer"), let contains = fo.string("contains") {
            filter = (pointer, contains)
        }
        let write = MetadataWriteSpec.decode(o.value("write"), at: o.at("write"), r)
        guard let path, let fields, let field, let write else { return nil }
        return MetadataSpec(path: path, query: query, fieldsPointer: fields, paging: paging, field: field, types: types,
                            requiredFrom: requiredFrom, ifModifiedSince: conditional, filter: filter, write: write)
    }
}

/// Where each property of a field is in one field description of the metadata answer.
///
/// Keys: `name`, `label`, `type` (JSON Pointers) required; `options` (pointer to the option list),
/// `optionValue`, `optionLabel` (pointers within one option; default `/value`, `/label`),
/// `optionActive` (pointer to a boolean; inactive options are left out), `length` (pointer), and
/// the flags `custom`, `required`, `readOnly`, `readOnlyOnUpdate`, `unique`, `restrictedOptions`:
/// each a condition `{"pointer": "/hubspotDefined", "equals": false}` or an array of conditions
/// that must all hold.
public struct MetadataFieldSpec: Sendable, Equatable {
    public var name: JSONPointer
    public var label: JSONPointer
    public var type: JSONPointer
    public var options: JSONPointer?
    public var optionValue: JSONPointer
    public var optionLabel: JSONPointer
    public var optionActive: JSONPointer?
    public var length: JSONPointer?
    public var custom: MetadataCondition?
    public var required: MetadataCondition?
    public var readOnly: MetadataCondition?
    public var readOnlyOnUpdate: MetadataCondition?
    public var unique: MetadataCondition?
    public var restrictedOptions: MetadataCondition?

    static let keys = ManifestKeys(required: ["name", "label", "type"],
                                   optional: ["options", "optionValue", "optionLabel", "optionActive", "length", "custom", "required",
                                              "readOnly", "readOnlyOnUpdate", "unique", "restrictedOptions"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> MetadataFieldSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let name = o.jsonPointer("name"), label = o.jsonPointer("label"), type = o.jsonPointer("type")
        func condition(_ key: String) -> MetadataCondition? { MetadataCondition.decode(o.value(key), at: o.at(key), r) }
        guard let name, let label, let type else { return nil }
        return MetadataFieldSpec(
            name: name, label: label, type: type, options: o.jsonPointer("options"),
            optionValue: o.jsonPointer("optionValue") ?? JSONPointer(parsing: "/value"),
            optionLabel: o.jsonPointer("optionLabel") ?? JSONPointer(parsing: "/label"),
            optionActive: o.jsonPointer("optionActive"), length: o.jsonPointer("length"),
            custom: condition("custom"), required: condition("required"), readOnly: condition("readOnly"),
            readOnlyOnUpdate: condition("readOnlyOnUpdate"), unique: condition("unique"), restrictedOptions: condition("restrictedOptions"))
    }
}

/// A yes/no read from a field description: every check must hold — `{"pointer", "equals"}` (the
/// value there is this one) or `{"pointer", "notEquals"}` (it is not, or is missing: HubSpot leaves
/// `hubspotDefined` out of custom properties).
public struct MetadataCondition: Sendable, Equatable {
    /// One check: the value at `pointer` equals `value`, or (when `negated`) does not.
    public struct Check: Sendable, Equatable {
        public var pointer: JSONPointer
        public var value: JSONValue
        public var negated: Bool
    }

    public var checks: [Check]

    public func holds(in item: JSONValue) -> Bool {
        checks.allSatisfy { (item.value(at: $0.pointer) == $0.value) != $0.negated }
    }

    private static let keys = ManifestKeys(required: ["pointer"], optional: ["equals", "notEquals"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> MetadataCondition? {
        guard let value else { return nil }
        let items: [(JSONValue, JSONPointer)] = value.arrayValue.map { list in list.enumerated().map { ($1, p.appending($0)) } } ?? [(value, p)]
        var checks: [Check] = []
        for (item, at) in items {
            guard let o = r.object(item, at: at, keys: keys), let pointer = o.jsonPointer("pointer") else { continue }
            switch (o.value("equals"), o.value("notEquals")) {
            case (let v?, nil): checks.append(Check(pointer: pointer, value: v, negated: false))
            case (nil, let v?): checks.append(Check(pointer: pointer, value: v, negated: true))
            default: r.report(at, "give one of equals or notEquals")
            }
        }
        return checks.isEmpty ? nil : MetadataCondition(checks: checks)
    }
}

/// Where the tenant's fields go in this resource's create and update bodies.
///
/// Keys: `target` (the JSON Pointer, in a single-record body, of the object whose members are
/// fields: `/properties` for HubSpot, `` for Salesforce, `/data/0` for Zoho) required;
/// `customTarget` (where custom fields go when elsewhere: Pipedrive's `/custom_fields`),
/// `values` (`"string"`: every value is text, as HubSpot's; `"native"` (default): numbers, booleans
/// and texts as the type says).
public struct MetadataWriteSpec: Sendable, Equatable {
    public enum ValueForm: String, Sendable, Equatable, CaseIterable { case string, native }
    public var target: JSONPointer
    public var customTarget: JSONPointer?
    public var values: ValueForm
    /// Custom fields sent as an array of `{idKey: field id, valueKey: value}` (Copper's
    /// `custom_fields`): mapped and checked as an object keyed by field id at `customTarget`, and
    /// turned into the array just before the request is made.
    public var customArray: CustomFieldArray.Keys?

    public init(target: JSONPointer, customTarget: JSONPointer? = nil, values: ValueForm = .native, customArray: CustomFieldArray.Keys? = nil) {
        self.target = target
        self.customTarget = customTarget
        self.values = values
        self.customArray = customArray
    }

    static let keys = ManifestKeys(required: ["target"], optional: ["customTarget", "values", "customArray"])
    private static let arrayKeys = ManifestKeys(required: ["idKey", "valueKey"], optional: [])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> MetadataWriteSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let target = o.jsonPointer("target")
        let custom = o.jsonPointer("customTarget")
        let form = o.enumeration("values", ValueForm.self, what: "value form") ?? .native
        var array: CustomFieldArray.Keys?
        if let ao = r.object(o.value("customArray"), at: o.at("customArray"), keys: arrayKeys), let id = ao.string("idKey"), let v = ao.string("valueKey") {
            array = CustomFieldArray.Keys(idKey: id, valueKey: v)
            if custom == nil { r.report(o.at("customTarget"), "missing (customArray needs the place of the array)") }
        }
        guard let target else { return nil }
        return MetadataWriteSpec(target: target, customTarget: custom, values: form, customArray: array)
    }
}

/// Where an action's custom field values go as an array of `{id, value}` objects rather than as
/// members (Copper): the object keyed by field id that mapping and validation see at `pointer` is
/// turned into that array in the request.
public struct CustomFieldArray: Sendable, Equatable {
    /// The member names of each array element.
    public struct Keys: Sendable, Equatable {
        public var idKey: String
        public var valueKey: String
        public init(idKey: String, valueKey: String) {
            self.idKey = idKey
            self.valueKey = valueKey
        }
    }

    public var pointer: JSONPointer
    public var keys: Keys

    public init(pointer: JSONPointer, keys: Keys) {
        self.pointer = pointer
        self.keys = keys
    }

    /// `body` with the object at `pointer` (field id → value) as the array the CRM takes; numeric ids as numbers.
    public func apply(to body: JSONValue) -> JSONValue {
        guard let object = body.value(at: pointer)?.objectValue else { return body }
        let items: [JSONValue] = object.keys.map { id in
            let idValue: JSONValue = Int(id).map { .number(Double($0)) } ?? .string(id)
            return .object(JSONObject([(keys.idKey, idValue), (keys.valueKey, object[id] ?? .null)]))
        }
        return JSONEdit.setting(.array(items), at: pointer.tokens[...], in: body)
    }
}
