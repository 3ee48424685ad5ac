import Foundation

/// The OAuth 2.0 authorization-code walk-through for one tenant and connector, shared by the CLI
/// and the console: listener → URL (state + PKCE S256) → browser → one callback or a pasted
/// redirect URL → code exchange → encrypted credential. Steps are reported through `onEvent`.
public final class OAuthFlow: Sendable {
    /// How the walk-through runs.
    public struct Options: Sendable {
        /// Overrides the listener's port (and the fixed redirect URI's port).
        public var port: Int?
        /// Seconds to wait for the callback.
        public var timeout: TimeInterval
        /// Whether a pasted redirect URL will be offered (the listener becomes optional).
        public var paste: Bool
        /// Per-connection limits of the listener.
        public var limits: LoopbackListener.Limits
        /// The data centre (`api.regions` id) whose OAuth URLs to use, if any.
        public var region: String?

        /// Options (defaults: manifest port, 5 minutes, no paste).
        public init(port: Int? = nil, timeout: TimeInterval = 300, paste: Bool = false, limits: LoopbackListener.Limits = .init(),
                    region: String? = nil) {
            self.region = region
            self.port = port
            self.timeout = timeout
            self.paste = paste
            self.limits = limits
        }
    }

    public let connector: ConnectorManifest
    public let tenant: Tenant
    private let spec: OAuth2Spec
    private let app: AppCredentials
    private let credentials: CredentialStore
    private let transport: any HTTPTransport
    private let browser: BrowserOpener
    private let options: Options
    private let now: @Sendable () -> Date
    private let outcome = OneShotResult()
    private let pending = PendingBox()

    /// A walk-through for `tenant` and `connector` (which must use OAuth) with the app's credentials.
    public init(connector: ConnectorManifest, tenant: Tenant, app: AppCredentials, credentials: CredentialStore,
                transport: any HTTPTransport = AsyncHTTPTransport.shared, browser: BrowserOpener = .disabled,
                options: Options = Options(), now: @escaping @Sendable () -> Date = { Date() }) throws(AuthError) {
        guard let spec = connector.auth.oauth2 else { throw .notOAuth(connector: connector.id) }
        let region = try options.region.map { id throws(AuthError) in try connector.requireRegion(id) }
        self.connector = connector
        self.tenant = tenant
        self.spec = spec.inRegion(region)
        self.app = app
        self.credentials = credentials
        self.transport = transport
        self.browser = browser
        self.options = options
        self.now = now
    }

    /// The tenant's existing credential for this connector when it is still usable (the seed's
    /// check-existing-credential step); nil when there is none or it needs re-authorization.
    public func existingCredential() throws(AuthError) -> Credential? {
        Self.usable(try credentials.find(tenant: tenant, connectorID: connector.id), at: now())
    }

    /// `credential` when it is still usable: valid, and unexpired or refreshable.
    public static func usable(_ credential: Credential?, at now: Date) -> Credential? {
        guard let found = credential, found.status == .valid else { return nil }
        if found.isExpired(at: now) && !found.hasRefreshToken { return nil }
        return found
    }

    /// Runs the walk-through to the stored credential, or throws (nothing stored, listener closed).
    public func run(onEvent: @escaping @Sendable (OAuthFlowEvent) -> Void = { _ in }) async throws(AuthError) -> Credential {
        do {
            return try await steps(onEvent)
        } catch {
            onEvent(.failed(error))
            throw error
        }
    }

    /// Submits the final redirect URL the user pasted. A URL that is not this login's redirect is
    /// refused (returned) and the login keeps waiting; any other problem (state, error) ends it.
    @discardableResult
    public func submitPastedURL(_ text: String) -> AuthError? {
        guard let request = pending.request else { return .invalidPastedURL("the login has not started yet") }
        let result: Result<String, AuthError>
        do {
            result = .success(try request.validatePasted(text))
        } catch {
            if case .invalidPastedURL = error { return error }
            result = .failure(error)
        }
        if outcome.isDecided { return .alreadyCompleted }
        pending.via = "pasted URL"
        if case .success = result {
            pending.accountsServer = URLComponents(string: text.trimmingCharacters(in: .whitespacesAndNewlines))?
                .queryItems?.first { $0.name == "accounts-server" }?.value
        }
        guard outcome.decide(result) else { return .alreadyCompleted }
        if case .failure(let error) = result { return error }
        return nil
    }

    /// Cancels a waiting walk-through.
    public func cancel() { outcome.decide(.failure(.cancelled)) }

    // MARK: - Steps

    private func steps(_ onEvent: @escaping @Sendable (OAuthFlowEvent) -> Void) async throws(AuthError) -> Credential {
        let target = try redirectTarget()
        var listener: LoopbackListener?
        if let target = target.listen {
            do {
                let placeholder = PendingBox.Validator(box: pending)
                listener = try await LoopbackListener.start(
                    port: target.port, path: target.path, mode: spec.callback, limits: options.limits, outcome: outcome,
                    validate: { parameters in placeholder.validate(parameters) },
                    onNotice: { onEvent(.notice($0)) })
            } catch {
                guard options.paste else { throw error }
                onEvent(.listenerSkipped(reason: error.description))
            }
        } else {
            onEvent(.listenerSkipped(reason: target.skipReason ?? "the redirect URI cannot be served locally"))
        }
        let redirectURI = target.uri(listenerPort: listener?.port)
        if let listener { onEvent(.listening(redirectURI: redirectURI, port: listener.port)) }

        let request: AuthorizationRequest
        do {
            request = try AuthorizationRequest(spec: spec, clientID: app.clientID, redirectURI: redirectURI)
        } catch {
            await listener?.close()
            throw error
        }
        pending.request = request
        onEvent(.authorizationURL(request.url))
        if let reason = browser.open(request.url) { onEvent(.browserNotOpened(reason: reason)) } else { onEvent(.browserOpened) }

        let deadline = now().addingTimeInterval(options.timeout)
        onEvent(.waiting(deadline: deadline))
        let seconds = Int(options.timeout.rounded(.up))
        let outcome = self.outcome
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(max(0, options.timeout) * 1_000_000_000))
            if !Task.isCancelled { outcome.decide(.failure(.timedOut(seconds: seconds))) }
        }
        let result = await outcome.value()
        timer.cancel()
        await listener?.close()
        let code = try result.get()
        onEvent(.callbackReceived(via: pending.via))

        let (spec, region) = try exchangeTarget()
        onEvent(.exchangingCode(tokenURL: spec.tokenURL))
        let client = OAuthClient(spec: spec, app: app, transport: transport)
        let tokens = try await client.exchange(code: code, request: request)
        let stamp = now()
        let credential = try credentials.save(
            .init(kind: .oauth2, secrets: CredentialSecrets(accessToken: tokens.accessToken, refreshToken: tokens.refreshToken),
                  scopes: tokens.scopes ?? spec.scopes, expiresAt: tokens.expiresIn.map { stamp.addingTimeInterval(TimeInterval($0)) },
                  metadata: tokens.metadata.merging(region.map { ["region": $0] } ?? [:]) { _, region in region }),
            tenant: tenant, connectorID: connector.id)
        onEvent(.stored(credential))
        return credential
    }

    /// The token endpoint for the exchange: Zoho-style callbacks name their data centre's accounts
    /// server (`accounts-server`); it is used only when it is the spec's own or one of the manifest's
    /// regions (never an arbitrary host: the code and client secret go there).
    func exchangeTarget() throws(AuthError) -> (OAuth2Spec, String?) {
        guard let server = pending.accountsServer, !server.isEmpty else { return (spec, options.region) }
        func origin(_ text: String) -> String? {
            guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), let host = c.host?.lowercased() else { return nil }
            return "\(scheme)://\(host):\(c.port ?? (scheme == "https" ? 443 : 80))"
        }
        guard let wanted = origin(server) else { throw .untrustedAccountsServer(server) }
        if origin(spec.tokenURL) == wanted { return (spec, options.region) }
        guard let base = connector.auth.oauth2,
              let region = connector.api.regions.first(where: { $0.tokenURL.flatMap(origin) == wanted }) else {
            throw .untrustedAccountsServer(server)
        }
        return (base.inRegion(region), region.id)
    }

    /// Where to listen and which redirect URI to send.
    struct RedirectTarget {
        var listen: (port: Int, path: String)?
        var skipReason: String?
        var uri: (Int?) -> String
        func uri(listenerPort: Int?) -> String { uri(listenerPort) }
    }

    func redirectTarget() throws(AuthError) -> RedirectTarget {
        switch spec.redirect {
        case .anyLoopbackPort(let path):
            let port = options.port ?? 0
            return RedirectTarget(listen: (port, path), uri: { bound in "http://127.0.0.1:\(bound ?? port)\(path)" })
        case .fixed(let uri):
            guard var components = URLComponents(string: uri), let host = components.host?.lowercased() else { throw .badRedirectURI(uri) }
            if let port = options.port { components.port = port }
            let rewritten = components.string ?? uri
            let loopback = ["localhost", "127.0.0.1"].contains(host)
            guard components.scheme == "http", loopback else {
                guard options.paste else { throw .redirectNeedsPaste(uri) }
                return RedirectTarget(listen: nil, skipReason: "\(uri) is not an http loopback URI; paste the final redirect URL",
                                      uri: { _ in rewritten })
            }
            let path = components.path.isEmpty ? "/" : components.path
            let listenPort = components.port ?? 80
            let fixed = components
            return RedirectTarget(listen: (listenPort, path), uri: { bound in
                var actual = fixed
                if listenPort == 0, let bound { actual.port = bound }
                return actual.string ?? uri
            })
        }
    }
}

/// The pending request, set once the URL is built; read by the listener's validator.
final class PendingBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _request: AuthorizationRequest?
    private var _via = "browser"
    private var _accountsServer: String?

    var accountsServer: String? {
        get { lock.withLock { _accountsServer } }
        set { lock.withLock { _accountsServer = newValue } }
    }

    var request: AuthorizationRequest? {
        get { lock.withLock { _request } }
        set { lock.withLock { _request = newValue } }
    }

    var via: String {
        get { lock.withLock { _via } }
        set { lock.withLock { _via = newValue } }
    }

    /// Validates callback parameters against the pending request.
    struct Validator: Sendable {
        let box: PendingBox
        func validate(_ parameters: [(String, String)]) -> Result<String, AuthError>? {
            guard let request = box.request else { return nil }
            do {
                let code = try request.validate(parameters)
                box.accountsServer = parameters.first { $0.0 == "accounts-server" }?.1
                return .success(code)
            } catch { return .failure(error) }
        }
    }
}
