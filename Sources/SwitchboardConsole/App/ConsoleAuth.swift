import Foundation
import SwitchboardCore

/// The tenant and credential services the Tenants and Connect screens use, as closures so tests
/// inject a temporary store or a live sandbox.
public struct ConsoleAuth: Sendable {
    /// One row of the Tenants screen.
    public struct TenantRow: Sendable, Equatable {
        public var name: String
        public var externalID: String?
        /// "connector: state" for each credential.
        public var connections: [String]

        public init(name: String, externalID: String?, connections: [String]) {
            self.name = name
            self.externalID = externalID
            self.connections = connections
        }
    }

    /// Every tenant with its connections.
    public var tenants: @Sendable () throws -> [TenantRow]
    /// Creates a tenant (errors carry user-facing descriptions).
    public var createTenant: @Sendable (String) throws -> Void
    /// The state of a tenant's credential for a connector ("valid", "needs re-auth", …), if any.
    public var credentialState: @Sendable (_ tenant: String, _ connector: String) -> String?
    /// Starts an OAuth walk-through; its steps arrive through the session.
    public var startLogin: @Sendable (_ tenant: String, _ connector: ConnectorManifest) throws -> LoginSession
    /// Whether the account's schema changed under one of the tenant's saved mappings of the connector.
    public var schemaChanged: @Sendable (_ tenant: String, _ connector: String) -> Bool
    /// Tries and stores a token of one of the connector's token methods; a one-line result.
    public var connectWithToken: @Sendable (_ tenant: String, _ connector: String, _ method: String, _ token: String, _ inputs: [String: String]) async throws -> String
    /// Answers the sandbox's consent page for an authorization URL (approve or deny), as a browser
    /// would; nil where there is no sandbox to answer.
    public var answerConsent: (@Sendable (_ authorizationURL: String, _ approve: Bool) async throws -> String)?

    public init(tenants: @escaping @Sendable () throws -> [TenantRow], createTenant: @escaping @Sendable (String) throws -> Void,
                credentialState: @escaping @Sendable (String, String) -> String?,
                startLogin: @escaping @Sendable (String, ConnectorManifest) throws -> LoginSession,
                schemaChanged: @escaping @Sendable (String, String) -> Bool = { _, _ in false },
                connectWithToken: @escaping @Sendable (String, String, String, String, [String: String]) async throws -> String = { _, _, _, _, _ in
                    throw WorkspaceError("tokens cannot be stored here")
                },
                answerConsent: (@Sendable (String, Bool) async throws -> String)? = nil) {
        self.answerConsent = answerConsent
        self.schemaChanged = schemaChanged
        self.connectWithToken = connectWithToken
        self.tenants = tenants
        self.createTenant = createTenant
        self.credentialState = credentialState
        self.startLogin = startLogin
    }

    /// Services over a workspace: its tenants and credentials, and connecting through its
    /// platform (the OAuth walk-through, or the gateway's own) with `browser` and `timeout`.
    public static func live(workspace: Workspace, browser: BrowserOpener = .xdgOpen(), timeout: TimeInterval = 300) -> ConsoleAuth {
        ConsoleAuth(
            tenants: {
                let stores = try workspace.stores()
                let all = try stores.tenants.list()
                let creds = try workspace.credentials().list()
                let now = Date()
                return all.map { t in
                    TenantRow(name: t.name, externalID: t.externalID,
                              connections: creds.filter { $0.tenantID == t.id }.map { "\($0.connectorID): \($0.state(at: now))" })
                }
            },
            createTenant: { name in _ = try workspace.stores().tenants.create(name: name) },
            credentialState: { tenant, connector in workspace.credentialState(tenant: tenant, connector: connector) },
            startLogin: { tenant, connector in
                try workspace.connect(tenant: try workspace.tenant(tenant), connector: connector.id,
                                      options: ConnectOptions(timeout: timeout, paste: true, browser: browser))
            },
            schemaChanged: { tenant, connector in
                guard let t = try? workspace.tenant(tenant) else { return false }
                return !workspace.connectorDrift(tenant: t, connector: connector).isEmpty
            },
            connectWithToken: { tenant, connector, method, token, inputs in
                let t = try workspace.tenant(tenant)
                let connection = try await workspace.connectWithToken(tenant: t, connector: connector, method: method, token: token, inputs: inputs)
                let c = connection.credential
                var text = "Connected \(connector) for \(tenant) with \(method): credential \(c.id), \(c.tokenHint)"
                if let problem = connection.schemaProblem { text += "; the account's fields could not be read: \(problem)" } else if connection.objectsRead > 0 {
                    text += "; \(connection.objectsRead) objects' fields read"
                }
                return text
            },
            answerConsent: { url, approve in
                try await SandboxConsent.decide(authorizationURL: url, approve: approve, transport: workspace.configuration.transport)
            })
    }
}
