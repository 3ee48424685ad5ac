import Foundation

/// Hands out valid access tokens, refreshing them before expiry and after a 401: at most one
/// refresh per credential at a time, however many callers need it (they all await the same one).
///
/// The push engine calls `validAccessToken(tenant:connector:)` before each request and
/// `forceRefresh(tenant:connector:rejected:)` when the provider answers 401.
public actor CredentialProvider {
    private let catalog: ConnectorCatalog
    private let tenants: TenantStore
    private let credentials: CredentialStore
    private let appCredentials: @Sendable (String) throws(AuthError) -> AppCredentials
    private let transport: any HTTPTransport
    private let now: @Sendable () -> Date
    private let refreshMargin: TimeInterval
    private var inflight: [String: Task<Result<AccessToken, AuthError>, Never>] = [:]
    /// How many refreshes were sent to providers (for tests and `auth status`).
    public private(set) var refreshCount = 0

    /// A provider over the stores; `appCredentials` resolves a connector id's OAuth app
    /// (default: environment and apps.json); tokens expiring within `refreshMargin` s are refreshed.
    public init(catalog: ConnectorCatalog, tenants: TenantStore, credentials: CredentialStore,
                appCredentials: @escaping @Sendable (String) throws(AuthError) -> AppCredentials = { id throws(AuthError) in try AppCredentials.resolve(connectorID: id) },
                transport: any HTTPTransport = AsyncHTTPTransport.shared, refreshMargin: TimeInterval = 60,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.catalog = catalog
        self.tenants = tenants
        self.credentials = credentials
        self.appCredentials = appCredentials
        self.transport = transport
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// A token that is valid now (refreshed first when it expires within the margin).
    public func validAccessToken(tenant: String, connector: String) async throws(AuthError) -> AccessToken {
        let (tenantValue, manifest, credential) = try lookup(tenant: tenant, connector: connector)
        if credential.kind == .oauth2, credential.isExpired(at: now(), margin: refreshMargin) {
            return try await refreshOnce(credential, tenant: tenantValue, manifest: manifest)
        }
        return try token(for: credential, manifest: manifest)
    }

    /// Refreshes after the provider rejected `rejected` (HTTP 401). When another caller has already
    /// replaced that token, returns the newer one without refreshing again.
    public func forceRefresh(tenant: String, connector: String, rejected: AccessToken? = nil) async throws(AuthError) -> AccessToken {
        let (tenantValue, manifest, credential) = try lookup(tenant: tenant, connector: connector)
        if let rejected {
            let current = try token(for: credential, manifest: manifest)
            if current.value != rejected.value { return current }
        }
        guard credential.kind == .oauth2 else { throw .needsReauth(tenant: tenantValue.name, connector: connector) }
        return try await refreshOnce(credential, tenant: tenantValue, manifest: manifest)
    }

    /// The credential with its state, for status displays.
    public func credential(tenant: String, connector: String) throws(AuthError) -> Credential? {
        let tenantValue: Tenant
        do { tenantValue = try tenants.get(tenant) } catch { throw .store(error.description) }
        return try credentials.find(tenant: tenantValue, connectorID: connector)
    }

    // MARK: - Refresh

    private func refreshOnce(_ credential: Credential, tenant: Tenant, manifest: ConnectorManifest) async throws(AuthError) -> AccessToken {
        if let running = inflight[credential.id] { return try await running.value.get() }
        let task = Task { [self] in await self.performRefresh(credential, tenant: tenant, manifest: manifest) }
        inflight[credential.id] = task
        let result = await task.value
        inflight[credential.id] = nil
        return try result.get()
    }

    private func performRefresh(_ credential: Credential, tenant: Tenant, manifest: ConnectorManifest) async -> Result<AccessToken, AuthError> {
        do throws(AuthError) {
            guard let baseSpec = manifest.auth.oauth2 else { throw .notOAuth(connector: manifest.id) }
            // The refresh token and the client secret go only to the token endpoint's host the
            // credential was issued with: checked before anything is read or changed.
            _ = try bind(credential, apiBaseURL: try makeToken(for: credential, manifest: manifest).apiBaseURL, manifest: manifest)
            let spec = baseSpec.inRegion(manifest.region(of: credential))
            let secrets = try credentials.secrets(of: credential)
            guard let refreshToken = secrets.refreshToken else {
                try credentials.markNeedsReauth(credential)
                throw .needsReauth(tenant: tenant.name, connector: manifest.id)
            }
            let app = try appCredentials(manifest.id)
            refreshCount += 1
            let tokens: TokenResponse
            do {
                tokens = try await OAuthClient(spec: spec, app: app, transport: transport).refresh(refreshToken: refreshToken)
            } catch {
                if case .invalidGrant = error {
                    // Another process (the CLI, a second console) may have refreshed and rotated the
                    // refresh token meanwhile: then its newer tokens are valid, not a re-auth case.
                    if let current = try credentials.find(id: credential.id), current.status == .valid,
                       let newer = try credentials.secrets(of: current).refreshToken, newer != refreshToken {
                        return .success(try token(for: current, manifest: manifest))
                    }
                    try credentials.markNeedsReauth(credential)
                    throw .needsReauth(tenant: tenant.name, connector: manifest.id)
                }
                throw error
            }
            let stamp = now()
            let updated = try credentials.updateTokens(
                credential, secrets: CredentialSecrets(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken),
                expiresAt: tokens.expiresIn.map { stamp.addingTimeInterval(TimeInterval($0)) }, scopes: tokens.scopes,
                metadata: tokens.metadata)
            return .success(try token(for: updated, manifest: manifest))
        } catch {
            return .failure(error)
        }
    }

    /// Refreshes the credential now, whatever its expiry (`auth refresh`).
    public func refreshNow(tenant: String, connector: String) async throws(AuthError) -> Credential {
        let (tenantValue, manifest, credential) = try lookup(tenant: tenant, connector: connector)
        guard credential.kind == .oauth2 else { throw .notOAuth(connector: connector) }
        let token = try await refreshOnce(credential, tenant: tenantValue, manifest: manifest)
        return try credentials.find(id: token.credentialID) ?? credential
    }

    // MARK: - Lookup

    private func lookup(tenant: String, connector: String) throws(AuthError) -> (Tenant, ConnectorManifest, Credential) {
        guard let manifest = catalog.connector(id: connector) else { throw .unknownConnector(connector) }
        let tenantValue: Tenant
        do { tenantValue = try tenants.get(tenant) } catch { throw .store(error.description) }
        guard let credential = try credentials.find(tenant: tenantValue, connectorID: connector) else {
            throw .noCredential(tenant: tenantValue.name, connector: connector)
        }
        guard credential.status == .valid else { throw .needsReauth(tenant: tenantValue.name, connector: connector) }
        return (tenantValue, manifest, credential)
    }

    /// The credential's token for requests through `manifest`, refused when the manifest would send
    /// it to a host it was not issued for (the hosts are kept with the credential at its first use).
    private func token(for credential: Credential, manifest: ConnectorManifest) throws(AuthError) -> AccessToken {
        // One decryption: the token's API host is what is checked, and the recorded hosts join its metadata.
        var token = try makeToken(for: credential, manifest: manifest)
        token.metadata = try bind(credential, apiBaseURL: token.apiBaseURL, manifest: manifest).metadata
        return token
    }

    /// Metadata key of the hosts a credential may be sent to (its API host and token endpoint).
    static let issuedHostsKey = "issuedHosts"

    /// The token endpoint URLs a refresh of `credential` through `manifest` would use.
    static func tokenEndpoints(_ manifest: ConnectorManifest, _ credential: Credential) -> [String] {
        guard credential.kind == .oauth2, let spec = manifest.auth.oauth2?.inRegion(manifest.region(of: credential)) else { return [] }
        return [spec.refreshURL]
    }

    /// Checks that the hosts `manifest` would send the credential to (its API host, its token
    /// endpoint) are those it was issued for; a credential without recorded hosts (its first use)
    /// records them. Returns the credential as stored.
    private func bind(_ credential: Credential, apiBaseURL: String, manifest: ConnectorManifest) throws(AuthError) -> Credential {
        let urls = [apiBaseURL] + Self.tokenEndpoints(manifest, credential)
        let hosts = urls.compactMap { URLComponents(string: $0)?.host?.lowercased() }
        guard let recorded = credential.metadata[Self.issuedHostsKey] else {
            var unique: [String] = []
            for h in hosts where !unique.contains(h) { unique.append(h) }
            return try credentials.addMetadata(credential, [Self.issuedHostsKey: unique.joined(separator: ",")])
        }
        let issued = recorded.split(separator: ",").map(String.init)
        if let stranger = hosts.first(where: { !issued.contains($0) }) {
            throw .hostNotIssued(connector: manifest.id, host: stranger, issued: issued)
        }
        return credential
    }

    private func makeToken(for credential: Credential, manifest: ConnectorManifest) throws(AuthError) -> AccessToken {
        let secrets = try credentials.secrets(of: credential)
        if let id = credential.metadata[Credential.methodKey] {
            guard let method = manifest.authMethod(id) else {
                throw .unknownConnector("\(manifest.id) (its manifest no longer has the method \(id); log in again)")
            }
            let header = method.headers(token: secrets.accessToken, values: Credential.inputs(of: credential.metadata))[0]
            return AccessToken(credentialID: credential.id, value: secrets.accessToken, headerName: header.name, headerValue: header.value,
                               expiresAt: credential.expiresAt,
                               apiBaseURL: Self.trimSlash(method.baseURL(values: Credential.inputs(of: credential.metadata)) ?? manifest.api.baseURL),
                               metadata: credential.metadata)
        }
        let name: String, value: String
        var hostFields: [String] = []
        switch manifest.auth {
        case .oauth2(let spec):
            name = spec.accessTokenHeader
            value = spec.headerValue(forToken: secrets.accessToken)
            hostFields = spec.apiHostFields
        case .apiKey(let spec):
            name = spec.header
            value = spec.headerValue(forKey: secrets.accessToken)
        }
        let host = hostFields.lazy.compactMap { credential.metadata[$0] }.first { !$0.isEmpty }
        return AccessToken(credentialID: credential.id, value: secrets.accessToken, headerName: name, headerValue: value,
                           expiresAt: credential.expiresAt, apiBaseURL: Self.trimSlash(host ?? manifest.region(of: credential)?.baseURL ?? manifest.api.baseURL),
                           metadata: credential.metadata)
    }

    private static func trimSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
