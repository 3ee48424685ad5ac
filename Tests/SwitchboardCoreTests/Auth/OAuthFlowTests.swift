import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import SwitchboardCore

/// The walk-through over real loopback sockets with a scripted browser and a fake token endpoint.
/// Every refused case ends with no credential stored, a clear message and the listener closed.
@Suite("OAuth walk-through")
struct OAuthFlowTests {
    /// A running flow and what it needs for assertions.
    struct Running {
        let home: TestHome
        let flow: OAuthFlow
        let log: EventLog
        let endpoint: FakeTokenEndpoint
        let task: Task<Result<Credential, AuthError>, Never>
        let url: String

        var state: String { queryValue(url, "state")! }
        var redirectURI: String { queryValue(url, "redirect_uri")! }
        var port: Int { URLComponents(string: redirectURI)!.port! }
        func callback(_ query: String) -> String { redirectURI + "?" + query }

        func result() async -> Result<Credential, AuthError> { await task.value }
        func storedCount() throws -> Int { try home.credentials().list().count }
    }

    static func outcome(_ flow: OAuthFlow, _ log: EventLog) async -> Result<Credential, AuthError> {
        do { return .success(try await flow.run(onEvent: { log.append($0) })) } catch { return .failure(error) }
    }

    static let fastLimits = LoopbackListener.Limits(maxRequestBytes: 8 * 1024, connectionDeadline: 0.5, maxConnections: 8)

    func start(spec: OAuth2Spec = testSpec(), timeout: TimeInterval = 10, paste: Bool = false, port: Int? = nil,
               endpoint: FakeTokenEndpoint = .issuing()) async throws -> Running {
        let home = try TestHome()
        let tenant = try home.tenants.create(name: "acme")
        let flow = try OAuthFlow(connector: testConnector(spec), tenant: tenant, app: testApp, credentials: home.credentials(),
                                 transport: endpoint.transport, options: .init(port: port, timeout: timeout, paste: paste, limits: Self.fastLimits))
        let log = EventLog()
        let task = Task { () -> Result<Credential, AuthError> in
            do throws(AuthError) { return .success(try await flow.run(onEvent: { log.append($0) })) } catch { return .failure(error) }
        }
        guard let url = await log.authorizationURL() else {
            let outcome = await task.value
            home.cleanup()
            throw AuthError.cannotListen("flow did not print a URL: \(outcome)")
        }
        return Running(home: home, flow: flow, log: log, endpoint: endpoint, task: task, url: url)
    }

    // MARK: - Success

    @Test("the browser's callback is exchanged (PKCE verifier, client_secret_post) and the credential stored")
    func success() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        #expect(run.redirectURI.hasPrefix("http://127.0.0.1:"))
        let page = try await Browser.get(run.callback("code=the-code&state=\(run.state)"))
        #expect(page.status == 200)
        #expect(page.body.contains("close this tab"))
        let credential = try await run.result().get()
        #expect(credential.scopes == ["contacts.read", "contacts.write"])
        #expect(credential.metadata["instance_url"] == "https://acme.example.test")
        #expect(credential.expiresAt != nil)
        let fields = run.endpoint.fields(0)
        #expect(fields["grant_type"] == "authorization_code")
        #expect(fields["code"] == "the-code")
        #expect(fields["redirect_uri"] == run.redirectURI)
        #expect(fields["client_id"] == "client-123")
        #expect(fields["client_secret"] == testApp.clientSecret)
        let challenge = try #require(queryValue(run.url, "code_challenge"))
        #expect(PKCE(verifier: try #require(fields["code_verifier"])).challenge == challenge)
        #expect(!isListening(port: run.port), "listener closed after the callback")
        #expect(run.log.events.contains(.stored(credential)))
        #expect(try run.home.credentials().secrets(of: credential).accessToken == "access-token-number-1")
    }

    @Test("client_secret_basic sends HTTP Basic and no secret in the body")
    func basicAuth() async throws {
        let run = try await start(spec: testSpec(auth: .clientSecretBasic))
        defer { run.home.cleanup() }
        _ = try await Browser.get(run.callback("code=c1&state=\(run.state)"))
        _ = try await run.result().get()
        let request = run.endpoint.recorded[0]
        #expect(request.header("Authorization") == "Basic " + Data("client-123:s3cret-client-secret-value".utf8).base64EncodedString())
        #expect(run.endpoint.fields(0)["client_secret"] == nil)
        #expect(!request.redactedDescription.contains("s3cret"))
        #expect(!request.redactedDescription.contains("c1&"))
    }

    @Test("form_post callbacks are accepted as POSTed forms")
    func formPost() async throws {
        let run = try await start(spec: testSpec(callback: .formPost))
        defer { run.home.cleanup() }
        let page = try await Browser.send("POST", run.redirectURI, form: "code=fp&state=\(run.state)")
        #expect(page.status == 200)
        #expect(try await run.result().get().kind == .oauth2)
    }

    @Test("--paste: the pasted final redirect URL completes the login")
    func paste() async throws {
        let run = try await start(paste: true)
        defer { run.home.cleanup() }
        #expect(run.flow.submitPastedURL("http://elsewhere.test/cb?code=x&state=\(run.state)") != nil, "wrong redirect is refused, login keeps waiting")
        #expect(run.flow.submitPastedURL(run.callback("code=pasted&state=\(run.state)")) == nil)
        _ = try await run.result().get()
        #expect(run.endpoint.fields(0)["code"] == "pasted")
        #expect(run.log.events.contains(.callbackReceived(via: "pasted URL")))
    }

    @Test("a fixed redirect URI's port is used, --port overrides it, and a busy port is a clear error")
    func fixedPort() async throws {
        let holder = try await LoopbackListener.start(port: 0, path: "/x", mode: .query, validate: { _ in .failure(.cancelled) })
        defer { Task { await holder.close() } }
        let home = try TestHome()
        defer { home.cleanup() }
        let tenant = try home.tenants.create(name: "acme")
        let spec = testSpec(redirect: .fixed(uri: "http://localhost:\(holder.port)/oauth/callback"))
        let flow = try OAuthFlow(connector: testConnector(spec), tenant: tenant, app: testApp, credentials: home.credentials(),
                                 transport: FakeTokenEndpoint.issuing().transport, options: .init(timeout: 5))
        await #expect(throws: AuthError.portInUse(holder.port, flag: "--port")) { try await flow.run() }
        #expect(AuthError.portInUse(holder.port, flag: "--port").description.contains("\(holder.port)"))
        #expect(AuthError.portInUse(holder.port, flag: "--port").description.contains("--port"))

        let run = try await start(spec: spec, port: 0)
        defer { run.home.cleanup() }
        #expect(run.redirectURI.hasPrefix("http://localhost:0/") == false)
        run.flow.cancel()
        _ = await run.result()
    }

    @Test("a callback before the login is ready gets 503 and does not decide; the next one does")
    func notReady() async throws {
        let ready = NIOLockedValueBox(false)
        let listener = try await LoopbackListener.start(port: 0, path: "/cb", mode: .query, validate: { p in
            ready.withLockedValue { $0 } ? .success(p.first { $0.0 == "code" }?.1 ?? "") : nil
        })
        #expect(try await Browser.get("http://127.0.0.1:\(listener.port)/cb?code=early").status == 503)
        ready.withLockedValue { $0 = true }
        #expect(try await Browser.get("http://127.0.0.1:\(listener.port)/cb?code=late").status == 200)
        #expect(try await listener.outcome().get() == "late")
        await listener.close()
    }

    @Test("the listener binds 127.0.0.1 only")
    func loopbackOnly() async throws {
        let listener = try await LoopbackListener.start(port: 0, path: "/cb", mode: .query, validate: { _ in .failure(.cancelled) })
        #expect(listener.boundAddress == "127.0.0.1")
        await listener.close()
        #expect(!listener.isOpen)
    }

    // MARK: - Refused

    /// Asserts the flow failed with `expected`, stored nothing and closed the listener.
    func expectRefused(_ run: Running, _ expected: AuthError, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = await run.result()
        #expect(throws: expected, sourceLocation: sourceLocation) { try result.get() }
        #expect(try run.storedCount() == 0, sourceLocation: sourceLocation)
        #expect(!isListening(port: run.port), "listener closed", sourceLocation: sourceLocation)
        #expect(run.log.events.contains(.failed(expected)), sourceLocation: sourceLocation)
        #expect(run.endpoint.recorded.isEmpty, "no code exchange", sourceLocation: sourceLocation)
    }

    @Test("state mismatch")
    func stateMismatch() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        let page = try await Browser.get(run.callback("code=c&state=forged"))
        #expect(page.status == 400)
        #expect(page.body.contains("does not match"))
        try await expectRefused(run, .stateMismatch)
    }

    @Test("missing state")
    func missingState() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        #expect(try await Browser.get(run.callback("code=c")).status == 400)
        try await expectRefused(run, .missingState)
    }

    @Test("error=access_denied from the provider")
    func accessDenied() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        let page = try await Browser.get(run.callback("error=access_denied&error_description=User+declined&state=\(run.state)"))
        #expect(page.status == 400)
        #expect(page.body.contains("declined"))
        try await expectRefused(run, .providerDenied(error: "access_denied", description: "User declined"))
    }

    @Test("a callback after the timeout finds nothing listening")
    func afterTimeout() async throws {
        let run = try await start(timeout: 0.3)
        defer { run.home.cleanup() }
        try await expectRefused(run, .timedOut(seconds: 1))
        // Nothing accepts the late callback (AsyncHTTPClient would retry the refused connect until its deadline).
        #expect(rawConnect(port: run.port) < 0)
        #expect(try run.storedCount() == 0)
    }

    @Test("wrong path: 404, reported, not decisive; nothing stored; listener closed at the end")
    func wrongPath() async throws {
        let run = try await start(timeout: 1)
        defer { run.home.cleanup() }
        let page = try await Browser.get("http://127.0.0.1:\(run.port)/favicon.ico?code=c&state=\(run.state)")
        #expect(page.status == 404)
        #expect(run.log.notices.contains { $0.contains("/favicon.ico") && $0.contains("not the callback path") })
        try await expectRefused(run, .timedOut(seconds: 1))
    }

    @Test("wrong method: 405, reported; nothing stored; listener closed at the end")
    func wrongMethod() async throws {
        let run = try await start(timeout: 1)
        defer { run.home.cleanup() }
        let page = try await Browser.send("POST", run.redirectURI, form: "code=c&state=\(run.state)")
        #expect(page.status == 405)
        #expect(run.log.notices.contains { $0.contains("must use GET") })
        try await expectRefused(run, .timedOut(seconds: 1))
    }

    @Test("oversized request header: 431 and the connection closed; nothing stored")
    func oversized() async throws {
        let run = try await start(timeout: 1)
        defer { run.home.cleanup() }
        let fd = rawConnect(port: run.port)
        #expect(fd >= 0)
        let request = "GET /callback?code=c&state=\(run.state) HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n"
        _ = request.withCString { write(fd, $0, strlen($0)) }
        let answer = rawReadAll(fd, seconds: 2)
        close(fd)
        #expect(answer.text.hasPrefix("HTTP/1.1 431"))
        #expect(answer.closed)
        #expect(run.log.notices.contains { $0.contains("oversized") })
        try await expectRefused(run, .timedOut(seconds: 1))
    }

    @Test("slow loris: an idle connection does not block the real callback and is cut at its deadline")
    func slowLoris() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        let idle = rawConnect(port: run.port)
        let trickle = rawConnect(port: run.port)
        #expect(idle >= 0 && trickle >= 0)
        _ = "GET /callback?co".withCString { write(trickle, $0, strlen($0)) }
        let started = Date()
        let page = try await Browser.get(run.callback("code=real&state=\(run.state)"))
        #expect(page.status == 200)
        #expect(Date().timeIntervalSince(started) < 2)
        _ = try await run.result().get()
        #expect(rawReadAll(idle, seconds: 2).closed, "idle connection closed")
        #expect(rawReadAll(trickle, seconds: 2).closed, "trickling connection closed")
        close(idle)
        close(trickle)
    }

    @Test("an idle connection alone is closed by its deadline and reported")
    func idleDeadline() async throws {
        let run = try await start(timeout: 1.5)
        defer { run.home.cleanup() }
        let idle = rawConnect(port: run.port)
        let started = Date()
        let closed = rawReadAll(idle, seconds: 3).closed
        close(idle)
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 1.4)
        try await expectRefused(run, .timedOut(seconds: 2))
        #expect(run.log.notices.contains { $0.contains("no complete request") })
    }

    @Test("a second callback is refused: exactly one code exchange")
    func secondCallback() async throws {
        let run = try await start()
        defer { run.home.cleanup() }
        let url = run.callback("code=c&state=\(run.state)")
        async let first = try? Browser.get(url, timeout: 2)
        async let second = try? Browser.get(url, timeout: 2)
        let statuses = await [first?.status, second?.status]
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        _ = try await run.result().get()
        #expect(run.endpoint.recorded.count == 1)
        #expect(try run.storedCount() == 1)
        // After the login the port is closed: a replay cannot reach anything.
        #expect(rawConnect(port: run.port) < 0)
        #expect(run.flow.submitPastedURL(url) == .alreadyCompleted)
    }

    @Test("a replayed (already used) code refused by the token endpoint stores nothing and leaks no secret")
    func replayedCode() async throws {
        let endpoint = FakeTokenEndpoint { _, _ in json(400, #"{"error": "invalid_grant", "error_description": "code used-code was already redeemed"}"#) }
        let run = try await start(endpoint: endpoint)
        defer { run.home.cleanup() }
        _ = try await Browser.get(run.callback("code=used-code-123456&state=\(run.state)"))
        let result = await run.result()
        guard case .failure(let error) = result else { Issue.record("expected failure"); return }
        #expect(error.description.contains("invalid_grant"))
        #expect(!error.description.contains(testApp.clientSecret))
        #expect(try run.storedCount() == 0)
        #expect(!isListening(port: run.port))
    }
}
