import Foundation

/// The direct way: connectors, resources and schemas from the manifests, credentials from the
/// local credential store, requests sent by Switchboard itself (the push engine with
/// `CredentialAccess`). Connecting runs `OAuthFlow` (`switchboard auth login`), which owns its
/// listener, PKCE and token exchange; this wrapper does not re-implement it.
public struct DirectPlatform: ConnectorPlatform {
    public let catalog: ConnectorCatalog
    public let credentialStore: CredentialStore?
    public let provider: CredentialProvider?
    public var kind: PlatformKind { .direct }

    public init(catalog: ConnectorCatalog, credentialStore: CredentialStore? = nil, provider: CredentialProvider? = nil) {
        self.catalog = catalog
        self.credentialStore = credentialStore
        self.provider = provider
    }

    private func manifest(_ id: String) throws(AlloyError) -> ConnectorManifest {
        guard let m = catalog.connector(id: id) else { throw .notFound("no connector \"\(id)\" in the catalog") }
        return m
    }

    public func connectors() async throws(AlloyError) -> [PlatformConnector] {
        catalog.connectors.map { PlatformConnector(id: $0.id, name: $0.name, categories: $0.categories, manifestID: $0.id) }
    }

    public func credentials(tenant: Tenant, connector: String) async throws(AlloyError) -> [PlatformCredential] {
        guard let credentialStore else { return [] }
        let found: Credential?
        do { found = try credentialStore.find(tenant: tenant, connectorID: connector) } catch { throw .store(error.description) }
        return found.map { [PlatformCredential(id: $0.id, name: "\(tenant.name)'s \(connector) (\($0.tokenHint))", type: "\(connector)-\($0.kind.rawValue)",
                                               createdAt: ISO8601DateFormatter().string(from: $0.createdAt),
                                               updatedAt: ISO8601DateFormatter().string(from: $0.updatedAt))] } ?? []
    }

    public func beginAuthorization(tenant: Tenant, connector: String, redirectURI: String) async throws(AlloyError) -> AuthorizationStart {
        throw .authorizationFailed("direct mode connects with OAuthFlow (`switchboard auth login \(connector) --tenant \(tenant.name)`)")
    }

    public func completeAuthorization(tenant: Tenant, connector: String, start: AuthorizationStart, callback: [(String, String)]) async throws(AlloyError) -> PlatformCredential {
        throw .authorizationFailed("direct mode connects with OAuthFlow (`switchboard auth login \(connector) --tenant \(tenant.name)`)")
    }

    public func resources(connector: String) async throws(AlloyError) -> [PlatformResource] {
        try manifest(connector).resources.map { r in
            PlatformResource(name: r.id, description: r.description, actions: r.actions.map { PlatformActionSummary(id: $0.id, name: $0.name, description: $0.description) })
        }
    }

    public func action(connector: String, action: String) async throws(AlloyError) -> PlatformAction {
        guard let a = try manifest(connector).action(id: action)?.action else { throw .notFound("\(connector) has no action \(action)") }
        return PlatformAction(id: a.id, name: a.name, description: a.description, method: a.method, path: a.path,
                              pathParameters: a.pathParameters, requestSchema: a.requestSchema?.document)
    }

    /// Sends the action's request with the tenant's token (refreshed once after a 401).
    public func execute(tenant: Tenant, connector: String, action actionID: String, requestBody: JSONValue, pathParams: [String: String] = [:]) async throws(AlloyError) -> PlatformExecution {
        let m = try manifest(connector)
        guard let a = m.action(id: actionID)?.action else { throw .notFound("\(connector) has no action \(actionID)") }
        guard let provider else { throw .noCredential(tenant: tenant.name, connector: connector) }
        let token: AccessToken
        do { token = try await provider.validAccessToken(tenant: tenant.name, connector: connector) } catch { throw .invalidCredential(message: error.description, details: nil) }
        let access = CredentialAccess.access(token)
        guard case .success(let template) = PathTemplate.parse(a.path), let path = template.expand(pathParams) else {
            throw .validation(message: "missing path parameters", field: a.pathParameters.first, reason: "required by \(a.path)")
        }
        let request = HTTPRequestValue(method: a.method, url: RequestPreviewBuilder.baseURL(m, access) + path,
                                       headers: RequestPreviewBuilder.headers(m, access, hasBody: true).map { HTTPHeaderField($0.name, $0.value) },
                                       body: Data(JSONWriter.compact(requestBody).utf8))
        let response: HTTPResponseValue
        do { response = try await AsyncHTTPTransport.shared.send(request) } catch { throw .transport(error.description) }
        switch ResponseClassifier(connector: m).classify(response, idPointer: a.responseIdPointer) {
        case .success(let id):
            return PlatformExecution(statusCode: response.status, responseData: (try? JSONParser.parse(response.body)) ?? .null, recordID: id)
        case .alreadyExists(let id): throw .api(status: response.status, code: "CONFLICT", message: "already exists as \(id)")
        case .invalidCredential(let message): throw .invalidCredential(message: message, details: nil)
        case .rateLimited(let after): throw .rateLimited(retryAfter: after)
        case .rejected(let code, let message):
            throw code == .validationError ? .validation(message: message, field: nil, reason: nil) : .api(status: response.status, code: code.rawValue, message: message)
        case .ambiguous(let message): throw .api(status: response.status, code: "PROVIDER_ERROR", message: message)
        }
    }

    /// What a push of `action` sends directly: the manifest, the mapping and the stored credential.
    public func pushTarget(tenant: String?, connector: String, action actionID: String, mapping: FieldMapping?) throws(AlloyError) -> PushTarget {
        let m = try manifest(connector)
        guard let a = m.action(id: actionID)?.action else { throw .notFound("\(connector) has no action \(actionID)") }
        let access: any PushAccessProvider = provider.map { CredentialAccess(provider: $0, tenant: tenant ?? "", connector: m.id) }
            ?? StaticAccess(.notConnected)
        return PushTarget(manifest: m, action: a, mapping: mapping ?? .defaults(m, actionId: a.id), access: access,
                          previewAccess: .notConnected, linkConnectorID: m.id)
    }
}
