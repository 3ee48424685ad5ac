import Foundation

extension AlloyPlatform {
    /// The Alloy connector for what a user typed (an Alloy id, or a built-in manifest id such as `salesforce`).
    public func connector(_ typed: String) async throws(PlatformError) -> PlatformConnector {
        let id = AlloyConnectorID.resolve(typed)
        let all = try await connectors()
        guard let found = all.first(where: { $0.id == id }) else {
            throw .notFound("Alloy has no connector \(typed); known: \(all.map(\.id).joined(separator: ", "))")
        }
        return found
    }

    /// What a push or preview of `action` sends through Alloy for `tenant` (nil: a preview with
    /// placeholders). `localMapping` is the built-in connector's mapping to use (the tenant's
    /// newest, a file's); nil takes the built-in defaults. With `requireCredential`, a tenant with
    /// no user or credential is an error; otherwise the preview shows placeholders.
    public func pushTarget(tenant: Tenant?, connector typed: String, action actionID: String, catalog: ConnectorCatalog,
                           localMapping: FieldMapping?, requireCredential: Bool) async throws(PlatformError) -> PushTarget {
        let connector = try await connector(typed)
        let local = connector.manifestID.flatMap { catalog.connector(id: $0) }
        let resources = try await resources(connector: connector.id)
        guard resources.contains(where: { $0.actions.contains { $0.id == actionID } }) else {
            let known = resources.flatMap { $0.actions.map(\.id) }
            throw .notFound("\(connector.id) has no action \"\(actionID)\" at Alloy; known: \(known.joined(separator: ", "))")
        }
        let detail = try await action(connector: connector.id, action: actionID)
        var userID: String?, credential: String?
        if let tenant {
            userID = try account.userID(tenant: tenant, baseURL: client.baseURL)
            if userID == nil, requireCredential { throw AlloyErrors.noUser(tenant: tenant.name) }
            if userID != nil {
                do throws(PlatformError) { credential = try await credentialID(tenant: tenant, connector: connector.id) } catch {
                    if requireCredential { throw error }
                    if case .noCredential = error {} else { throw error }
                }
            }
        }
        let gateway = AlloyGateway.manifest(connector: connector, local: local, baseURL: client.baseURL, userID: userID,
                                            resources: resources, actions: [detail], credentialID: credential)
        guard let spec = gateway.action(id: actionID)?.action else { throw .notFound("\(connector.id) has no action \(actionID)") }
        let base = localMapping ?? local.map { FieldMapping.defaults($0, actionId: actionID) }
            ?? FieldMapping(connectorId: gateway.id, actionId: actionID, rules: [])
        let mapping = AlloyGateway.mapping(base, gateway: gateway, actionID: actionID, credentialID: credential)
        return PushTarget(manifest: gateway, action: spec, mapping: mapping, access: AlloyPushAccess(apiKey: client.apiKey),
                          previewAccess: AccessGrant(accessToken: client.apiKey), linkConnectorID: gateway.id)
    }

    /// The catalog the console shows through Alloy: every CRM connector Alloy lists, with its
    /// resources and each action's schema as Alloy describes it (fetched concurrently).
    public func gatewayCatalog(local catalog: ConnectorCatalog, tenant: Tenant? = nil) async throws(PlatformError) -> ConnectorCatalog {
        var userID: String?
        if let tenant { userID = try account.userID(tenant: tenant, baseURL: client.baseURL) }
        var manifests: [ConnectorManifest] = []
        for connector in try await crmConnectors() {
            let resources = try await resources(connector: connector.id)
            let ids = resources.flatMap { $0.actions.map(\.id) }
            let details = try await actionDetails(connector: connector.id, ids: ids)
            let local = connector.manifestID.flatMap { catalog.connector(id: $0) }
            var credential: String?
            if let tenant { credential = try account.credentialID(tenant: tenant, connector: connector.id, baseURL: client.baseURL) }
            manifests.append(AlloyGateway.manifest(connector: connector, local: local, baseURL: client.baseURL, userID: userID,
                                                   resources: resources, actions: details, credentialID: credential))
        }
        return ConnectorCatalog(connectors: manifests)
    }

    private func actionDetails(connector: String, ids: [String]) async throws(PlatformError) -> [PlatformAction] {
        let results = await withTaskGroup(of: (Int, Result<PlatformAction, PlatformError>).self) { group in
            for (i, id) in ids.enumerated() {
                group.addTask {
                    do throws(PlatformError) { return (i, .success(try await self.action(connector: connector, action: id))) } catch { return (i, .failure(error)) }
                }
            }
            var out: [(Int, Result<PlatformAction, PlatformError>)] = []
            for await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }
        }
        var actions: [PlatformAction] = []
        for (_, r) in results {
            switch r {
            case .success(let a): actions.append(a)
            case .failure(let e): throw e
            }
        }
        return actions
    }
}
