import Foundation

/// Finds CRM records that may already exist for records whose write was interrupted (no answer,
/// a 5xx, a crash), by their unique key — before anything is created again.
///
/// A connector declares how in its manifest's `duplicateSearch` (Salesforce's SOQL `IN`, Copper's
/// search by `emails`, Pipedrive's and Zoho's search by one email); without one, a search action
/// shaped like HubSpot's CRM search (`filterGroups` with an `IN` filter) is used. Connectors with
/// neither find nothing and say so (`isAvailable`).
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
        case .deal: nil
        }
        field = keyField
        property = keyField.flatMap { f in mapping.rules.first { $0.pushes && $0.source.fieldNames == [f] }?.target.tokens.last }
    }

    /// Whether interrupted creates can be checked for this connector and object.
    public var isAvailable: Bool { searchAction != nil && (spec != nil || property != nil) }

    /// How many key values one search request carries.
    public var valuesPerRequest: Int { spec?.perRequest ?? 100 }

    /// The search request for up to `valuesPerRequest` key values.
    func request(values: [String], access: AccessGrant) -> HTTPRequestValue? {
        guard let action = searchAction else { return nil }
        let headers = { (hasBody: Bool) in RequestBuilder.headers(self.connector, access, hasBody: hasBody).map { HTTPHeaderField($0.name, $0.value) } }
        var url = RequestBuilder.baseURL(connector, access) + action.path
        var query = action.query.map { ($0.name, $0.value) }
        if let spec {
            var body = spec.requestTemplate
            switch spec.values {
            case .query(let name):
                let each = values.map { v in (spec.valueTemplate ?? "{value}").replacingOccurrences(of: "{value}", with: quoted(v, spec.quote)) }
                query.append((name, (spec.template ?? "{values}").replacingOccurrences(of: "{values}", with: each.joined(separator: spec.separator))))
            case .body(let pointer):
                body = JSONEdit.setting(.array(values.map(JSONValue.string)), at: pointer.tokens[...], in: body ?? .object(JSONObject()))
            case .header:
                return nil
            }
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

    /// Key value (lower-cased) → CRM id, from a search response (an empty 204 finds nothing).
    func matches(in response: HTTPResponseValue) -> [String: String] {
        guard response.isSuccess, !response.body.isEmpty, let body = try? JSONParser.parse(response.body) else { return [:] }
        var found: [String: String] = [:]
        if let spec {
            for r in body.value(at: spec.resultsPointer)?.arrayValue ?? [] {
                guard let id = ResponseClassifier.string(at: spec.idPointer, in: r), let key = r.value(at: spec.keyPointer) else { continue }
                for k in keys(in: key, member: spec.keyMember) { found[k.lowercased()] = id }
            }
            return found
        }
        guard let property, let results = body["results"]?.arrayValue else { return [:] }
        for r in results {
            guard let id = ResponseClassifier.string(at: JSONPointer(tokens: ["id"]), in: r),
                  let key = r["properties"]?[property]?.stringValue else { continue }
            found[key.lowercased()] = id
        }
        return found
    }

    /// The key values in a found record's key: a string, or an array of strings or of objects (read through `member`).
    private func keys(in value: JSONValue, member: String?) -> [String] {
        if let s = value.stringValue { return [s] }
        return (value.arrayValue ?? []).compactMap { $0.stringValue ?? $0[member ?? "value"]?.stringValue }
    }

    private func quoted(_ value: String, _ style: String) -> String {
        style == "soql" ? "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" : value
    }
}
