/// How to look a connector's records up by their unique key (a contact's email) after a write was
/// interrupted, so that a retry links the record that exists instead of creating it again.
///
/// Keys: `object`, `action` (a search or list action), `field` (the universal key field, e.g.
/// `contact_email`), `values` (where the key values go: a `ParameterLocation` plus `perRequest`
/// and, for a query parameter, optional `quote` (`soql` or `none`), `valueTemplate` (each value's
/// text, with `{value}`), `separator` (between them, default `, `) and `template` (the whole
/// parameter, with `{values}`)), `resultsPointer` (the array of found records; `""` is the whole body), `idPointer`
/// and `keyPointer` (in each found record; an array there is read element by element, objects
/// through `keyMember`) required; `requestTemplate` (the JSON body the values are put into) optional.
public struct DuplicateSearchSpec: Sendable, Equatable {
    public var object: UniversalObject
    public var actionId: String
    public var field: String
    public var values: ParameterLocation
    /// How many key values one request may carry (1 for APIs that search one term at a time).
    public var perRequest: Int
    /// For a query parameter: the text with `{values}` replaced by the quoted, comma-separated values.
    public var template: String?
    /// How each value is quoted inside `template`: `soql` (in '…' with \' escapes) or `none`.
    public var quote: String
    /// Each value's text, with `{value}` (Zoho: `(Email:equals:{value})`).
    public var valueTemplate: String?
    /// What goes between the values' texts (default `, `; Zoho: `or`).
    public var separator: String
    public var requestTemplate: JSONValue?
    public var resultsPointer: JSONPointer
    public var idPointer: JSONPointer
    public var keyPointer: JSONPointer
    public var keyMember: String?

    static let keys = ManifestKeys(
        required: ["object", "action", "field", "values", "resultsPointer", "idPointer", "keyPointer"],
        optional: ["requestTemplate", "keyMember"])
    static let valueKeys = ManifestKeys(required: ["in", "perRequest"], optional: ["name", "pointer", "template", "quote", "valueTemplate", "separator"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> DuplicateSearchSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let object = o.enumeration("object", UniversalObject.self, what: "object")
        let action = o.string("action")
        let field = o.string("field")
        let results = o.jsonPointer("resultsPointer")
        let id = o.jsonPointer("idPointer")
        let key = o.jsonPointer("keyPointer")
        guard let v = r.object(o.value("values"), at: o.at("values"), keys: valueKeys) else { return nil }
        let location = ParameterLocation.decode(v, r)
        let perRequest = v.int("perRequest", in: 1...200)
        let quote = v.string("quote") ?? "none"
        if !["soql", "none"].contains(quote) { r.report(v.at("quote"), "unknown quoting \"\(quote)\"; expected \"soql\" or \"none\"") }
        if let template = v.string("template"), !template.contains("{values}") { r.report(v.at("template"), "must contain {values}") }
        if let each = v.string("valueTemplate"), !each.contains("{value}") { r.report(v.at("valueTemplate"), "must contain {value}") }
        if case .header = location { r.report(v.at("in"), "key values go in the query or the body") }
        guard let object, let action, let field, let results, let id, let key, let location, let perRequest else { return nil }
        return DuplicateSearchSpec(object: object, actionId: action, field: field, values: location, perRequest: perRequest,
                                   template: v.string("template"), quote: quote, valueTemplate: v.string("valueTemplate"),
                                   separator: v.string("separator", allowEmpty: true) ?? ", ", requestTemplate: o.value("requestTemplate"),
                                   resultsPointer: results, idPointer: id, keyPointer: key, keyMember: o.string("keyMember"))
    }
}
