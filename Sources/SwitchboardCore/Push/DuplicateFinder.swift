import Foundation

/// Finds CRM records that may already exist for records whose write was interrupted (no answer,
/// a 5xx, a crash), by their unique key — before anything is created again.
///
/// Works with search actions shaped like HubSpot's CRM search (`filterGroups` with an `IN` filter);
/// for other connectors it finds nothing and says so (`isAvailable`).
public struct DuplicateFinder: Sendable {
    public let connector: ConnectorManifest
    public let searchAction: ActionSpec?
    /// The CRM property holding the unique key (e.g. `email`), from the mapping.
    public let property: String?
    /// The universal field of the unique key (e.g. `contact_email`).
    public let field: String?

    public init(connector: ConnectorManifest, object: UniversalObject, mapping: FieldMapping) {
        self.connector = connector
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
    public var isAvailable: Bool { searchAction != nil && property != nil }

    /// The search request for up to 100 key values.
    func request(values: [String], access: AccessGrant) -> HTTPRequestValue? {
        guard let action = searchAction, let property else { return nil }
        let body: JSONValue = [
            "filterGroups": [["filters": [["propertyName": .string(property), "operator": "IN", "values": .array(values.map(JSONValue.string))]]]],
            "properties": [.string(property)],
            "limit": 100,
        ]
        return HTTPRequestValue(method: action.method, url: RequestBuilder.baseURL(connector, access) + action.path,
                                headers: RequestBuilder.headers(connector, access, hasBody: true).map { HTTPHeaderField($0.name, $0.value) },
                                body: Data(JSONWriter.compact(body).utf8))
    }

    /// Key value (lower-cased) → CRM id, from a search response.
    func matches(in response: HTTPResponseValue) -> [String: String] {
        guard response.isSuccess, let property, let body = try? JSONParser.parse(response.body), let results = body["results"]?.arrayValue else { return [:] }
        var found: [String: String] = [:]
        for r in results {
            guard let id = ResponseClassifier.string(at: JSONPointer(tokens: ["id"]), in: r),
                  let key = r["properties"]?[property]?.stringValue else { continue }
            found[key.lowercased()] = id
        }
        return found
    }
}
