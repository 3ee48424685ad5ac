// TEMPORARY stand-in until the catalog lands; deleted then.
import Foundation

public enum ManifestSource: Sendable, Equatable { case builtIn; case user(path: String) }
public struct ManifestProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String; public var pointer: JSONPointer; public var message: String
    public var description: String { "\(file): \(pointer.displayString): \(message)" }
}
public struct ConnectorManifest: Sendable, Equatable {
    public var id: String; public var name: String; public var iconText: String; public var categories: [String]
    public var source: ManifestSource = .builtIn; public var overridesBuiltIn = false
}
public struct CatalogLoad: Sendable { public var catalog: ConnectorCatalog; public var problems: [ManifestProblem] }
public struct ConnectorCatalog: Sendable {
    public var connectors: [ConnectorManifest]
    public init(connectors: [ConnectorManifest]) { self.connectors = connectors.sorted { $0.name < $1.name } }
    public func connector(id: String) -> ConnectorManifest? { connectors.first { $0.id == id } }
    public func connectors(inCategory c: String) -> [ConnectorManifest] { connectors.filter { $0.categories.contains(c) } }
    public var categories: [String] { Array(Set(connectors.flatMap(\.categories))).sorted() }
    public static func defaultUserDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] { [] }
    public static func load(userDirectories: [URL] = [], includeBuiltIns: Bool = true) -> CatalogLoad {
        CatalogLoad(catalog: ConnectorCatalog(connectors: [
            ConnectorManifest(id: "hubspot", name: "HubSpot", iconText: "HS", categories: ["crm", "marketing"]),
            ConnectorManifest(id: "salesforce", name: "Salesforce", iconText: "SF", categories: ["crm", "sales-crm"]),
            ConnectorManifest(id: "copper", name: "Copper", iconText: "CU", categories: ["crm"]),
            ConnectorManifest(id: "pipedrive", name: "Pipedrive", iconText: "PD", categories: ["crm", "sales-crm"]),
            ConnectorManifest(id: "zoho-crm", name: "Zoho CRM", iconText: "ZO", categories: ["crm"]),
        ]), problems: [])
    }
}
