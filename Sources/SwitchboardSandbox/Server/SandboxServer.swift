import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardCore

/// A running sandbox: a strict local HubSpot / Salesforce-compatible CRM and OAuth provider on
/// 127.0.0.1. Start it with `start(_:)`, read `baseURL`, and `stop()` it when done.
public actor SandboxServer {
    /// `http://127.0.0.1:PORT` (no trailing slash in `absoluteString`).
    public nonisolated let baseURL: URL
    /// The bound port.
    public nonisolated let port: Int
    /// The SQLite file holding the records.
    public nonisolated let dataFile: URL

    private let group: ServiceGroup
    private let runTask: Task<Void, any Error>
    private let temporary: Bool
    private var stopped = false

    private init(baseURL: URL, port: Int, dataFile: URL, group: ServiceGroup, runTask: Task<Void, any Error>, temporary: Bool) {
        self.baseURL = baseURL
        self.port = port
        self.dataFile = dataFile
        self.group = group
        self.runTask = runTask
        self.temporary = temporary
    }

    /// Opens the store (seeding it when asked), binds 127.0.0.1 and starts serving. With
    /// `handleSignals`, SIGINT and SIGTERM shut it down gracefully (for the `serve` command).
    public static func start(_ configuration: SandboxConfiguration = SandboxConfiguration(), handleSignals: Bool = false) async throws -> SandboxServer {
        guard (0...65535).contains(configuration.port) else { throw SandboxError.invalidOption("port \(configuration.port) is not 0–65535") }
        let temporary = configuration.dataFile == nil
        let file = configuration.dataFile
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-sandbox-\(UUID().uuidString).sqlite")
        let store = try SandboxStore(path: file.path)
        if configuration.seedDemo {
            if try store.count() == 0 { try DemoSeed.seed(store) }
            try store.seedDemoCustomFields()
        }
        let state = SandboxState(store: store, configuration: configuration)
        var logger = Logger(label: "switchboard.sandbox")
        logger.logLevel = .error
        let bound = BindSignal()
        let app = Application(
            responder: SandboxResponder(state: state),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: configuration.port), serverName: nil),
            onServerRunning: { channel in bound.resolve(.success(channel.localAddress?.port ?? 0)) },
            logger: logger)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [], logger: logger))
        let task = Task {
            do {
                try await group.run()
                bound.resolve(.failure(SandboxError.startFailed("the server stopped before it was listening")))
            } catch {
                bound.resolve(.failure(SandboxError.startFailed("cannot listen on 127.0.0.1:\(configuration.port): \(error)")))
                throw error
            }
        }
        let port: Int
        do {
            port = try await bound.value()
        } catch {
            task.cancel()
            if temporary { Self.removeDatabase(file) }
            throw error
        }
        let base = "http://127.0.0.1:\(port)"
        state.baseURL = base
        return SandboxServer(baseURL: URL(string: base)!, port: port, dataFile: file, group: group, runTask: task, temporary: temporary)
    }

    /// Stops accepting connections, lets in-flight requests finish, and removes a temporary data file.
    public func stop() async {
        guard !stopped else { return }
        stopped = true
        await group.triggerGracefulShutdown()
        _ = try? await runTask.value
        if temporary { Self.removeDatabase(dataFile) }
    }

    /// Waits until the server stops (after `stop()` or, with `handleSignals`, a signal).
    public func waitUntilStopped() async {
        _ = try? await runTask.value
        if !stopped {
            stopped = true
            if temporary { Self.removeDatabase(dataFile) }
        }
    }

    /// The registered OAuth client (id and secret) for a built-in connector id: `hubspot`,
    /// `salesforce`, `copper`, `pipedrive` or `zoho-crm`; nil for anything else.
    public static func clientCredentials(connectorID: String) -> (id: String, secret: String)? {
        SandboxClient.registered[connectorID].map { ($0.id, $0.secret) }
    }

    /// Every registered OAuth client.
    public static var clients: [SandboxClient] { SandboxClient.registered.values.sorted { $0.connector < $1.connector } }

    private static func removeDatabase(_ file: URL) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + suffix) }
    }
}

/// Resolves once with the bound port or the startup error.
private final class BindSignal: Sendable {
    private let state = Locked<(result: Result<Int, any Error>?, waiter: CheckedContinuation<Int, any Error>?)>((nil, nil))

    func resolve(_ result: Result<Int, any Error>) {
        let waiter: CheckedContinuation<Int, any Error>? = state.withLock { s in
            guard s.result == nil else { return nil }
            s.result = result
            let w = s.waiter
            s.waiter = nil
            return w
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> Int {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int, any Error>) in
            let ready: Result<Int, any Error>? = state.withLock { s in
                if let r = s.result { return r }
                s.waiter = c
                return nil
            }
            if let ready { c.resume(with: ready) }
        }
    }
}
