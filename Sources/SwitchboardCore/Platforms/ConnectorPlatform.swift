import Foundation

/// A connector as a platform lists it.
public struct PlatformConnector: Sendable, Equatable {
    /// The platform's id (Alloy: `hubspot`, `salesforceCRM`; direct: the manifest id).
    public var id: String
    public var name: String
    public var categories: [String]
    /// The built-in manifest behind it, when Switchboard has one (its mappings apply).
    public var manifestID: String?

    public init(id: String, name: String, categories: [String], manifestID: String?) {
        self.id = id
        self.name = name
        self.categories = categories
        self.manifestID = manifestID
    }

    /// Whether any category mentions CRM (`crm`, `sales-crm`), the filter the Alloy docs show.
    public var isCRM: Bool { categories.contains { $0.lowercased().contains("crm") } }
}

/// An end user's credential for a connector.
public struct PlatformCredential: Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: String
    public var createdAt: String?
    public var updatedAt: String?

    public init(id: String, name: String, type: String, createdAt: String? = nil, updatedAt: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One action in a resource listing.
public struct PlatformActionSummary: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String

    public init(id: String, name: String, description: String) {
        self.id = id
        self.name = name
        self.description = description
    }
}

/// A group of actions (`contacts`, `companies`).
public struct PlatformResource: Sendable, Equatable {
    public var name: String
    public var description: String
    public var actions: [PlatformActionSummary]

    public init(name: String, description: String, actions: [PlatformActionSummary]) {
        self.name = name
        self.description = description
        self.actions = actions
    }
}

/// An action in detail: the CRM request it makes and the schema of its body.
public struct PlatformAction: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    /// Upper-case HTTP method.
    public var method: String
    public var path: String
    public var pathParameters: [String]
    /// The request body schema document, if the action has a body.
    public var requestSchema: JSONValue?

    public init(id: String, name: String, description: String, method: String, path: String, pathParameters: [String], requestSchema: JSONValue?) {
        self.id = id
        self.name = name
        self.description = description
        self.method = method
        self.path = path
        self.pathParameters = pathParameters
        self.requestSchema = requestSchema
    }
}

/// What executing an action returned.
public struct PlatformExecution: Sendable, Equatable {
    /// The CRM's status code.
    public var statusCode: Int
    /// The CRM's answer.
    public var responseData: JSONValue
    /// The created or changed record's id (`responseData.id`), the record link.
    public var recordID: String?

    public init(statusCode: Int, responseData: JSONValue, recordID: String?) {
        self.statusCode = statusCode
        self.responseData = responseData
        self.recordID = recordID
    }
}

/// Where an authorization starts: the URL the user opens, and what to recognise the new credential by.
public struct AuthorizationStart: Sendable, Equatable {
    public var url: String
    /// The credentials that existed before (the new one is the one not among them).
    public var existing: [PlatformCredential]

    public init(url: String, existing: [PlatformCredential]) {
        self.url = url
        self.existing = existing
    }
}

/// What a push or preview needs from a platform for one action: the manifest that describes the
/// request as it is sent (for Alloy, the execute call), its action, the mapping that builds the
/// body, the access the push engine sends with, and the connector id its journal and record links use.
public struct PushTarget: Sendable {
    public var manifest: ConnectorManifest
    public var action: ActionSpec
    public var mapping: FieldMapping
    public var access: any PushAccessProvider
    /// The access shown in previews (the token masked either way).
    public var previewAccess: RequestPreviewBuilder.Access
    /// The id record links are kept under (`hubspot`, or `alloy:hubspot` through Alloy).
    public var linkConnectorID: String

    public init(manifest: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, access: any PushAccessProvider,
                previewAccess: RequestPreviewBuilder.Access, linkConnectorID: String) {
        self.manifest = manifest
        self.action = action
        self.mapping = mapping
        self.access = access
        self.previewAccess = previewAccess
        self.linkConnectorID = linkConnectorID
    }
}

/// One way of reaching CRMs: the connectors on offer, a tenant's credentials, connecting
/// (authorization), the resources and action schemas, and executing an action.
///
/// `DirectPlatform` reads the manifests and talks to the CRMs itself; `AlloyPlatform` speaks the
/// Alloy Connectivity API, which holds the credentials.
public protocol ConnectorPlatform: Sendable {
    /// Which platform this is.
    var kind: PlatformKind { get }
    /// Every connector on offer.
    func connectors() async throws(AlloyError) -> [PlatformConnector]
    /// The tenant's credentials for a connector, oldest first.
    func credentials(tenant: Tenant, connector: String) async throws(AlloyError) -> [PlatformCredential]
    /// Starts connecting the tenant: the URL to open; the provider redirects to `redirectURI`.
    func beginAuthorization(tenant: Tenant, connector: String, redirectURI: String) async throws(AlloyError) -> AuthorizationStart
    /// Finishes connecting from the redirect's query parameters; returns the new credential.
    func completeAuthorization(tenant: Tenant, connector: String, start: AuthorizationStart, callback: [(String, String)]) async throws(AlloyError) -> PlatformCredential
    /// The connector's resources and their actions.
    func resources(connector: String) async throws(AlloyError) -> [PlatformResource]
    /// One action in detail, with its request schema.
    func action(connector: String, action: String) async throws(AlloyError) -> PlatformAction
    /// Executes an action for the tenant with `requestBody`.
    func execute(tenant: Tenant, connector: String, action: String, requestBody: JSONValue, pathParams: [String: String]) async throws(AlloyError) -> PlatformExecution
}
