import Foundation

/// The fields of one CRM object as one tenant's account has them, and when they were read.
public struct TenantObjectSchema: Sendable, Equatable {
    public var connectorID: String
    public var object: UniversalObject
    public var fields: [RemoteField]
    public var readAt: Date
    /// The CRM's `Last-Modified` of the metadata, sent back as `If-Modified-Since`.
    public var lastModified: String?
    /// The account's pipelines and their stages, where the CRM has pipelines for the object.
    public var pipelines: [TenantPipeline] = []
    /// The resource whose fields these are, when it is not the first of its object in the
    /// manifest (HubSpot's notes, calls, … beside its tasks are all activities); nil for the first.
    public var resourceID: String?

    /// The key the schema is stored under: the object (`activity`), or `activity/notes` for a
    /// further resource of the same object.
    public var storageKey: String { resourceID.map { "\(object.rawValue)/\($0)" } ?? object.rawValue }

    public init(connectorID: String, object: UniversalObject, fields: [RemoteField], readAt: Date, lastModified: String? = nil) {
        self.connectorID = connectorID
        self.object = object
        self.fields = fields
        self.readAt = readAt
        self.lastModified = lastModified
    }

    /// The field named `name` (exactly, then ignoring case as Salesforce does).
    public func field(_ name: String) -> RemoteField? {
        fields.first { $0.name == name } ?? fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The custom fields only.
    public var customFields: [RemoteField] { fields.filter(\.custom) }
}

extension Array where Element == TenantObjectSchema {
    /// The stored schema of `resource` of `manifest` among these (all of one tenant's connector).
    public func schema(of resource: ResourceSpec, in manifest: ConnectorManifest) -> TenantObjectSchema? {
        guard let object = resource.object else { return nil }
        let key = manifest.schemaResourceKey(resource)
        return first { $0.object == object && $0.resourceID == key }
    }
}
