import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import SwitchboardCore
import SwitchboardSandbox

/// End to end against the sandbox's strict OAuth provider, over real sockets, with a scripted
/// browser that follows the printed URL, approves on the consent page and follows the redirect.
@Suite("OAuth against the sandbox", .serialized)
struct SandboxOAuthTests {
    /// A running sandbox, a data folder and the catalog pointed at the sandbox.
    struct Rig {
        let sandbox: SandboxServer
        let home: TestHome
        let catalog: ConnectorCatalog
        let manifestsFolder: URL

        static func start(tokenTTL: TimeInterval = 1800) async throws -> Rig {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-manifests-\(UUID())")
            let launch = try await SandboxLaunch.start(SandboxConfiguration(tokenTTL: tokenTTL), manifestsFolder: folder)
            let load = ConnectorCatalog.load(userDirectories: [folder])
            return Rig(sandbox: launch.server, home: try TestHome(), catalog: load.catalog, manifestsFolder: folder)
        }

        func app(_ id: String) -> AppCredentials {
            let c = SandboxServer.clientCredentials(connectorID: id)!
            return AppCredentials(clientID: c.id, clientSecret: c.secret, source: "sandbox")
        }

        func provider(now: @escaping @Sendable () -> Date = { Date() }) -> CredentialProvider {
            CredentialProvider(catalog: catalog, tenants: home.tenants, credentials: home.credentials(),
                               appCredentials: { id throws(AuthError) in
                                   guard let c = SandboxServer.clientCredentials(connectorID: id) else { throw .unknownConnector(id) }
                                   return AppCredentials(clientID: c.id, clientSecret: c.secret, source: "sandbox")
                               }, now: now)
        }

        func stop() async {
            await sandbox.stop()
            home.cleanup()
            try? FileManager.default.removeItem(at: manifestsFolder)
        }

        /// Logs `tenant` in to `connector` with the scripted browser choosing `decision`.
        func login(_ connector: String = "hubspot", tenant: String = "acme", decision: String = "approve") async throws -> (Result<Credential, AuthError>, EventLog) {
            let tenantValue = try home.tenants.find(tenant) ?? home.tenants.create(name: tenant)
            let flow = try OAuthFlow(connector: catalog.connector(id: connector)!, tenant: tenantValue, app: app(connector),
                                     credentials: home.credentials(), options: .init(timeout: 20))
            let log = EventLog()
            let task = Task { await OAuthFlowTests.outcome(flow, log) }
            guard let url = await log.authorizationURL() else { return (await task.value, log) }
            try await ScriptedBrowser.authorize(url, decision: decision)
            let result = await task.value
            return (result, log)
        }
    }

    @Test("hubspot: listener, URL, consent, redirect, exchange; stored encrypted and valid")
    func hubspotLogin() async throws {
        let rig = try await Rig.start()
        do {
            let (result, log) = try await rig.login()
            let credential = try result.get()
            #expect(credential.status == .valid)
            #expect(credential.metadata["hub_id"] == "7000001")
            #expect(credential.scopes.contains("crm.objects.contacts.write"))
            #expect(credential.expiresAt.map { $0 > Date().addingTimeInterval(1700) } == true)
            #expect(log.events.contains { if case .listening = $0 { return true }; return false })
            let secrets = try rig.home.credentials().secrets(of: credential)
            #expect(try !rig.home.filesContain(secrets.accessToken))
            #expect(try !rig.home.filesContain(try #require(secrets.refreshToken)))
            // The token works against the sandbox's HubSpot API.
            let token = try await rig.provider().validAccessToken(tenant: "acme", connector: "hubspot")
            #expect(try await ScriptedBrowser.apiStatus(token.apiBaseURL + "/crm/v3/objects/contacts?limit=1", token: token) == 200)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("salesforce: instance_url becomes the API host")
    func salesforceInstanceURL() async throws {
        let rig = try await Rig.start()
        do {
            let credential = try await rig.login("salesforce").0.get()
            let token = try await rig.provider().validAccessToken(tenant: "acme", connector: "salesforce")
            #expect(credential.metadata["instance_url"] == rig.sandbox.baseURL.absoluteString + "/salesforce")
            #expect(token.apiBaseURL == rig.sandbox.baseURL.absoluteString + "/salesforce")
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("zoho-crm: the callback's accounts-server (the sandbox's) is accepted and api_domain is the API host")
    func zohoLogin() async throws {
        let rig = try await Rig.start()
        do {
            let credential = try await rig.login("zoho-crm").0.get()
            let token = try await rig.provider().validAccessToken(tenant: "acme", connector: "zoho-crm")
            #expect(credential.metadata["api_domain"] != nil)
            #expect(token.apiBaseURL == credential.metadata["api_domain"])
            #expect(token.headerValue.hasPrefix("Zoho-oauthtoken "))
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("deny on the consent page: access_denied, nothing stored")
    func denied() async throws {
        let rig = try await Rig.start()
        do {
            let (result, _) = try await rig.login(decision: "deny")
            #expect(throws: AuthError.providerDenied(error: "access_denied", description: "the user denied access")) { try result.get() }
            #expect(try rig.home.credentials().list().isEmpty)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("expiry: the sandbox answers 401 after the TTL; forceRefresh gets a working token; the refresh token rotates")
    func expiryRefreshRotation() async throws {
        let rig = try await Rig.start(tokenTTL: 1)
        do {
            let credential = try await rig.login().0.get()
            let before = try rig.home.credentials().secrets(of: credential)
            let provider = rig.provider()
            try await Task.sleep(nanoseconds: 1_500_000_000)
            let stale = AccessToken(credentialID: credential.id, value: before.accessToken, headerName: "Authorization",
                                    headerValue: "Bearer " + before.accessToken, expiresAt: nil,
                                    apiBaseURL: rig.sandbox.baseURL.absoluteString + "/hubspot", metadata: [:])
            #expect(try await ScriptedBrowser.apiStatus(stale.apiBaseURL + "/crm/v3/objects/contacts?limit=1", token: stale) == 401)
            let fresh = try await provider.forceRefresh(tenant: "acme", connector: "hubspot", rejected: stale)
            #expect(fresh.value != before.accessToken)
            #expect(try await ScriptedBrowser.apiStatus(fresh.apiBaseURL + "/crm/v3/objects/contacts?limit=1", token: fresh) == 200)
            let after = try rig.home.credentials().secrets(of: try #require(try rig.home.credentials().find(id: credential.id)))
            #expect(after.refreshToken != before.refreshToken, "HubSpot's sandbox client rotates refresh tokens")
            // The rotated-out refresh token is dead.
            let client = OAuthClient(spec: rig.catalog.connector(id: "hubspot")!.auth.oauth2!, app: rig.app("hubspot"))
            await #expect(throws: AuthError.self) { try await client.refresh(refreshToken: before.refreshToken!) }
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("20 concurrent requests on an expired token: exactly one refresh at the sandbox, all get the same working token")
    func concurrentRefresh() async throws {
        let rig = try await Rig.start()
        do {
            _ = try await rig.login().0.get()
            let provider = rig.provider(now: { Date().addingTimeInterval(3600) })  // the stored token looks expired
            let tokens = try await withThrowingTaskGroup(of: AccessToken.self) { group in
                for _ in 0..<20 { group.addTask { try await provider.validAccessToken(tenant: "acme", connector: "hubspot") } }
                return try await group.reduce(into: [AccessToken]()) { $0.append($1) }
            }
            #expect(Set(tokens.map(\.value)).count == 1)
            #expect(await provider.refreshCount == 1)
            #expect(try await ScriptedBrowser.apiStatus(tokens[0].apiBaseURL + "/crm/v3/objects/contacts?limit=1", token: tokens[0]) == 200)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("a replayed authorization code is refused by the provider (invalid_grant)")
    func replayedCode() async throws {
        let rig = try await Rig.start()
        do {
            let spec = rig.catalog.connector(id: "hubspot")!.auth.oauth2!
            let request = try AuthorizationRequest(spec: spec, clientID: rig.app("hubspot").clientID, redirectURI: "http://127.0.0.1:9/oauth/callback")
            let location = try await ScriptedBrowser.approve(request.url)
            let code = try request.validatePasted(location)
            let client = OAuthClient(spec: spec, app: rig.app("hubspot"))
            _ = try await client.exchange(code: code, request: request)
            await #expect(throws: AuthError.self) { try await client.exchange(code: code, request: request) }
            do { _ = try await client.exchange(code: code, request: request) } catch {
                guard case .invalidGrant = error else { Issue.record("expected invalid_grant, got \(error)"); return }
                #expect(!error.description.contains(code))
            }
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("logout revokes at the sandbox: the refresh token stops working")
    func revoke() async throws {
        let rig = try await Rig.start()
        do {
            let credential = try await rig.login().0.get()
            let secrets = try rig.home.credentials().secrets(of: credential)
            let client = OAuthClient(spec: rig.catalog.connector(id: "hubspot")!.auth.oauth2!, app: rig.app("hubspot"))
            #expect(try await client.revoke(token: secrets.refreshToken!, hint: "refresh_token"))
            await #expect(throws: AuthError.self) { try await client.refresh(refreshToken: secrets.refreshToken!) }
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }
}

/// The scripted browser for the sandbox's consent page.
enum ScriptedBrowser {
    /// GETs the authorization URL, submits the consent form with `decision`, and returns the redirect's Location.
    static func approve(_ url: String, decision: String = "approve") async throws -> String {
        let page = try await Browser.get(url)
        guard page.status == 200 else { throw BrowserError("consent page answered \(page.status): \(page.body.prefix(300))") }
        guard let request = match(page.body, #"name="request" value="([^"]+)""#),
              let action = match(page.body, #"<form method="post" action="([^"]+)""#),
              let origin = URLComponents(string: url).map({ "\($0.scheme!)://\($0.host!):\($0.port!)" }) else {
            throw BrowserError("no consent form")
        }
        var post = HTTPClientRequest(url: origin + action)
        post.method = .POST
        post.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        post.body = .bytes(ByteBuffer(string: FormEncoding.encode([("request", request), ("account", "acme"), ("decision", decision)])))
        let response = try await Browser.client.execute(post, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        guard (300..<400).contains(Int(response.status.code)), let location = response.headers.first(name: "Location") else {
            throw BrowserError("decision answered \(response.status.code) without a redirect")
        }
        return location
    }

    /// Approves (or denies) and follows the redirect to the loopback listener.
    static func authorize(_ url: String, decision: String = "approve") async throws {
        let location = try await approve(url, decision: decision)
        _ = try await Browser.get(location)
    }

    /// The status of a GET with the token's header.
    static func apiStatus(_ url: String, token: AccessToken) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: token.headerName, value: token.headerValue)
        let response = try await Browser.client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 22)
        return Int(response.status.code)
    }

    static func match(_ text: String, _ pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(m.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }

    struct BrowserError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
