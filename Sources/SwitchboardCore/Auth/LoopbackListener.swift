import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The RFC 8252 loopback redirect listener: binds 127.0.0.1 only, accepts exactly one valid
/// callback on one path and method, then is closed by its owner.
///
/// Every connection has a hard deadline (slow-loris clients are cut off and never block the real
/// callback) and a size limit (oversized requests get 431); stray requests get 404/405 and are
/// reported through `onNotice`. The first callback on the right path decides the outcome; later
/// ones get 409.
public final class LoopbackListener: Sendable {
    /// Limits applied to every connection.
    public struct Limits: Sendable {
        /// Bytes a connection may send in total (request line, headers and body).
        public var maxRequestBytes: Int
        /// Seconds a connection may stay open, whatever it sends.
        public var connectionDeadline: TimeInterval
        /// Connections open at once; more are closed on accept.
        public var maxConnections: Int

        /// Limits (defaults: 16 KiB, 10 s, 32 connections).
        public init(maxRequestBytes: Int = 16 * 1024, connectionDeadline: TimeInterval = 10, maxConnections: Int = 32) {
            self.maxRequestBytes = maxRequestBytes
            self.connectionDeadline = connectionDeadline
            self.maxConnections = maxConnections
        }
    }

    /// The port bound (the kernel's choice when asked for 0).
    public let port: Int
    /// The callback path, e.g. "/oauth/callback".
    public let path: String
    private let channel: any Channel
    private let shared: ListenerShared

    private init(port: Int, path: String, channel: any Channel, shared: ListenerShared) {
        self.port = port
        self.path = path
        self.channel = channel
        self.shared = shared
    }

    /// Binds 127.0.0.1:`port` (0 = any free port) and serves `path` with `mode`'s method.
    /// `validate` turns the callback's parameters into the code or an error; it decides once
    /// (nil means "not ready yet": the request gets 503 and the listener keeps waiting).
    public static func start(port: Int, path: String, mode: CallbackMode, limits: Limits = Limits(),
                             outcome: OneShotResult = OneShotResult(),
                             validate: @escaping @Sendable ([(String, String)]) -> Result<String, AuthError>?,
                             onNotice: @escaping @Sendable (String) -> Void = { _ in }) async throws(AuthError) -> LoopbackListener {
        guard (0...65535).contains(port) else { throw .cannotListen("port \(port) is out of range") }
        let shared = ListenerShared(path: path, method: mode == .formPost ? .POST : .GET, limits: limits, outcome: outcome,
                                    validate: validate, onNotice: onNotice)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                guard shared.admit(child) else { return child.close() }
                child.closeFuture.whenComplete { _ in shared.release(child) }
                return child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    try sync.addHandler(ConnectionGuard(limits: limits, onNotice: onNotice))
                    try sync.addHandler(HTTPResponseEncoder())
                    try sync.addHandler(ByteToMessageHandler(HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes)))
                    try sync.addHandler(CallbackRequestHandler(shared: shared))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw .portInUse(port, flag: "--port")
        } catch {
            throw .cannotListen(String(describing: error))
        }
        guard let bound = channel.localAddress?.port else {
            try? await channel.close()
            throw .cannotListen("no local address")
        }
        return LoopbackListener(port: bound, path: path, channel: channel, shared: shared)
    }

    /// The redirect URI for this listener: `http://127.0.0.1:PORT/path`.
    public var redirectURI: String { "http://127.0.0.1:\(port)\(path)" }

    /// Waits for the outcome: the first valid-path callback's code or error, or what `finish` set.
    public func outcome() async -> Result<String, AuthError> {
        await shared.outcome.value()
    }

    /// Decides the outcome from outside (timeout, pasted URL, cancel); later callbacks get 409.
    /// Returns false when the outcome was already decided.
    @discardableResult
    public func finish(_ result: Result<String, AuthError>) -> Bool { shared.outcome.decide(result) }

    /// Closes the listening socket and every open connection. Safe to call more than once.
    public func close() async {
        shared.closeAll()
        try? await channel.close()
    }

    /// The address actually bound (always "127.0.0.1").
    public var boundAddress: String? { channel.localAddress?.ipAddress }

    /// Whether the listening socket is still open.
    public var isOpen: Bool { channel.isActive }
}

// MARK: - Shared state

/// State the listener and its connection handlers share, behind a lock.
final class ListenerShared: Sendable {
    let path: String
    let method: HTTPMethod
    let limits: LoopbackListener.Limits
    let validate: @Sendable ([(String, String)]) -> Result<String, AuthError>?
    let onNotice: @Sendable (String) -> Void

    let outcome: OneShotResult

    private struct State {
        var children: [ObjectIdentifier: any Channel] = [:]
        var closed = false
    }
    private let state = Locked(State())

    init(path: String, method: HTTPMethod, limits: LoopbackListener.Limits, outcome: OneShotResult,
         validate: @escaping @Sendable ([(String, String)]) -> Result<String, AuthError>?, onNotice: @escaping @Sendable (String) -> Void) {
        self.path = path
        self.method = method
        self.limits = limits
        self.validate = validate
        self.onNotice = onNotice
        self.outcome = outcome
    }

    func admit(_ child: any Channel) -> Bool {
        state.withLock { s in
            guard !s.closed, s.children.count < limits.maxConnections else { return false }
            s.children[ObjectIdentifier(child)] = child
            return true
        }
    }

    func release(_ child: any Channel) {
        state.withLock { s in _ = s.children.removeValue(forKey: ObjectIdentifier(child)) }
    }

    func closeAll() {
        let children = state.withLock { s in
            s.closed = true
            return Array(s.children.values)
        }
        for child in children { child.close(promise: nil) }
    }

    /// Handles a callback on the right path and method: runs `validate` once, under the decision.
    func handleCallback(_ parameters: [(String, String)]) -> CallbackReply {
        let alreadyDecided = outcome.isDecided
        if alreadyDecided {
            onNotice("Refused a second callback: this login already has its answer")
            return .page(409, "Already handled", "This login already received its callback. Nothing was changed.")
        }
        guard let result = validate(parameters) else {
            onNotice("Refused a callback that arrived before the login was ready")
            return .page(503, "Not ready", "This login is not ready yet. Nothing was changed.")
        }
        guard outcome.decide(result) else {
            onNotice("Refused a second callback: this login already has its answer")
            return .page(409, "Already handled", "This login already received its callback. Nothing was changed.")
        }
        switch result {
        case .success:
            return .page(200, "Authorization received", "Switchboard received the authorization. You can close this tab and return to the terminal.")
        case .failure(let error):
            return .page(400, "Login not completed", error.description)
        }
    }
}
