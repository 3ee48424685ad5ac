/// What a push or preview needs from a platform for one action: the manifest that describes the
/// request as it is sent (for Alloy, the execute call), its action, the mapping that builds the
/// body, the access the push engine sends with, and the connector id its journal and record links use.
public struct PushTarget: Sendable {
    public var manifest: ConnectorManifest
    public var action: ActionSpec
    public var mapping: FieldMapping
    public var access: any PushAccessProvider
    /// The access shown in previews (the token masked either way).
    public var previewAccess: AccessGrant
    /// The id record links are kept under (`hubspot`, or `alloy:hubspot` through Alloy).
    public var linkConnectorID: String

    public init(manifest: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, access: any PushAccessProvider,
                previewAccess: AccessGrant, linkConnectorID: String) {
        self.manifest = manifest
        self.action = action
        self.mapping = mapping
        self.access = access
        self.previewAccess = previewAccess
        self.linkConnectorID = linkConnectorID
    }
}
