import Foundation

/// Finds CRM records that may already exist for records whose write was interrupted (no answer,
/// a 5xx, a crash), by their unique key — before anything is created again.
///
/// A connector declares how in its manifest's `duplicateSearch` (Salesforce's SOQL `IN`, Copper's
/// search by `emails`, Pipedrive's and Zoho's search by one email; for keys that are not unique,
/// such as a deal's name, only records created since the run started count); without one, a
/// search action shaped like HubSpot's CRM search (`filterGroups` with an `IN` filter) is used
/// for contacts (email) and companies (domain). Connectors with neither find nothing and say so
/// (`isAvailable`).
public struct DuplicateFinder: Sendable {
    public let connector: ConnectorManifest
    public let searchAction: ActionSpec?
    /// The manifest's declaration, when the connector has one for the object.
    public let spec: DuplicateSearchSpec?
    /// The CRM property holding the unique key (e.g. `email`), from the mapping (HubSpot-style search).
    public let property: String?
    /// The universal field of the unique key (e.g. `contact_email`).
    public let field: String?

    public init(connector: ConnectorManifest, object: UniversalObject, mapping: FieldMapping) {
        self.connector = connector
        if let declared = connector.duplicateSearch.first(where: { $0.object == object }), let action = connector.action(id: declared.actionId)?.action {
            spec = declared
            searchAction = action
            field = declared.field
            property = nil
            return
        }
        spec = nil
        let search = connector.actions(for: object, .search).first { action in
            action.requestSchema?.document["properties"]?["filterGroups"] != nil
        }
        searchAction = search
        let keyField: String? = switch object {
        case .contact: "contact_email"
        case .company: "company_domain"
        case .lead: "lead_email"
        case .deal, .activity, .ticket: nil
        }
        field = keyField
        property = keyField.flatMap { f in mapping.rules.first { $0.pushes && $0.source.fieldNames == [f] }?.target.tokens.last }
    }

    /// Whether interrupted creates can be checked for this connector and object.
    public var isAvailable: Bool { searchAction != nil && (spec != nil || property != nil) }

    /// How many key values one request carries (all of them where they are not sent).
    public var valuesPerRequest: Int { spec?.perRequest ?? 100 }

    /// How far before the run's start a found record's creation may lie and still be the run's
    /// own: the CRM's clock and ours differ.
    static let clockSkew: TimeInterval = 300

    /// The search request for up to `valuesPerRequest` key values, for records created since
    /// `since` (where the manifest says how), at the page `cursor` names.
    func request(values: [String], since: Date, cursor: String? = nil, access: AccessGrant) -> HTTPRequestValue? {
        guard let action = searchAction else { return nil }
        let headers = { (hasBody: Bool) in RequestBuilder.headers(self.connector, access, hasBody: hasBody).map { HTTPHeaderField($0.name, $0.value) } }
        var url = RequestBuilder.baseURL(connector, access) + action.path
        var query = action.query.map { ($0.name, $0.value) }
        if let spec {
            var body = spec.requestTemplate
            for (name, value) in spec.query { query.removeAll { $0.0 == name }; query.append((name, value)) }
            func place(_ value: JSONValue, _ location: ParameterLocation) {
                switch location {
                case .query(let name): query.removeAll { $0.0 == name }; query.append((name, RemotePuller.text(value) ?? ""))
                case .body(let pointer): body = JSONEdit.setting(value, at: pointer.tokens[...], in: body ?? .object(JSONObject()))
                case .header: break
                }
            }
            let bound = since.addingTimeInterval(-Self.clockSkew)
            let boundText = RemotePuller.format(bound, spec.since?.format ?? .iso8601)
            switch spec.values {
            case .query(let name)?:
                let each = values.map { v in (spec.valueTemplate ?? "{value}").replacingOccurrences(of: "{value}", with: quoted(v, spec.quote)) }
                query.append((name, (spec.template ?? "{values}").replacingOccurrences(of: "{values}", with: each.joined(separator: spec.separator))
                    .replacingOccurrences(of: "{since}", with: boundText)))
            case .body(let pointer)?:
                body = JSONEdit.setting(.array(values.map(JSONValue.string)), at: pointer.tokens[...], in: body ?? .object(JSONObject()))
            case .header?:
                return nil
            case nil:
                break
            }
            if let s = spec.since, let location = s.location, spec.template?.contains("{since}") != true {
                let text = s.value(formatted: boundText)
                // Unix times in a JSON body stay numbers (Copper's seconds).
                let numeric = (s.format == .unixSeconds || s.format == .unixMillis) && s.template == nil
                place(numeric ? Double(text).map(JSONValue.number) ?? .string(text) : .string(text), location)
            }
            if let cursor, let paging = spec.paging { place(.string(cursor), paging.request) }
            if !query.isEmpty { url += "?" + FormEncoding.encode(query) }
            return HTTPRequestValue(method: action.method, url: url, headers: headers(body != nil),
                                    body: body.map { Data(JSONWriter.compact($0).utf8) })
        }
        guard let property else { return nil }
        let body: JSONValue = [
            "filterGroups": [["filters": [["propertyName": .string(property), "operator": "IN", "values": .array(values.map(JSONValue.string))]]]],
            "properties": [.string(property)],
            "limit": 100,
        ]
        return HTTPRequestValue(method: action.method, url: url, headers: headers(true), body: Data(JSONWriter.compact(body).utf8))
    }

    /// Key value (lower-cased) → the CRM ids of the records a search response found with it
    /// (an empty 204 finds nothing), leaving out records created before `since` where the
    /// manifest says where their creation time is.
    func matches(in response: HTTPResponseValue, since: Date) -> [String: [String]] {
        guard response.isSuccess, !response.body.isEmpty, let body = try? JSONParser.parse(response.body) else { return [:] }
        var found: [String: [String]] = [:]
        if let spec {
            let bound = since.addingTimeInterval(-Self.clockSkew)
            for r in body.value(at: spec.resultsPointer)?.arrayValue ?? [] {
                guard let id = ResponseClassifier.string(at: spec.idPointer, in: r), let key = r.value(at: spec.keyPointer) else { continue }
                if let created = spec.created {
                    guard let at = r.value(at: created.pointer).flatMap({ RemotePuller.date($0, format: created.format) }), at >= bound else { continue }
                }
                for k in keys(in: key, member: spec.keyMember) { found[k.lowercased(), default: []].append(id) }
            }
            return found
        }
        guard let property, let results = body["results"]?.arrayValue else { return [:] }
        for r in results {
            guard let id = ResponseClassifier.string(at: JSONPointer(tokens: ["id"]), in: r),
                  let key = r["properties"]?[property]?.stringValue else { continue }
            found[key.lowercased(), default: []].append(id)
        }
        return found
    }

    /// The next page's cursor in a search response, where the manifest pages the search.
    func nextCursor(in response: HTTPResponseValue) -> String? {
        guard let paging = spec?.paging, let body = try? JSONParser.parse(response.body),
              let next = body.value(at: paging.next).flatMap(RemotePuller.text), !next.isEmpty else { return nil }
        return next
    }

    /// The key values in a found record's key: a string, or an array of strings or of objects (read through `member`).
    private func keys(in value: JSONValue, member: String?) -> [String] {
        if let s = value.stringValue { return [s] }
        return (value.arrayValue ?? []).compactMap { $0.stringValue ?? $0[member ?? "value"]?.stringValue }
    }

    private func quoted(_ value: String, _ style: String) -> String {
        switch style {
        case "soql": "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case "zoho": value.reduce(into: "") { out, c in if "(),\\".contains(c) { out.append("\\") }; out.append(c) }
        default: value
        }
    }
}
