import Foundation
import SwitchboardCore

/// The tenant and credential services the Tenants and Connect screens use, as closures so tests
/// inject a temporary store or a live sandbox.
public struct ConsoleAuth: Sendable {
    /// One row of the Tenants screen.
    public struct TenantRow: Sendable, Equatable {
        public var name: String
        public var externalID: String?
        /// "connector: state" for each credential.
        public var connections: [String]

        public init(name: String, externalID: String?, connections: [String]) {
            self.name = name
            self.externalID = externalID
            self.connections = connections
        }
    }

    /// Every tenant with its connections.
    public var tenants: @Sendable () throws -> [TenantRow]
    /// Creates a tenant (errors carry user-facing descriptions).
    public var createTenant: @Sendable (String) throws -> Void
    /// The state of a tenant's credential for a connector ("valid", "needs re-auth", …), if any.
    public var credentialState: @Sendable (_ tenant: String, _ connector: String) -> String?
    /// Starts an OAuth walk-through; its steps arrive through the session.
    public var startLogin: @Sendable (_ tenant: String, _ connector: ConnectorManifest) throws -> LoginSession

    public init(tenants: @escaping @Sendable () throws -> [TenantRow], createTenant: @escaping @Sendable (String) throws -> Void,
                credentialState: @escaping @Sendable (String, String) -> String?,
                startLogin: @escaping @Sendable (String, ConnectorManifest) throws -> LoginSession) {
        self.tenants = tenants
        self.createTenant = createTenant
        self.credentialState = credentialState
        self.startLogin = startLogin
    }

    /// Services over a store and master key, with app credentials from `appCredentials`
    /// (environment / apps.json, or the sandbox's clients) and the real browser opener.
    public static func live(store: SwitchboardStore, key: MasterKey, transport: any HTTPTransport = AsyncHTTPTransport.shared,
                            browser: BrowserOpener = .xdgOpen(), timeout: TimeInterval = 300,
                            appCredentials: @escaping @Sendable (String) throws(AuthError) -> AppCredentials = { id throws(AuthError) in try AppCredentials.resolve(connectorID: id) }) -> ConsoleAuth {
        let tenants = TenantStore(store: store)
        let credentials = CredentialStore(store: store, key: key)
        return ConsoleAuth(
            tenants: {
                let all = try tenants.list()
                let creds = try credentials.list()
                let now = Date()
                return all.map { t in
                    TenantRow(name: t.name, externalID: t.externalID,
                              connections: creds.filter { $0.tenantID == t.id }.map { "\($0.connectorID): \($0.state(at: now))" })
                }
            },
            createTenant: { name in _ = try tenants.create(name: name) },
            credentialState: { tenant, connector in
                guard let t = try? tenants.find(tenant), let c = try? credentials.find(tenant: t, connectorID: connector) else { return nil }
                return c.state(at: Date())
            },
            startLogin: { tenant, connector in
                let t = try tenants.get(tenant)
                let app = try appCredentials(connector.id)
                let flow = try OAuthFlow(connector: connector, tenant: t, app: app, credentials: credentials, transport: transport,
                                         browser: browser, options: .init(timeout: timeout, paste: true))
                return LoginSession.start(flow)
            })
    }

    /// Services from the environment's data folder (`SWITCHBOARD_HOME` …); nil when it cannot be opened.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ConsoleAuth? {
        let folder = DataFolder.resolve(environment: environment)
        guard let store = try? SwitchboardStore.open(folder: folder), let key = try? MasterKey.load(folder: folder, environment: environment) else { return nil }
        return live(store: store, key: key)
    }
}

/// A running walk-through as the console sees it: its events one at a time, paste and cancel.
public final class LoginSession: @unchecked Sendable {
    /// What the Connect screen receives.
    public enum Event: Sendable, Equatable {
        case step(OAuthFlowEvent)
        /// A second passed while waiting (redraws the countdown).
        case tick(Date)
        case finished(Result<Credential, AuthError>)
    }

    private let lock = NSLock()
    private var queue: [Event] = []
    private var waiter: CheckedContinuation<Event?, Never>?
    private var done = false
    private let flow: OAuthFlow?
    private var ticker: Task<Void, Never>?

    /// A session fed by hand (tests).
    public init() { flow = nil }

    private init(flow: OAuthFlow) { self.flow = flow }

    /// Starts `flow` in the background.
    public static func start(_ flow: OAuthFlow) -> LoginSession {
        let session = LoginSession(flow: flow)
        Task {
            do throws(AuthError) {
                let credential = try await flow.run { event in
                    session.push(.step(event))
                    if case .waiting = event { session.startTicking() }
                }
                session.finish(.success(credential))
            } catch {
                session.finish(.failure(error))
            }
        }
        return session
    }

    /// Adds an event (tests, and the flow's callback).
    public func push(_ event: Event) {
        let resume: CheckedContinuation<Event?, Never>? = lock.withLock {
            guard !done || { if case .finished = event { return true }; return false }() else { return nil }
            if let w = waiter { waiter = nil; return w }
            queue.append(event)
            return nil
        }
        resume?.resume(returning: event)
    }

    /// Ends the session with `result`.
    public func finish(_ result: Result<Credential, AuthError>) {
        lock.withLock { ticker?.cancel(); ticker = nil }
        push(.finished(result))
        lock.withLock { done = true }
    }

    /// The next event; nil after `finished` was delivered.
    public func next() async -> Event? {
        await withCheckedContinuation { continuation in
            let ready: Event?? = lock.withLock {
                if !queue.isEmpty { return .some(queue.removeFirst()) }
                if done { return .some(nil) }
                waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Submits a pasted redirect URL; returns the refusal, if any.
    public func paste(_ text: String) -> AuthError? { flow?.submitPastedURL(text) }

    /// Cancels the walk-through.
    public func cancel() { flow?.cancel() }

    private func startTicking() {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                guard let self, !Task.isCancelled else { return }
                self.push(.tick(Date()))
            }
        }
        lock.withLock { ticker = task }
    }
}
