/// One connector, as data: identity, auth, API, limits, resources and actions, sync, default
/// mappings and error rules. Built from one JSON manifest (see MANIFEST_FORMAT in the README).
///
/// Top-level keys: `id`, `name`, `iconText`, `categories`, `auth`, `api`, `rateLimits`, `resources`
/// required; `description`, `batch`, `syncObjects`, `defaultMappings`, `errors`, `duplicateSearch`, `pipelines`,
/// `authMethods` (see `TokenAuthSpec`) optional.
public struct ConnectorManifest: Sendable, Equatable {
    public var id: String
    public var name: String
    public var iconText: String
    public var description: String
    public var categories: [String]
    public var auth: AuthSpec
    public var api: APISpec
    public var rateLimits: RateLimitSpec
    public var batch: BatchSpec?
    public var resources: [ResourceSpec]
    public var syncObjects: [SyncObjectSpec]
    public var defaultMappings: [DefaultMappingSpec]
    public var errors: [ErrorMappingSpec]
    public var source: ManifestSource
    public var overridesBuiltIn: Bool
    /// The manifest as loaded (after a user override was merged in), for `--json` output.
    public var document: JSONValue
    /// Rules every mapping of this connector starts with, before its default mappings (a
    /// platform's own fields, such as the credential Alloy's execute call names). Not read from
    /// manifest files.
    public var leadingRules: [MappingRule] = []
    /// How interrupted creates are looked up by their unique key, per object (`duplicateSearch`).
    public var duplicateSearch: [DuplicateSearchSpec] = []
    /// The other ways to connect besides `auth`: static tokens an admin creates (`authMethods`).
    public var authMethods: [TokenAuthSpec] = []
    /// How the tenant's pipelines and stages are read, per object (`pipelines`).
    public var pipelines: [PipelineSpec] = []

    /// The first resource of `object` that describes its fields (`metadata`): the one whose schema
    /// is stored under the object's name.
    public func primaryResource(of object: UniversalObject) -> ResourceSpec? {
        resources.first { $0.object == object && $0.metadata != nil }
    }

    /// The id a resource's tenant schema is stored under beside its object: nil for the object's
    /// primary resource, the resource's id for the others (HubSpot's notes beside its tasks).
    public func schemaResourceKey(_ resource: ResourceSpec) -> String? {
        resource.object.flatMap { primaryResource(of: $0)?.id } == resource.id ? nil : resource.id
    }

    /// The pipeline settings of `object`, if the connector has pipelines for it.
    public func pipelineSpec(for object: UniversalObject) -> PipelineSpec? { pipelines.first { $0.object == object } }

    /// The token method with `id`, if the connector has one.
    public func authMethod(_ id: String) -> TokenAuthSpec? { authMethods.first { $0.id == id } }

    /// The action with `id` and the resource that holds it.
    public func action(id: String) -> (resource: ResourceSpec, action: ActionSpec)? {
        for resource in resources {
            if let action = resource.action(id: id) { return (resource, action) }
        }
        return nil
    }

    /// Every action of every resource, in manifest order.
    public var allActions: [ActionSpec] { resources.flatMap(\.actions) }

    /// The actions that do `operation` to `object`, e.g. every way to create a contact.
    public func actions(for object: UniversalObject, _ operation: ActionOperation) -> [ActionSpec] {
        allActions.filter { $0.object == object && $0.operation == operation }
    }

    /// The sync settings for `object`, if the connector can pull it.
    public func syncObject(for object: UniversalObject) -> SyncObjectSpec? { syncObjects.first { $0.object == object } }

    /// The default mappings for the action with `actionId`.
    public func defaultMappings(forAction actionId: String) -> [DefaultMappingSpec] {
        defaultMappings.filter { $0.actionId == actionId }
    }

    /// The first error rule matching a response, or nil when none does.
    public func errorRule(status: Int, body: JSONValue?) -> ErrorMappingSpec? {
        errors.first { $0.matches(status: status, body: body) }
    }

    static let keys = ManifestKeys(
        required: ["id", "name", "iconText", "categories", "auth", "api", "rateLimits", "resources"],
        optional: ["description", "batch", "syncObjects", "defaultMappings", "errors", "duplicateSearch", "authMethods", "pipelines"])
}
