import Foundation

/// Tenants' connections on the chosen platform: the state of a credential, the existing
/// connection check, and connecting (the OAuth walk-through, or the platform's own).
extension Workspace {
    /// The state of the tenant's credential for a catalog connector ("valid", "expired", …); nil: none.
    public func credentialState(tenant: String, connector: String) -> String? {
        guard let platform = try? platform(servingConnectorID: connector), let t = try? self.tenant(tenant) else { return nil }
        return platform.credentialState(tenant: t, connector: connector)
    }

    /// The tenant's usable connection to `connector`, if any (checked before connecting).
    public func existingConnection(tenant: Tenant, connector: String) async throws(WorkspaceError) -> ExistingConnection? {
        let platform = try platform(servingConnectorID: connector)
        do { return try await platform.existingConnection(tenant: tenant, connector: connector) } catch { throw WorkspaceError(error.description) }
    }

    /// Refuses the direct login's own options (an API key on stdin, a pasted URL, a fixed port, a
    /// data centre) on a platform that runs the authorization itself (a usage error).
    public func requireDirectLoginOptions(_ given: Bool) throws(WorkspaceError) {
        if given, let refusal = PlatformFactory.loginOptionsRefusal(configuration.platform) { throw .usage(refusal) }
    }

    /// Starts connecting `tenant` to `connector`; the session reports each step. Once connected
    /// to a CRM that describes its fields, the account's schema is read before the session
    /// finishes (a failed read does not fail the connection: the next push or `schema refresh`
    /// reads it).
    public func connect(tenant: Tenant, connector: String, options: ConnectOptions) throws(WorkspaceError) -> LoginSession {
        let platform = try platform(servingConnectorID: connector)
        let inner: LoginSession
        do { inner = try platform.connect(tenant: tenant, connector: connector, options: options) } catch {
            if case .unsupported(let message) = error { throw .usage(message) }
            throw WorkspaceError(error.description)
        }
        guard let manifest = catalog.connector(id: connector), !metadataResources(manifest).isEmpty else { return inner }
        let outer = LoginSession(paste: { inner.paste($0) }, cancel: { inner.cancel() })
        Task {
            while let event = await inner.next() {
                switch event {
                case .finished(.success(let credential)):
                    _ = try? await self.refreshSchema(tenant: tenant, connector: manifest.id)
                    outer.finish(.success(credential))
                case .finished(let result):
                    outer.finish(result)
                default:
                    outer.push(event)
                }
            }
        }
        return outer
    }
}

extension Workspace {
    /// What storing a token found: the credential, and the account's fields read with it (nil
    /// with the reason when they could not be read: a wrong token shows here first).
    public struct TokenConnection: Sendable {
        public var credential: Credential
        public var schemaProblem: String?
        public var objectsRead: Int
    }

    /// Connects `tenant` to a catalog connector with a static token: one of the connector's
    /// `authMethods` (`method`: a HubSpot private app, a Pipedrive API token, a Copper API key with
    /// its user email in `inputs`), or, with no method, the API key of an API-key connector. The
    /// token is stored encrypted, then the account's fields are read with it (which also tells
    /// whether the CRM takes it).
    public func connectWithToken(tenant: Tenant, connector: String, method: String?, token: String,
                                 inputs: [String: String]) async throws(WorkspaceError) -> TokenConnection {
        let manifest = try self.manifest(connector)
        let key = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw WorkspaceError(AuthError.emptyAPIKey.description) }
        guard !key.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } == true }) else {
            throw WorkspaceError("the token has control characters; paste it alone on one line")
        }
        var metadata: [String: String] = [:]
        if let method {
            guard let spec = manifest.authMethod(method) else {
                let known = manifest.authMethods.map(\.id)
                throw .usage("\(manifest.name) has no method \"\(method.terminalSafe)\"" + (known.isEmpty ? "; it connects with OAuth only" : "; its methods: \(known.joined(separator: ", "))"))
            }
            if let problem = spec.problem(with: inputs) { throw .usage(problem) }
            metadata = Credential.metadata(method: spec.id, inputs: inputs)
        } else {
            guard manifest.auth.kind == .apiKey else {
                let methods = manifest.authMethods.map(\.id)
                throw .usage(AuthError.notAPIKey(connector: connector).description + (methods.isEmpty ? "" : "; its token methods: --method \(methods.joined(separator: "|"))"))
            }
            guard inputs.isEmpty else { throw .usage("--input is for a token method (--method)") }
        }
        // Tried before it is stored: a token the CRM refuses replaces nothing.
        if let resource = metadataResources(manifest).first {
            let method = metadata[Credential.methodKey].flatMap(manifest.authMethod)
            let grant = AccessGrant(accessToken: key, apiHost: method?.baseURL(values: inputs), method: method?.id, values: inputs)
            if let reader = MetadataReader(connector: manifest, resource: resource, transport: configuration.transport, access: StaticAccess(grant),
                                           limiter: RateLimiter.forConnector(manifest), retry: configuration.retry) {
                do { _ = try await reader.read(lastModified: nil) } catch where error.code == "INVALID_CREDENTIAL" {
                    throw WorkspaceError("\(manifest.name) refused the token; nothing was stored (check the token and its account)")
                } catch {}
            }
        }
        let credential: Credential
        do {
            credential = try credentials().save(.init(kind: .apiKey, secrets: CredentialSecrets(accessToken: key), scopes: [], expiresAt: nil,
                                                      metadata: metadata), tenant: tenant, connectorID: manifest.id)
        } catch { throw WorkspaceError(error) }
        guard !metadataResources(manifest).isEmpty else { return TokenConnection(credential: credential, schemaProblem: nil, objectsRead: 0) }
        do {
            let report = try await refreshSchema(tenant: tenant, connector: manifest.id)
            return TokenConnection(credential: credential, schemaProblem: nil, objectsRead: report.objects.count)
        } catch {
            return TokenConnection(credential: credential, schemaProblem: error.message, objectsRead: 0)
        }
    }
}
