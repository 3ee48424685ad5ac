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
