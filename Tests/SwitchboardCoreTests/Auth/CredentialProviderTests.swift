import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import SwitchboardCore

/// Refresh: before expiry and after a 401, single-flight per credential, rotation, invalid_grant.
@Suite("Credential provider")
struct CredentialProviderTests {
    final class Clock: Sendable {
        private let box = NIOLockedValueBox(Date(timeIntervalSince1970: 1_900_000_000))
        var now: Date { box.withLockedValue { $0 } }
        func advance(_ seconds: TimeInterval) { box.withLockedValue { $0 += seconds } }
    }

    struct Fixture {
        let home: TestHome
        let provider: CredentialProvider
        let endpoint: FakeTokenEndpoint
        let clock: Clock
        let credential: Credential
    }

    func fixture(expiresIn: TimeInterval = 3600, refreshToken: String? = "refresh-original-0001",
                 endpoint: FakeTokenEndpoint = .issuing()) throws -> Fixture {
        let home = try TestHome()
        let clock = Clock()
        let acme = try home.tenants.create(name: "acme")
        let store = home.credentials(now: { clock.now })
        let credential = try store.save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: "access-original-0001", refreshToken: refreshToken),
                                              scopes: ["contacts.read"], expiresAt: clock.now.addingTimeInterval(expiresIn),
                                              metadata: ["instance_url": "https://acme.example.test/"]),
                                        tenant: acme, connectorID: "hubspot")
        let catalog = ConnectorCatalog(connectors: [testConnector(testSpec())])
        let provider = CredentialProvider(catalog: catalog, tenants: home.tenants, credentials: store,
                                          appCredentials: { _ throws(AuthError) in testApp }, transport: endpoint.transport,
                                          now: { clock.now })
        return Fixture(home: home, provider: provider, endpoint: endpoint, clock: clock, credential: credential)
    }

    @Test("a fresh token is returned as is, with the API host from instance_url")
    func fresh() async throws {
        let f = try fixture()
        defer { f.home.cleanup() }
        let token = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        #expect(token.value == "access-original-0001")
        #expect(token.headerValue == "Bearer access-original-0001")
        #expect(token.apiBaseURL == "https://acme.example.test")
        #expect(token.description == "\(f.credential.id) ••••0001")
        #expect(f.endpoint.recorded.isEmpty)
    }

    @Test("20 concurrent callers with an expired token cause exactly one refresh")
    func singleFlight() async throws {
        let f = try fixture(expiresIn: -10, endpoint: .issuing(delay: 200_000_000))
        defer { f.home.cleanup() }
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot").value }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values.count == 20)
        #expect(Set(values) == ["access-token-number-1"])
        #expect(f.endpoint.recorded.count == 1)
        #expect(await f.provider.refreshCount == 1)
        #expect(f.endpoint.fields(0)["grant_type"] == "refresh_token")
        #expect(f.endpoint.fields(0)["refresh_token"] == "refresh-original-0001")
    }

    @Test("a token expiring within the margin is refreshed before use; a rotated refresh token is stored")
    func refreshBeforeExpiry() async throws {
        let f = try fixture(expiresIn: 30)
        defer { f.home.cleanup() }
        _ = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        #expect(f.endpoint.recorded.count == 1)
        let stored = try #require(try f.home.credentials().find(id: f.credential.id))
        #expect(try f.home.credentials().secrets(of: stored).refreshToken == "refresh-token-number-1")
        #expect(stored.expiresAt == f.clock.now.addingTimeInterval(3600))
        // The next refresh uses the rotated token.
        f.clock.advance(4000)
        _ = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        #expect(f.endpoint.fields(1)["refresh_token"] == "refresh-token-number-1")
    }

    @Test("a refresh response without refresh_token keeps the old one")
    func keepsOldRefreshToken() async throws {
        let f = try fixture(expiresIn: -1, endpoint: .issuing(refreshToken: false))
        defer { f.home.cleanup() }
        _ = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        let stored = try #require(try f.home.credentials().find(id: f.credential.id))
        #expect(try f.home.credentials().secrets(of: stored).refreshToken == "refresh-original-0001")
        #expect(stored.hasRefreshToken)
    }

    @Test("invalid_grant marks the credential needs re-auth; later calls fail fast without a request")
    func invalidGrant() async throws {
        let endpoint = FakeTokenEndpoint { _, _ in json(400, #"{"error": "invalid_grant", "error_description": "refresh token revoked"}"#) }
        let f = try fixture(expiresIn: -1, endpoint: endpoint)
        defer { f.home.cleanup() }
        await #expect(throws: AuthError.needsReauth(tenant: "acme", connector: "hubspot")) {
            try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        }
        #expect(try f.home.credentials().find(id: f.credential.id)?.status == .needsReauth)
        await #expect(throws: AuthError.needsReauth(tenant: "acme", connector: "hubspot")) {
            try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        }
        #expect(f.endpoint.recorded.count == 1)
        #expect(AuthError.needsReauth(tenant: "acme", connector: "hubspot").code == "INVALID_CREDENTIAL")
    }

    @Test("after a 401, forceRefresh refreshes once; a caller holding the old token gets the new one without another refresh")
    func forceRefresh() async throws {
        let f = try fixture()
        defer { f.home.cleanup() }
        let old = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        let new = try await f.provider.forceRefresh(tenant: "acme", connector: "hubspot", rejected: old)
        #expect(new.value == "access-token-number-1")
        let again = try await f.provider.forceRefresh(tenant: "acme", connector: "hubspot", rejected: old)
        #expect(again.value == new.value)
        #expect(f.endpoint.recorded.count == 1)
    }

    @Test("unknown tenant, no credential and no refresh token are clear errors")
    func errors() async throws {
        let f = try fixture(expiresIn: -1, refreshToken: nil)
        defer { f.home.cleanup() }
        await #expect(throws: AuthError.self) { try await f.provider.validAccessToken(tenant: "nobody", connector: "hubspot") }
        await #expect(throws: AuthError.unknownConnector("nope")) { try await f.provider.validAccessToken(tenant: "acme", connector: "nope") }
        await #expect(throws: AuthError.needsReauth(tenant: "acme", connector: "hubspot")) {
            try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        }
        #expect(f.endpoint.recorded.isEmpty)
    }
}

extension CredentialProviderTests {
    @Test("invalid_grant because another process already rotated the refresh token: its newer token is used, no re-auth")
    func otherProcessRefreshed() async throws {
        let box = NIOLockedValueBox<CredentialStore?>(nil)
        let credentialID = NIOLockedValueBox("")
        // The "other process" refreshes (rotating the refresh token) just before our request lands.
        let endpoint = FakeTokenEndpoint { _, _ in
            if let store = box.withLockedValue({ $0 }), let c = try? store.find(id: credentialID.withLockedValue { $0 }) {
                _ = try? store.updateTokens(c, secrets: CredentialSecrets(accessToken: "access-from-other-process-5555", refreshToken: "refresh-rotated-elsewhere"),
                                            expiresAt: Date().addingTimeInterval(1e6), scopes: nil, metadata: [:])
            }
            return json(400, #"{"error": "invalid_grant", "error_description": "refresh token already used"}"#)
        }
        let f = try fixture(expiresIn: -1, endpoint: endpoint)
        defer { f.home.cleanup() }
        box.withLockedValue { $0 = f.home.credentials() }
        credentialID.withLockedValue { $0 = f.credential.id }
        let token = try await f.provider.validAccessToken(tenant: "acme", connector: "hubspot")
        #expect(token.value == "access-from-other-process-5555")
        #expect(try f.home.credentials().find(id: f.credential.id)?.status == .valid)
    }
}

/// Regions: the chosen data centre's OAuth URLs for login, refresh and the API host.
@Suite("Regions")
struct RegionTests {
    @Test("--region sandbox sends Salesforce logins and refreshes to test.salesforce.com and remembers it")
    func salesforceSandboxRegion() async throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let salesforce = builtInCatalog.connector(id: "salesforce")!
        let endpoint = FakeTokenEndpoint.issuing(expiresIn: -10)
        let tenant = try home.tenants.create(name: "acme")
        let flow = try OAuthFlow(connector: salesforce, tenant: tenant, app: testApp, credentials: home.credentials(), transport: endpoint.transport,
                                 options: .init(port: 0, timeout: 5, region: "sandbox"))
        let log = EventLog()
        let task = Task { await OAuthFlowTests.outcome(flow, log) }
        let url = try #require(await log.authorizationURL())
        #expect(url.hasPrefix("https://test.salesforce.com/services/oauth2/authorize?"))
        _ = try await Browser.get(queryValue(url, "redirect_uri")! + "?code=c&state=" + queryValue(url, "state")!)
        let credential = try await task.value.get()
        #expect(credential.metadata["region"] == "sandbox")
        #expect(endpoint.recorded[0].url == "https://test.salesforce.com/services/oauth2/token")

        let provider = CredentialProvider(catalog: builtInCatalog, tenants: home.tenants, credentials: home.credentials(),
                                          appCredentials: { _ throws(AuthError) in testApp }, transport: endpoint.transport)
        _ = try await provider.validAccessToken(tenant: "acme", connector: "salesforce")
        #expect(endpoint.recorded.count == 2)
        #expect(endpoint.recorded[1].url == "https://test.salesforce.com/services/oauth2/token")
    }

    @Test("an unknown region names the ones available")
    func unknownRegion() throws {
        let home = try TestHome()
        defer { home.cleanup() }
        let tenant = try home.tenants.create(name: "acme")
        #expect(throws: AuthError.unknownRegion("mars", connector: "zoho-crm", available: ["us", "eu", "in", "au", "jp", "ca", "cn", "sa"])) {
            try OAuthFlow(connector: builtInCatalog.connector(id: "zoho-crm")!, tenant: tenant, app: testApp, credentials: home.credentials(),
                          options: .init(region: "mars"))
        }
    }
}

extension RegionTests {
    /// Runs a Zoho login whose callback names `accountsServer`.
    func zohoLogin(accountsServer: String) async throws -> (Result<Credential, AuthError>, FakeTokenEndpoint, TestHome) {
        let home = try TestHome()
        let endpoint = FakeTokenEndpoint.issuing()
        let tenant = try home.tenants.create(name: "acme")
        let flow = try OAuthFlow(connector: builtInCatalog.connector(id: "zoho-crm")!, tenant: tenant, app: testApp,
                                 credentials: home.credentials(), transport: endpoint.transport, options: .init(port: 0, timeout: 5))
        let log = EventLog()
        let task = Task { await OAuthFlowTests.outcome(flow, log) }
        let url = try #require(await log.authorizationURL())
        let query = "code=c&state=\(queryValue(url, "state")!)&accounts-server=\(FormEncoding.escape(accountsServer))&location=eu"
        _ = try await Browser.get(queryValue(url, "redirect_uri")! + "?" + query)
        return (await task.value, endpoint, home)
    }

    @Test("Zoho's accounts-server picks the matching region for the exchange and is remembered")
    func zohoAccountsServer() async throws {
        let (result, endpoint, home) = try await zohoLogin(accountsServer: "https://accounts.zoho.eu")
        defer { home.cleanup() }
        let credential = try result.get()
        #expect(endpoint.recorded.map(\.url) == ["https://accounts.zoho.eu/oauth/v2/token"])
        #expect(credential.metadata["region"] == "eu")
    }

    @Test("an accounts-server that is none of the regions gets no code and no secret; nothing stored")
    func untrustedAccountsServer() async throws {
        let (result, endpoint, home) = try await zohoLogin(accountsServer: "https://accounts.evil.test")
        defer { home.cleanup() }
        #expect(throws: AuthError.untrustedAccountsServer("https://accounts.evil.test")) { try result.get() }
        #expect(endpoint.recorded.isEmpty)
        #expect(try home.credentials().list().isEmpty)
    }
}
