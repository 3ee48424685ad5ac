/// How to look a connector's records up by their key (a contact's email, a company's domain or
/// name, a deal's name) after a write was interrupted, so that a retry links the record that
/// exists instead of creating it again.
///
/// Keys: `object`, `action` (a search or list action), `field` (the universal key field, e.g.
/// `contact_email`), `resultsPointer` (the array of found records; `""` is the whole body),
/// `idPointer` and `keyPointer` (in each found record; an array there is read element by element,
/// objects through `keyMember`) required. Optional:
/// - `values`: where the key values go (a `ParameterLocation` plus `perRequest` and, for a query
///   parameter, `quote` (`soql` or `none`), `valueTemplate` (each value's text, with `{value}`),
///   `separator` (between them, default `, `) and `template` (the whole parameter, with
///   `{values}`)). Without it the values are not sent: the action lists the records changed since
///   the run started (`since` is then required) and the keys are compared here.
/// - `requestTemplate`: the JSON body the values are put into; `query`: query parameters added
///   to the action's (a larger page).
/// - `since` (`in`, `name`/`pointer`, `format`, optional `template`): where the run's start goes,
///   so that only records created since then are found.
/// - `created` (`pointer`, `format`): each found record's creation time; one created before the
///   run started is not the interrupted write and is left alone. Needed where the key is not
///   unique (a deal's name).
/// - `paging` (`next`: pointer to the next cursor in the answer; `request`: where it goes): the
///   pages followed, up to `DuplicateSearchSpec.maxPages`.
public struct DuplicateSearchSpec: Sendable, Equatable {
    /// The pages one search follows at most.
    public static let maxPages = 20

    public var object: UniversalObject
    public var actionId: String
    public var field: String
    /// Where the key values go; nil when they are not sent (a list of recent records).
    public var values: ParameterLocation?
    /// How many key values one request may carry (1 for APIs that search one term at a time).
    public var perRequest: Int
    /// For a query parameter: the text with `{values}` replaced by the quoted, comma-separated values.
    public var template: String?
    /// How each value is quoted inside `template`: `soql` (in '…' with \' escapes), `zoho`
    /// (`(`, `)` and `,` escaped with a backslash, as Zoho's search criteria want) or `none`.
    public var quote: String
    /// Each value's text, with `{value}` (Zoho: `(Email:equals:{value})`).
    public var valueTemplate: String?
    /// What goes between the values' texts (default `, `; Zoho: `or`).
    public var separator: String
    public var requestTemplate: JSONValue?
    /// Query parameters sent beside the action's own (they win over the action's).
    public var query: [(name: String, value: String)] = []
    public var resultsPointer: JSONPointer
    public var idPointer: JSONPointer
    public var keyPointer: JSONPointer
    public var keyMember: String?
    /// Where the run's start goes in the request.
    public var since: UpdatedSinceSpec?
    /// Where a found record's creation time is, and how it is written.
    public var created: (pointer: JSONPointer, format: TimestampFormat)?
    /// The next page's cursor in an answer, and where it goes in the next request.
    public var paging: (next: JSONPointer, request: ParameterLocation)?

    public static func == (a: DuplicateSearchSpec, b: DuplicateSearchSpec) -> Bool {
        a.object == b.object && a.actionId == b.actionId && a.field == b.field && a.values == b.values && a.perRequest == b.perRequest
            && a.template == b.template && a.quote == b.quote && a.valueTemplate == b.valueTemplate && a.separator == b.separator
            && a.requestTemplate == b.requestTemplate && a.resultsPointer == b.resultsPointer && a.idPointer == b.idPointer
            && a.keyPointer == b.keyPointer && a.keyMember == b.keyMember && a.since == b.since
            && a.created?.pointer == b.created?.pointer && a.created?.format == b.created?.format
            && a.paging?.next == b.paging?.next && a.paging?.request == b.paging?.request
            && a.query.map(\.name) == b.query.map(\.name) && a.query.map(\.value) == b.query.map(\.value)
    }

    static let keys = ManifestKeys(
        required: ["object", "action", "field", "resultsPointer", "idPointer", "keyPointer"],
        optional: ["values", "requestTemplate", "query", "keyMember", "since", "created", "paging"])
    static let valueKeys = ManifestKeys(required: ["in", "perRequest"], optional: ["name", "pointer", "template", "quote", "valueTemplate", "separator"])
    static let createdKeys = ManifestKeys(required: ["pointer", "format"], optional: [])
    static let pagingKeys = ManifestKeys(required: ["next", "request"], optional: [])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> DuplicateSearchSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let object = o.enumeration("object", UniversalObject.self, what: "object")
        let action = o.string("action")
        let field = o.string("field")
        let results = o.jsonPointer("resultsPointer")
        let id = o.jsonPointer("idPointer")
        let key = o.jsonPointer("keyPointer")
        let since = o.has("since") ? UpdatedSinceSpec.decode(o.value("since"), at: o.at("since"), r) : nil
        if let since, since.location == nil { r.report(o.at("since").appending("in"), "a search's since must be sent (query, header or body); bound the results with created instead") }
        var created: (JSONPointer, TimestampFormat)?
        if o.has("created"), let c = r.object(o.value("created"), at: o.at("created"), keys: createdKeys),
           let pointer = c.jsonPointer("pointer"), let format = c.enumeration("format", TimestampFormat.self, what: "timestamp format") {
            created = (pointer, format)
        }
        var paging: (JSONPointer, ParameterLocation)?
        if o.has("paging"), let g = r.object(o.value("paging"), at: o.at("paging"), keys: pagingKeys), let next = g.jsonPointer("next"),
           let request = r.object(g.value("request"), at: g.at("request"), keys: ManifestKeys(required: ["in"], optional: ["name", "pointer"]))
            .flatMap({ ParameterLocation.decode($0, r) }) {
            paging = (next, request)
        }
        var spec = DuplicateSearchSpec(object: object ?? .contact, actionId: action ?? "", field: field ?? "", values: nil, perRequest: Int.max,
                                       template: nil, quote: "none", valueTemplate: nil, separator: ", ", requestTemplate: o.value("requestTemplate"),
                                       resultsPointer: results ?? JSONPointer(tokens: []), idPointer: id ?? JSONPointer(tokens: []),
                                       keyPointer: key ?? JSONPointer(tokens: []), keyMember: o.string("keyMember"), since: since, created: created, paging: paging)
        spec.query = (o.stringMap("query") ?? []).map { (name: $0.0, value: $0.1) }
        if o.has("values") {
            guard let v = r.object(o.value("values"), at: o.at("values"), keys: valueKeys) else { return nil }
            let location = ParameterLocation.decode(v, r)
            let perRequest = v.int("perRequest", in: 1...200)
            let quote = v.string("quote") ?? "none"
            if !["soql", "zoho", "none"].contains(quote) { r.report(v.at("quote"), "unknown quoting \"\(quote)\"; expected \"soql\", \"zoho\" or \"none\"") }
            if let template = v.string("template"), !template.contains("{values}") { r.report(v.at("template"), "must contain {values}") }
            if let each = v.string("valueTemplate"), !each.contains("{value}") { r.report(v.at("valueTemplate"), "must contain {value}") }
            if case .header = location { r.report(v.at("in"), "key values go in the query or the body") }
            guard let location, let perRequest else { return nil }
            spec.values = location
            spec.perRequest = perRequest
            spec.template = v.string("template")
            spec.quote = quote
            spec.valueTemplate = v.string("valueTemplate")
            spec.separator = v.string("separator", allowEmpty: true) ?? ", "
        } else if !o.has("since") {
            r.report(o.at("values"), "missing: without key values in the request, \"since\" must say how to list the records created since the run started")
        }
        guard object != nil, action != nil, field != nil, results != nil, id != nil, key != nil else { return nil }
        return spec
    }
}
