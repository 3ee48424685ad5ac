import Foundation

/// One field an update would change: the CRM's value now and the value the update sends.
public struct FieldChange: Sendable, Equatable {
    public var field: String
    public var target: JSONPointer
    public var current: JSONValue?
    public var new: JSONValue?
}

/// The diff shown before an update: reads the CRM's current record through the connector's get
/// action and compares it, field by field, with what the mapped update would write.
public struct UpdateDiff: Sendable {
    public let connector: ConnectorManifest
    public let object: UniversalObject
    public let mapping: FieldMapping

    public init(connector: ConnectorManifest, object: UniversalObject, mapping: FieldMapping) {
        self.connector = connector
        self.object = object
        self.mapping = mapping
    }

    /// Why the current record could not be read.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public init(message: String) { self.message = message }
        public var description: String { message }
    }

    /// The connector's action that reads one record of the object, if it has one.
    public var getAction: ActionSpec? { connector.actions(for: object, .get).first }

    /// The CRM's record `remoteID` as its API returns it.
    public func fetch(remoteID: String, transport: any HTTPTransport, access: AccessGrant) async throws(Failure) -> JSONValue {
        guard let action = getAction, case .success(let template) = PathTemplate.parse(action.path),
              let path = template.expand(Dictionary(uniqueKeysWithValues: action.pathParameters.prefix(1).map { ($0, remoteID) })) else {
            throw Failure(message: "\(connector.name) has no action that reads one \(object.rawValue) (operation get)")
        }
        var url = RequestBuilder.baseURL(connector, access) + path
        if !action.query.isEmpty {
            url += "?" + action.query.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.value)" }.joined(separator: "&")
        }
        let headers = RequestBuilder.headers(connector, access, hasBody: false).map { HTTPHeaderField($0.name, $0.value) }
        let response: HTTPResponseValue
        do { response = try await transport.send(HTTPRequestValue(method: action.method, url: url, headers: headers)) } catch {
            throw Failure(message: "reading \(connector.name) \(object.rawValue) \(remoteID): \(error.description)")
        }
        guard response.isSuccess, let body = try? JSONParser.parse(response.body) else {
            let kind = ResponseClassifier(connector: connector).classify(response, idPointer: nil)
            throw Failure(message: "reading \(connector.name) \(object.rawValue) \(remoteID) answered \(response.status) (\(kind))")
        }
        return body
    }

    /// The fields whose value the update would change (fields the record does not set are left out:
    /// an update sends only what it maps).
    public func changes(record: UniversalRecord, current: JSONValue) -> [FieldChange] {
        let mapped = Mapper.map(record, with: mapping).body
        var out: [FieldChange] = []
        for rule in mapping.rules where rule.pushes {
            guard let new = mapped.value(at: rule.target) else { continue }
            let now = current.value(at: rule.target)
            if !ThreeWayMerge.same(new, now) {
                out.append(FieldChange(field: rule.source.fieldNames.joined(separator: " + "), target: rule.target, current: now, new: new))
            }
        }
        return out
    }
}
