import Foundation

/// What the application layer asks of a platform, answered through Alloy: the catalog is Alloy's
/// CRM connectors as gateway manifests (ids `alloy:<id>`), pushes run the execute call, the
/// tenant's connection is its Alloy user and kept credential, and connecting runs `AlloyConnect`.
extension AlloyPlatform {
    /// The refusal sync and conflict resolution get through Alloy.
    public static let syncRefusalMessage = "sync and conflict resolution reach the CRMs directly; they do not work through Alloy yet (use --platform direct)"

    /// The catalog through Alloy; with a tenant, its Alloy user is created first so the
    /// catalog's requests carry it.
    public func catalog(local: ConnectorCatalog, tenant: Tenant?) async throws(PlatformError) -> ConnectorCatalog {
        if let tenant { try await ensureUser(tenant) }
        return try await gatewayCatalog(local: local, tenant: tenant)
    }

    /// `hubspot`, `salesforce` or `salesforceCRM` become `alloy:hubspot`, `alloy:salesforceCRM`.
    public func catalogID(forTyped typed: String) -> String {
        AlloyGateway.alloyID(fromGateway: typed) == nil ? AlloyGateway.gatewayID(AlloyConnectorID.resolve(typed)) : typed
    }

    public func mappingManifestID(for connector: String) -> String? {
        AlloyConnectorID.manifestID(forAlloy: AlloyConnectorID.resolve(Self.alloyID(connector)))
    }

    /// The Alloy id behind a catalog id or a typed name.
    static func alloyID(_ connector: String) -> String { AlloyGateway.alloyID(fromGateway: connector) ?? connector }

    public func pushTarget(tenant: Tenant?, connector: String, action: String, local: ConnectorCatalog, mapping: FieldMapping?,
                           requireCredential: Bool) async throws(PlatformError) -> PushTarget {
        try await pushTarget(tenant: tenant, connector: Self.alloyID(connector), action: action, catalog: local, localMapping: mapping,
                             requireCredential: requireCredential)
    }

    /// The API key as the token: Alloy holds the tenant's CRM credential.
    public func pushAccess(tenant: Tenant, connector: String) -> any PushAccessProvider { AlloyPushAccess(apiKey: client.apiKey) }

    /// A run through Alloy resumes through Alloy, its journalled mapping bound to the tenant's current credential.
    public func resumeTarget(run: PushRun, tenant: Tenant, local: ConnectorCatalog, journalled: FieldMapping?) async throws(PlatformError) -> PushTarget {
        let alloyID = Self.alloyID(run.connectorID)
        var target = try await pushTarget(tenant: tenant, connector: alloyID, action: run.actionID, catalog: local, localMapping: nil, requireCredential: true)
        if let journalled {
            let credential = try await credentialID(tenant: tenant, connector: alloyID)
            target.mapping = AlloyGateway.rebind(journalled, credentialID: credential)
        }
        return target
    }

    public var syncRefusal: String? { PlatformFactory.syncRefusal(kind) }

    /// "valid" when the tenant has an Alloy credential kept for the connector.
    public func credentialState(tenant: Tenant, connector: String) -> String? {
        guard let alloyID = AlloyGateway.alloyID(fromGateway: connector),
              (try? account.credentialID(tenant: tenant, connector: alloyID, baseURL: client.baseURL)) != nil else { return nil }
        return "valid"
    }

    /// The newest credential Alloy lists for the tenant (kept as its credential), as the Alloy docs
    /// advise checking before connecting; the tenant's Alloy user is created when needed.
    public func existingConnection(tenant: Tenant, connector: String) async throws(PlatformError) -> ExistingConnection? {
        let alloyID = AlloyConnectorID.resolve(Self.alloyID(connector))
        let user = try await ensureUser(tenant)
        guard let newest = try await credentials(tenant: tenant, connector: alloyID).last else { return nil }
        try account.saveCredential(newest.id, name: newest.name, tenant: tenant, connector: alloyID, baseURL: client.baseURL)
        return ExistingConnection(summary: "\(alloyID) credential \(newest.id) (\(newest.name)) at Alloy (Alloy user \(user))", keepsWithoutAsking: true)
    }

    /// Runs `AlloyConnect` in the background: the tenant's Alloy user, Alloy's oauthUrl shown (and
    /// opened), the redirect's success awaited; the credential reported as a `Credential` whose
    /// token is held by Alloy.
    public func connect(tenant: Tenant, connector: String, options: ConnectOptions) throws(PlatformError) -> LoginSession {
        guard options.region == nil else {
            throw .unsupported("--region is for direct logins; through Alloy, Alloy runs the OAuth flow")
        }
        let alloyID = AlloyConnectorID.resolve(Self.alloyID(connector))
        let session = LoginSession()
        let platform = self
        let task = Task {
            do throws(PlatformError) {
                session.push(.step(.notice("Asking Alloy (\(platform.client.baseURL)) for an oauthUrl…")))
                let user = try await platform.ensureUser(tenant)
                session.push(.step(.notice("Tenant \(tenant.name) is Alloy user \(user)")))
                let credential = try await AlloyConnect.run(platform: platform, tenant: tenant, connector: alloyID, timeout: options.timeout,
                                                            port: options.port ?? 0) { url in
                    session.push(.step(.authorizationURL(url)))
                    if let why = options.browser.open(url) { session.push(.step(.browserNotOpened(reason: why))) } else { session.push(.step(.browserOpened)) }
                    session.push(.step(.waiting(deadline: Date().addingTimeInterval(options.timeout))))
                    session.startTicking()
                }
                session.push(.step(.callbackReceived(via: "Alloy's redirect")))
                let now = Date()
                session.finish(.success(Credential(id: credential.id, tenantID: tenant.id, connectorID: catalogID(forTyped: connector), kind: .oauth2, status: .valid,
                                                   scopes: [], expiresAt: nil,
                                                   metadata: ["name": credential.name, "type": credential.type, "connected": "\(alloyID) through Alloy"],
                                                   tokenHint: "held by Alloy", hasRefreshToken: false, createdAt: now, updatedAt: now)))
            } catch {
                session.finish(.failure(.store(error.description)))
            }
        }
        _ = task
        return session
    }
}
