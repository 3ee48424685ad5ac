import Foundation

/// The direct way: connectors, resources and schemas from the manifests, credentials from the
/// local credential store, requests sent by Switchboard itself (the push engine with
/// `CredentialAccess`). Connecting runs `OAuthFlow` (loopback listener, PKCE, state, token
/// exchange); API-key connectors are connected from the command line (`--api-key-stdin`).
public struct DirectPlatform: ConnectorPlatform {
    /// What the direct platform reaches in the workspace: the credential store and the token
    /// provider (opened when first needed), the OAuth apps and the HTTP client.
    public struct Services: Sendable {
        public var credentials: @Sendable () throws(PlatformError) -> CredentialStore
        public var provider: @Sendable () throws(PlatformError) -> CredentialProvider
        public var appCredentials: @Sendable (String) throws(AuthError) -> AppCredentials
        public var transport: any HTTPTransport

        public init(credentials: @escaping @Sendable () throws(PlatformError) -> CredentialStore,
                    provider: @escaping @Sendable () throws(PlatformError) -> CredentialProvider,
                    appCredentials: @escaping @Sendable (String) throws(AuthError) -> AppCredentials,
                    transport: any HTTPTransport = AsyncHTTPTransport.shared) {
            self.credentials = credentials
            self.provider = provider
            self.appCredentials = appCredentials
            self.transport = transport
        }
    }

    public let catalog: ConnectorCatalog
    public let services: Services
    public var kind: PlatformKind { .direct }

    public init(catalog: ConnectorCatalog, services: Services) {
        self.catalog = catalog
        self.services = services
    }

    private func manifest(_ id: String) throws(PlatformError) -> ConnectorManifest {
        guard let m = catalog.connector(id: id) else { throw .auth(.unknownConnector(id)) }
        return m
    }

    private func credentialStore() throws(PlatformError) -> CredentialStore { try services.credentials() }

    // MARK: - Connectors, credentials, schemas

    public func connectors() async throws(PlatformError) -> [PlatformConnector] {
        catalog.connectors.map { PlatformConnector(id: $0.id, name: $0.name, categories: $0.categories, manifestID: $0.id) }
    }

    public func credentials(tenant: Tenant, connector: String) async throws(PlatformError) -> [PlatformCredential] {
        let found: Credential?
        do { found = try credentialStore().find(tenant: tenant, connectorID: connector) } catch { throw .store(String(describing: error)) }
        return found.map { [PlatformCredential(id: $0.id, name: "\(tenant.name)'s \(connector) (\($0.tokenHint))", type: "\(connector)-\($0.kind.rawValue)",
                                               createdAt: ISO8601DateFormatter().string(from: $0.createdAt),
                                               updatedAt: ISO8601DateFormatter().string(from: $0.updatedAt))] } ?? []
    }

    public func beginAuthorization(tenant: Tenant, connector: String, redirectURI: String) async throws(PlatformError) -> AuthorizationStart {
        throw .unsupported("direct mode connects with OAuthFlow (`switchboard auth login \(connector) --tenant \(tenant.name)`)")
    }

    public func completeAuthorization(tenant: Tenant, connector: String, start: AuthorizationStart, callback: [(String, String)]) async throws(PlatformError) -> PlatformCredential {
        throw .unsupported("direct mode connects with OAuthFlow (`switchboard auth login \(connector) --tenant \(tenant.name)`)")
    }

    public func resources(connector: String) async throws(PlatformError) -> [PlatformResource] {
        try manifest(connector).resources.map { r in
            PlatformResource(name: r.id, description: r.description, actions: r.actions.map { PlatformActionSummary(id: $0.id, name: $0.name, description: $0.description) })
        }
    }

    public func action(connector: String, action: String) async throws(PlatformError) -> PlatformAction {
        guard let a = try manifest(connector).action(id: action)?.action else { throw .notFound("\(connector) has no action \(action)") }
        return PlatformAction(id: a.id, name: a.name, description: a.description, method: a.method, path: a.path,
                              pathParameters: a.pathParameters, requestSchema: a.requestSchema?.document)
    }

    /// Sends the action's request with the tenant's token (refreshed once after a 401).
    public func execute(tenant: Tenant, connector: String, action actionID: String, requestBody: JSONValue, pathParams: [String: String] = [:]) async throws(PlatformError) -> PlatformExecution {
        let m = try manifest(connector)
        guard let a = m.action(id: actionID)?.action else { throw .notFound("\(connector) has no action \(actionID)") }
        let token: AccessToken
        do { token = try await services.provider().validAccessToken(tenant: tenant.name, connector: connector) } catch {
            throw .invalidCredential(message: String(describing: error), details: nil, reconnect: Self.reconnect(connector, tenant: tenant.name))
        }
        let access = CredentialAccess.access(token)
        guard case .success(let template) = PathTemplate.parse(a.path), let path = template.expand(pathParams) else {
            throw .validation(message: "missing path parameters", field: a.pathParameters.first, reason: "required by \(a.path)")
        }
        let request = HTTPRequestValue(method: a.method, url: RequestBuilder.baseURL(m, access) + path,
                                       headers: RequestBuilder.headers(m, access, hasBody: true).map { HTTPHeaderField($0.name, $0.value) },
                                       body: Data(JSONWriter.compact(requestBody).utf8))
        let response: HTTPResponseValue
        do { response = try await services.transport.send(request) } catch { throw .transport(platform: m.name, message: error.description) }
        switch ResponseClassifier(connector: m).classify(response, idPointer: a.responseIdPointer) {
        case .success(let id):
            return PlatformExecution(statusCode: response.status, responseData: (try? JSONParser.parse(response.body)) ?? .null, recordID: id)
        case .alreadyExists(let id): throw .api(platform: m.name, status: response.status, code: "CONFLICT", message: "already exists as \(id)")
        case .invalidCredential(let message): throw .invalidCredential(message: message, details: nil, reconnect: Self.reconnect(connector, tenant: tenant.name))
        case .rateLimited(let after): throw .rateLimited(retryAfter: after)
        case .rejected(let code, let message):
            throw code == .validationError ? .validation(message: message, field: nil, reason: nil)
                : .api(platform: m.name, status: response.status, code: code.rawValue, message: message)
        case .ambiguous(let message): throw .api(platform: m.name, status: response.status, code: "PROVIDER_ERROR", message: message)
        }
    }

    static func reconnect(_ connector: String, tenant: String) -> String { "`switchboard auth login \(connector) --tenant \(tenant) --force`" }

    // MARK: - The application layer's needs

    public func catalog(local: ConnectorCatalog, tenant: Tenant?) async throws(PlatformError) -> ConnectorCatalog { local }

    public func catalogID(forTyped typed: String) -> String { typed }

    public func mappingManifestID(for connector: String) -> String? { connector }

    /// The manifest's action, the mapping, and the stored credential as access.
    public func pushTarget(tenant: Tenant?, connector: String, action actionID: String, local: ConnectorCatalog, mapping: FieldMapping?,
                           requireCredential: Bool) async throws(PlatformError) -> PushTarget {
        guard let m = local.connector(id: connector) else { throw .notInCatalog(AuthError.unknownConnector(connector).description) }
        guard let a = m.action(id: actionID)?.action else {
            throw .notInCatalog("\(m.id) has no action \"\(actionID)\"; known: \(m.allActions.map(\.id).joined(separator: ", "))")
        }
        let access: any PushAccessProvider = tenant.map { pushAccess(tenant: $0, connector: m.id) } ?? StaticAccess(.notConnected)
        return PushTarget(manifest: m, action: a, mapping: mapping ?? .defaults(m, actionId: a.id), access: access,
                          previewAccess: .notConnected, linkConnectorID: m.id)
    }

    /// The stored credential, read when the push starts, not now: a preview never needs it.
    public func pushAccess(tenant: Tenant, connector: String) -> any PushAccessProvider {
        let services = self.services
        return DeferredAccess { () throws(PushAccessError) -> any PushAccessProvider in
            do { return CredentialAccess(provider: try services.provider(), tenant: tenant.name, connector: connector) } catch { throw PushAccessError(String(describing: error)) }
        }
    }

    public func resumeTarget(run: PushRun, tenant: Tenant, local: ConnectorCatalog, journalled: FieldMapping?) async throws(PlatformError) -> PushTarget {
        guard let m = local.connector(id: run.connectorID) else { throw .notInCatalog(AuthError.unknownConnector(run.connectorID).description) }
        guard m.action(id: run.actionID)?.action != nil else { throw .notInCatalog("\(run.connectorID) no longer has action \(run.actionID)") }
        return try await pushTarget(tenant: tenant, connector: m.id, action: run.actionID, local: local, mapping: journalled, requireCredential: true)
    }

    public var syncRefusal: String? { PlatformFactory.syncRefusal(kind) }

    public func credentialState(tenant: Tenant, connector: String) -> String? {
        guard let c = try? credentialStore().find(tenant: tenant, connectorID: connector) else { return nil }
        return c.state(at: Date())
    }

    public func existingConnection(tenant: Tenant, connector: String) async throws(PlatformError) -> ExistingConnection? {
        let m = try manifest(connector)
        guard m.auth.kind == .oauth2 else { return nil }
        let found: Credential?
        do { found = try credentialStore().find(tenant: tenant, connectorID: m.id) } catch { throw PlatformError(error) }
        guard let existing = OAuthFlow.usable(found, at: Date()) else { return nil }
        return ExistingConnection(summary: "credential \(existing.id) (\(existing.tokenHint), expires \(Self.expiry(existing)))", keepsWithoutAsking: false)
    }

    /// Runs `OAuthFlow` for an OAuth connector; an API-key connector is refused with the command that stores its key.
    public func connect(tenant: Tenant, connector id: String, options: ConnectOptions) throws(PlatformError) -> LoginSession {
        guard let connector = catalog.connector(id: id) else { throw .auth(.unknownConnector(id)) }
        guard connector.auth.kind == .oauth2 else { throw .auth(.notOAuth(connector: id)) }
        do {
            let app = try services.appCredentials(connector.id)
            let flow = try OAuthFlow(connector: connector, tenant: tenant, app: app, credentials: credentialStore(), transport: services.transport,
                                     browser: options.browser,
                                     options: .init(port: options.port, timeout: options.timeout, paste: options.paste, region: options.region))
            return LoginSession.start(flow)
        } catch let error as AuthError {
            throw .auth(error)
        } catch {
            throw PlatformError(error)
        }
    }

    /// "2026-12-03T10:00:00Z (in 59 min)", or "no expiry".
    public static func expiry(_ c: Credential, now: Date = Date()) -> String {
        guard let expiresAt = c.expiresAt else { return "no expiry" }
        return "\(ISO8601DateFormatter().string(from: expiresAt)) (\(RelativeTime.describe(expiresAt, now: now)))"
    }
}
