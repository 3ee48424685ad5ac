import Foundation
import SwitchboardCore

/// The connectors the sandbox's Alloy API offers, built from Switchboard's built-in manifests (the
/// same ones the HubSpot- and Salesforce-compatible APIs implement), plus one non-CRM connector so
/// that filtering by category means something.
struct AlloyDirectory: Sendable {
    /// One connector as `GET /connectors` lists it, with the manifest behind it (nil for non-CRM ones).
    struct Entry: Sendable {
        var id: String
        var name: String
        var group: [String]
        var category: [String]
        var manifest: ConnectorManifest?
    }

    let entries: [Entry]

    /// The directory of the built-in catalog.
    static let standard: AlloyDirectory = {
        let catalog = ConnectorCatalog.load(userDirectories: [], includeBuiltIns: true).catalog
        var entries: [Entry] = []
        for (alloyID, manifestID) in AlloyConnectorID.manifestIDs.sorted(by: { $0.key < $1.key }) {
            guard let manifest = catalog.connector(id: manifestID) else { continue }
            let categories = alloyID == "salesforceCRM" ? ["sales-crm"] : ["crm"]
            entries.append(Entry(id: alloyID, name: alloyID == "salesforceCRM" ? "Salesforce CRM" : manifest.name,
                                 group: alloyID == "hubspot" ? ["input"] : ["output"], category: categories, manifest: manifest))
        }
        entries.append(Entry(id: "slack", name: "Slack", group: ["output"], category: ["communication"], manifest: nil))
        return AlloyDirectory(entries: entries)
    }()

    func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// `{"id", "name", "icon", "group", "category"}`.
    func json(_ e: Entry) -> JSONValue {
        ["id": .string(e.id), "name": .string(e.name), "icon": .string("https://cdn.runalloy.com/icons/\(e.id).png"),
         "group": .array(e.group.map(JSONValue.string)), "category": .array(e.category.map(JSONValue.string))]
    }

    /// `GET /connectors/{id}/resources`: resources with their actions' id, name and description.
    func resources(_ e: Entry) -> JSONValue {
        let list = (e.manifest?.resources ?? []).map { resource -> JSONValue in
            ["name": .string(resource.id), "description": .string(resource.description.isEmpty ? resource.name : resource.description),
             "actions": .array(resource.actions.map { ["id": .string($0.id), "name": .string($0.name), "description": .string($0.description)] })]
        }
        return ["resources": .array(list)]
    }

    /// `GET /connectors/{id}/actions/{actionId}`: the action's method, path, parameters and body schema.
    func action(_ a: ActionSpec) -> JSONValue {
        var o = JSONObject([("id", .string(a.id)), ("displayName", .string(a.name)), ("description", .string(a.description)),
                            ("httpMethod", .string(a.method.lowercased())), ("path", .string(a.path))])
        o["parameters"] = .array(a.pathParameters.map { ["name": .string($0), "in": "path", "required": true, "schema": ["type": "string"]] }
                                 + a.query.map { ["name": .string($0.name), "in": "query", "required": false, "schema": ["type": "string", "default": .string($0.value)]] })
        if let schema = a.requestSchema { o["requestBody"] = schema.document }
        return ["action": .object(o)]
    }
}
