/// How timestamps are written in requests and records.
public enum TimestampFormat: String, Sendable, Equatable, CaseIterable {
    /// `2025-10-23T18:52:29.567Z`
    case iso8601
    /// `2025-10-23`
    case isoDate
    /// Seconds since 1970 (Copper).
    case unixSeconds
    /// Milliseconds since 1970 (HubSpot search filters).
    case unixMillis
}

/// How to pull the records of one kind changed since a time: which list or search action to call,
/// where the "updated since" value goes, where records, ids and modification times are, how to page.
///
/// Keys: `object`, `action` (id of a list/search action in this connector), `updatedSince`,
/// `recordsPointer`, `idField`, `modifiedField`, `paging` required; `requestTemplate` (the body to
/// send, before the updated-since value and paging are filled in), `modifiedFormat` (default iso8601),
/// `associations` (see `AssociationReadSpec`). `idField` and `modifiedField` are JSON Pointers within one record.
public struct SyncObjectSpec: Sendable, Equatable {
    public var object: UniversalObject
    public var actionId: String
    public var requestTemplate: JSONValue?
    public var updatedSince: UpdatedSinceSpec
    public var recordsPointer: JSONPointer
    public var idField: JSONPointer
    public var modifiedField: JSONPointer
    public var modifiedFormat: TimestampFormat
    public var paging: PagingSpec
    /// Associations read beside each page, where the list does not return them (HubSpot).
    public var associations: [AssociationReadSpec] = []

    static let keys = ManifestKeys(
        required: ["object", "action", "updatedSince", "recordsPointer", "idField", "modifiedField", "paging"],
        optional: ["requestTemplate", "modifiedFormat", "associations"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> SyncObjectSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let object = o.enumeration("object", UniversalObject.self, what: "object")
        let action = o.string("action")
        let template = o.value("requestTemplate")
        if let template, template.objectValue == nil { r.report(o.at("requestTemplate"), "expected object, found \(template.typeName)") }
        let since = UpdatedSinceSpec.decode(o.value("updatedSince"), at: o.at("updatedSince"), r)
        let records = o.jsonPointer("recordsPointer")
        let idField = o.jsonPointer("idField")
        let modified = o.jsonPointer("modifiedField")
        let modifiedFormat = o.enumeration("modifiedFormat", TimestampFormat.self, what: "timestamp format") ?? .iso8601
        let paging = PagingSpec.decode(o.value("paging"), at: o.at("paging"), r)
        if let template, let since, case .body(let pointer)? = since.location, pointer.tokens.count > 1,
           template.value(at: JSONPointer(tokens: Array(pointer.tokens.dropLast()))) == nil {
            r.report(o.at("updatedSince").appending("pointer"), "\(pointer.displayString) has no parent in requestTemplate")
        }
        let associations = (r.array(o.value("associations"), at: o.at("associations")) ?? []).enumerated().compactMap { i, item in
            AssociationReadSpec.decode(item, at: o.at("associations").appending(i), r)
        }
        guard let object, let action, let since, let records, let idField, let modified, let paging else { return nil }
        return SyncObjectSpec(object: object, actionId: action, requestTemplate: template, updatedSince: since, recordsPointer: records,
                              idField: idField, modifiedField: modified, modifiedFormat: modifiedFormat, paging: paging, associations: associations)
    }
}

/// Where the "changed since" time goes and how it is written.
///
/// Keys: the `ParameterLocation` keys, `format` (see `TimestampFormat`) required; `template` (text
/// with a `{since}` placeholder, e.g. a SOQL query) optional. `"in": "none"` is for a list the CRM
/// cannot filter by change time (Pipedrive's leads): every page is read and the records changed
/// before the time are left out here, by their `modifiedField`.
public struct UpdatedSinceSpec: Sendable, Equatable {
    /// Where the time goes; nil when the CRM takes none and the records are filtered here.
    public var location: ParameterLocation?
    public var format: TimestampFormat
    public var template: String?

    /// The value to send for a formatted `since` time.
    public func value(formatted since: String) -> String {
        template?.replacingOccurrences(of: "{since}", with: since) ?? since
    }

    static let keys = ManifestKeys(required: ["in", "format"], optional: ["name", "pointer", "template"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> UpdatedSinceSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let filteredHere = o.string("in") == "none"
        if filteredHere, let extra = ["name", "pointer", "template"].first(where: { o.has($0) }) {
            r.report(o.at(extra), "not allowed with \"in\": \"none\" (nothing is sent)")
        }
        let location = filteredHere ? nil : ParameterLocation.decode(o, r)
        let format = o.enumeration("format", TimestampFormat.self, what: "timestamp format")
        let template = o.string("template")
        if let template, !template.contains("{since}") { r.report(o.at("template"), "must contain the placeholder {since}") }
        guard filteredHere || location != nil, let format else { return nil }
        return UpdatedSinceSpec(location: location, format: format, template: template)
    }
}

/// How a list or search is paged.
public enum PagingStyle: String, Sendable, Equatable, CaseIterable {
    /// An opaque cursor from the response is sent back in `request`.
    case cursor
    /// A page number, starting at 1, is sent in `request`.
    case page
    /// A record offset is sent in `request`.
    case offset
    /// The response holds the path or URL of the next page (Salesforce `nextRecordsUrl`).
    case nextURL
    /// Everything comes in one response.
    case none
}

/// Paging settings.
///
/// Keys: `style` required; `request` (a `ParameterLocation` object: where the cursor, page or
/// offset goes; needed by cursor, page, offset), `next` (pointer in the response to the next cursor
/// or URL; needed by cursor and nextURL), `hasMore` (pointer to a boolean), `pageSize`,
/// `pageSizeParameter` (a `ParameterLocation` object), `maxResults` (the most one query may page
/// through, HubSpot search's 10,000: past it the query starts again from the newest change seen).
public struct PagingSpec: Sendable, Equatable {
    public var style: PagingStyle
    public var request: ParameterLocation?
    public var next: JSONPointer?
    public var hasMore: JSONPointer?
    public var pageSize: Int?
    public var pageSizeParameter: ParameterLocation?
    public var maxResults: Int?

    static let keys = ManifestKeys(required: ["style"], optional: ["request", "next", "hasMore", "pageSize", "pageSizeParameter", "maxResults"])
    static let locationKeys = ManifestKeys(required: ["in"], optional: ["name", "pointer"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> PagingSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let style = o.enumeration("style", PagingStyle.self, what: "paging style")
        let request = r.object(o.value("request"), at: o.at("request"), keys: locationKeys).flatMap { ParameterLocation.decode($0, r) }
        let next = o.jsonPointer("next")
        let hasMore = o.jsonPointer("hasMore")
        let pageSize = o.int("pageSize", in: 1...100_000)
        let maxResults = o.int("maxResults", in: 1...100_000_000)
        let sizeParam = r.object(o.value("pageSizeParameter"), at: o.at("pageSizeParameter"), keys: locationKeys)
            .flatMap { ParameterLocation.decode($0, r) }
        if let style {
            if [.cursor, .page, .offset].contains(style), !o.has("request") {
                r.report(o.at("request"), "missing (paging style \"\(style.rawValue)\" sends a value)")
            }
            if [.cursor, .nextURL].contains(style), !o.has("next") {
                r.report(o.at("next"), "missing (paging style \"\(style.rawValue)\" reads the next page from the response)")
            }
        }
        guard let style else { return nil }
        return PagingSpec(style: style, request: request, next: next, hasMore: hasMore, pageSize: pageSize, pageSizeParameter: sizeParam, maxResults: maxResults)
    }
}
