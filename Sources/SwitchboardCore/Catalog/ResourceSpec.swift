/// A group of actions on one kind of record, e.g. HubSpot `contacts`.
///
/// Keys: `id`, `name`, `actions` required; `description`, `object` (`contact` | `company` | `deal`),
/// `metadata` (how to read the tenant's own fields of the object: see `MetadataSpec`).
public struct ResourceSpec: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var object: UniversalObject?
    public var actions: [ActionSpec]
    /// How the tenant's own fields of this object are read, when the CRM can tell.
    public var metadata: MetadataSpec?

    /// The action with `id` in this resource.
    public func action(id: String) -> ActionSpec? { actions.first { $0.id == id } }

    static let keys = ManifestKeys(required: ["id", "name", "actions"], optional: ["description", "object", "metadata"])
}
