import Foundation
import SwitchboardCore

extension ConsoleAuth {
    /// The console's tenant services through Alloy (`--platform alloy`): tenants as in `base`; a
    /// connector's state is whether the tenant has an Alloy credential kept for it; `:connect`
    /// runs `AlloyConnect` (the tenant's Alloy user created when needed, Alloy's oauthUrl shown,
    /// the redirect's success awaited) and reports through the same Connect screen.
    public static func alloy(base: ConsoleAuth, platform: AlloyPlatform, store: SwitchboardStore, timeout: TimeInterval = 300) -> ConsoleAuth {
        let tenants = TenantStore(store: store)
        return ConsoleAuth(
            tenants: base.tenants,
            createTenant: base.createTenant,
            credentialState: { tenant, connector in
                guard let alloyID = AlloyGateway.alloyID(fromGateway: connector), let t = try? tenants.find(tenant),
                      (try? platform.account.credentialID(tenant: t, connector: alloyID, baseURL: platform.client.baseURL)) != nil else { return nil }
                return "valid"
            },
            startLogin: { tenant, connector in
                let t = try tenants.get(tenant)
                guard let alloyID = AlloyGateway.alloyID(fromGateway: connector.id) else {
                    throw AlloyError.notFound("\(connector.id) is not an Alloy connector")
                }
                let session = LoginSession()
                let ticker = Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(nanoseconds: 1_000_000_000)
                        session.push(.tick(Date()))
                    }
                }
                Task {
                    defer { ticker.cancel() }
                    do throws(AlloyError) {
                        session.push(.step(.notice("Asking Alloy (\(platform.client.baseURL)) for an oauthUrl…")))
                        try await platform.ensureUser(t)
                        let credential = try await AlloyConnect.run(platform: platform, tenant: t, connector: alloyID, timeout: timeout) { url in
                            session.push(.step(.authorizationURL(url)))
                            session.push(.step(.waiting(deadline: Date().addingTimeInterval(timeout))))
                        }
                        session.push(.step(.callbackReceived(via: "Alloy's redirect")))
                        let now = Date()
                        session.finish(.success(Credential(id: credential.id, tenantID: t.id, connectorID: connector.id, kind: .oauth2, status: .valid,
                                                           scopes: [], expiresAt: nil, metadata: ["name": credential.name], tokenHint: "held by Alloy",
                                                           hasRefreshToken: false, createdAt: now, updatedAt: now)))
                    } catch {
                        session.finish(.failure(.store(error.description)))
                    }
                }
                return session
            })
    }
}
