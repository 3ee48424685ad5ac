import Foundation
@testable import SwitchboardCore

/// A small valid manifest and helpers to break it in one place, for the bad-input specifications.
enum ManifestFixtures {
    static let minimalText = """
    {
      "id": "acme",
      "name": "Acme CRM",
      "iconText": "AC",
      "categories": ["crm"],
      "auth": {"kind": "apiKey", "header": "Authorization", "format": "Bearer {apiKey}"},
      "api": {"baseURL": "https://api.acme.example"},
      "rateLimits": {"requestsPerWindow": 10, "windowSeconds": 1},
      "resources": [
        {"id": "contacts", "name": "Contacts", "object": "contact", "actions": [
          {"id": "createContact", "name": "Create a contact", "method": "POST", "path": "/contacts", "object": "contact", "operation": "create",
           "requestSchema": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}},
           "responseIdPointer": "/id"},
          {"id": "updateContact", "name": "Update a contact", "method": "PATCH", "path": "/contacts/{contactId}", "pathParameters": ["contactId"],
           "object": "contact", "operation": "update"},
          {"id": "listContacts", "name": "List contacts", "method": "GET", "path": "/contacts", "object": "contact", "operation": "list"}
        ]}
      ],
      "syncObjects": [
        {"object": "contact", "action": "listContacts", "updatedSince": {"in": "query", "name": "since", "format": "iso8601"},
         "recordsPointer": "/data", "idField": "/id", "modifiedField": "/updated_at", "paging": {"style": "none"}}
      ],
      "defaultMappings": [{"action": "createContact", "target": "/email", "source": "contact_email"}],
      "errors": [{"status": 401, "code": "INVALID_CREDENTIAL"}, {"code": "PROVIDER_ERROR"}]
    }
    """

    static var minimal: JSONValue { try! JSONParser.parse(minimalText) }

    /// Validates `document` as a user file named `test.json`.
    static func validate(_ document: JSONValue) -> (manifest: ConnectorManifest?, problems: [String]) {
        validate(text: JSONWriter.pretty(document))
    }

    /// Validates `text` as a user file named `test.json`.
    static func validate(text: String) -> (manifest: ConnectorManifest?, problems: [String]) {
        let r = ManifestValidator.validate(data: Data(text.utf8), file: "test.json", source: .user(path: "test.json"))
        return (r.manifest, r.problems.map(\.description))
    }

    /// The minimal manifest with `value` put at `pointer` (nil removes it).
    static func minimal(setting pointer: String, to value: JSONValue?) -> JSONValue {
        set(value, at: JSONPointer(parsing: pointer).tokens[...], in: minimal)
    }

    static func set(_ value: JSONValue?, at tokens: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        guard let token = tokens.first else { return value ?? .null }
        let rest = tokens.dropFirst()
        switch node {
        case .array(var items):
            guard let i = Int(token) else { return node }
            if rest.isEmpty, value == nil { if items.indices.contains(i) { items.remove(at: i) }; return .array(items) }
            if i == items.count { items.append(.null) }
            guard items.indices.contains(i) else { return node }
            items[i] = set(value, at: rest, in: items[i])
            return .array(items)
        case .object(var o):
            if rest.isEmpty { o[token] = value; return .object(o) }
            o[token] = set(value, at: rest, in: o[token] ?? .object(JSONObject()))
            return .object(o)
        default:
            return node
        }
    }
}
