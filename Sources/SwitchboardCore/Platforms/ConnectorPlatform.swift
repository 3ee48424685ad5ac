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

/// One way of reaching CRMs: the connectors on offer, a tenant's credentials, connecting
/// (authorization), the resources and action schemas, executing an action — and, for the
/// application layer (`Workspace`), the catalog it shows, the push target of an action, whether
/// sync can run through it and how a tenant connects. Every front end goes through these, so no
/// caller branches on which platform it is: a new platform is one more type behind this protocol.
///
/// `DirectPlatform` reads the manifests and talks to the CRMs itself; `AlloyPlatform` speaks the
/// Alloy Connectivity API, which holds the credentials.
public protocol ConnectorPlatform: Sendable {
    /// Which platform this is (for the header and messages only).
    var kind: PlatformKind { get }
    /// Every connector on offer.
    func connectors() async throws(PlatformError) -> [PlatformConnector]
    /// The tenant's credentials for a connector, oldest first.
    func credentials(tenant: Tenant, connector: String) async throws(PlatformError) -> [PlatformCredential]
    /// Starts connecting the tenant: the URL to open; the provider redirects to `redirectURI`.
    func beginAuthorization(tenant: Tenant, connector: String, redirectURI: String) async throws(PlatformError) -> AuthorizationStart
    /// Finishes connecting from the redirect's query parameters; returns the new credential.
    func completeAuthorization(tenant: Tenant, connector: String, start: AuthorizationStart, callback: [(String, String)]) async throws(PlatformError) -> PlatformCredential
    /// The connector's resources and their actions.
    func resources(connector: String) async throws(PlatformError) -> [PlatformResource]
    /// One action in detail, with its request schema.
    func action(connector: String, action: String) async throws(PlatformError) -> PlatformAction
    /// Executes an action for the tenant with `requestBody`.
    func execute(tenant: Tenant, connector: String, action: String, requestBody: JSONValue, pathParams: [String: String]) async throws(PlatformError) -> PlatformExecution

    // MARK: The application layer's needs

    /// The catalog the front ends show: the manifests (`local`) as they are, or the platform's own
    /// connectors described as manifests. `tenant` is the selected one, if any.
    func catalog(local: ConnectorCatalog, tenant: Tenant?) async throws(PlatformError) -> ConnectorCatalog
    /// The catalog id for what a user typed (`hubspot` may stand for `alloy:hubspot`).
    func catalogID(forTyped typed: String) -> String
    /// The built-in manifest whose mappings apply to the catalog's `connector` (nil: none).
    func mappingManifestID(for connector: String) -> String?
    /// What a preview or push of `action` sends for `tenant` (nil: a preview with placeholders),
    /// with `mapping` (the tenant's or a file's, for the built-in manifest; nil: its defaults).
    /// With `requireCredential`, a tenant that cannot send yet is an error.
    func pushTarget(tenant: Tenant?, connector: String, action: String, local: ConnectorCatalog, mapping: FieldMapping?,
                    requireCredential: Bool) async throws(PlatformError) -> PushTarget
    /// The access the push engine sends with for the tenant (the token is read when a request needs it).
    func pushAccess(tenant: Tenant, connector: String) -> any PushAccessProvider
    /// The target to finish `run` with, its journalled mapping bound to the tenant's current credential.
    func resumeTarget(run: PushRun, tenant: Tenant, local: ConnectorCatalog, journalled: FieldMapping?) async throws(PlatformError) -> PushTarget
    /// Why sync and conflict resolution cannot run through this platform; nil when they can.
    var syncRefusal: String? { get }
    /// The state of the tenant's credential for a catalog connector ("valid", "expired", …); nil: none.
    func credentialState(tenant: Tenant, connector: String) -> String?
    /// The tenant's usable connection to `connector`, if it has one (the check-existing step
    /// before connecting); `keepsWithoutAsking` when the platform keeps it unless forced.
    func existingConnection(tenant: Tenant, connector: String) async throws(PlatformError) -> ExistingConnection?
    /// Starts connecting the tenant to `connector` in the background; the session reports each step.
    func connect(tenant: Tenant, connector: String, options: ConnectOptions) throws(PlatformError) -> LoginSession
}

/// A tenant's existing connection to a connector, as `auth login` and `:connect` report it.
public struct ExistingConnection: Sendable, Equatable {
    /// One line: which credential, its token hint, its expiry.
    public var summary: String
    /// Whether it is kept unless the user forces a new login (Alloy), rather than asked about (direct).
    public var keepsWithoutAsking: Bool

    public init(summary: String, keepsWithoutAsking: Bool) {
        self.summary = summary
        self.keepsWithoutAsking = keepsWithoutAsking
    }
}

/// How to run a connection: the loopback port, how long to wait, paste mode, the data centre,
/// whether to open a browser.
public struct ConnectOptions: Sendable {
    public var port: Int?
    public var timeout: TimeInterval
    public var paste: Bool
    public var region: String?
    public var browser: BrowserOpener

    public init(port: Int? = nil, timeout: TimeInterval = 300, paste: Bool = false, region: String? = nil, browser: BrowserOpener = .disabled) {
        self.port = port
        self.timeout = timeout
        self.paste = paste
        self.region = region
        self.browser = browser
    }
}
