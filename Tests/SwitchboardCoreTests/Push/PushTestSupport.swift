import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// A sandbox, a store with one tenant, and the catalog pointed at the sandbox — for push tests
/// over real sockets (the shared `TestWorkspace`). Everything is stopped and deleted at the end.
struct PushBench {
    let base: TestWorkspace
    let token: String
    var sandbox: SandboxServer { base.sandbox! }
    var catalog: ConnectorCatalog { base.catalog }
    var store: SwitchboardStore { base.store }
    var journal: PushJournal { PushJournal(store: base.store) }
    var tenant: Tenant { base.tenant }
    var transport: AsyncHTTPTransport { base.transport }

    static func with<T>(_ configuration: SandboxConfiguration = SandboxConfiguration(autoApprove: true, rateLimits: [:]),
                        _ body: (PushBench) async throws -> T) async throws -> T {
        try await TestWorkspace.with("sbpush", sandbox: configuration, connectHubSpot: false) { base in
            try await body(PushBench(base: base, token: try await base.mintToken()))
        }
    }

    var hubspot: ConnectorManifest { catalog.connector(id: "hubspot")! }

    /// An executor for `actionID` with the defaults mapping.
    func executor(_ actionID: String = "createContact", token: String? = nil, useBatch: Bool = true, limiter: RateLimiter? = nil,
                  transport: (any HTTPTransport)? = nil, access: (any PushAccessProvider)? = nil,
                  concurrency: Int = PushExecutor.defaultConcurrency) -> PushExecutor {
        let action = hubspot.action(id: actionID)!.action
        return PushExecutor(connector: hubspot, action: action, mapping: .defaults(hubspot, actionId: actionID), transport: transport ?? self.transport,
                            access: access ?? StaticAccess(.init(accessToken: token ?? self.token)), journal: journal,
                            limiter: limiter ?? RateLimiter(limit: nil, window: 1), retry: RetryPolicy(maxAttempts: 6, baseDelay: 0.01, maxDelay: 0.1),
                            useBatch: useBatch, concurrency: concurrency)
    }

    /// Starts a run for `records`.
    func run(_ records: [UniversalRecord], actionID: String = "createContact") throws -> PushRun {
        try journal.createRun(tenantID: tenant.id, connectorID: "hubspot", actionID: actionID, object: .contact, source: "test",
                              mapping: .defaults(hubspot, actionId: actionID), records: records.map { ($0.localKey!, $0) })
    }

    /// Every contact in the sandbox's HubSpot: email → ids (more than one id means a duplicate).
    func contactsByEmail() async throws -> [String: [String]] { try await base.contactsByEmail() }

    /// Turns the sandbox's HubSpot rate limit off (so a test can page through everything it holds).
    func rateLimitOff() async throws {
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: sandbox.baseURL.absoluteString + "/admin/rate-limits",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(#"{"connector": "hubspot", "off": true}"#.utf8)))
        guard response.status == 200 else { throw BenchError("rate limit not turned off: \(response.text)") }
    }

    /// Adds a fault through the admin endpoint.
    func fault(_ kind: String, count: Int = 1, status: Int = 503) async throws {
        let body = #"{"kind": "\#(kind)", "count": \#(count), "status": \#(status), "connector": "hubspot"}"#
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: sandbox.baseURL.absoluteString + "/admin/faults",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
        #expect(response.status == 200, "fault accepted: \(response.text)")
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// `n` distinct contacts.
func contacts(_ n: Int, prefix: String = "person") -> [UniversalRecord] {
    (0..<n).map { i in
        UniversalRecord(object: .contact, fields: JSONObject([
            ("contact_email", .string("\(prefix)\(i)@example.com")), ("contact_first_name", .string("First\(i)")), ("contact_last_name", "Tester"),
        ]))
    }
}

/// A transport that, before forwarding API requests, arms the sandbox's fault injection on a
/// fixed schedule: of every 50 requests, 5 get a 5xx (3 after the write is committed, 2 before)
/// and 1 a dropped connection after commit — 10 % 5xx, half of them after commit, 2 % drops.
final class FaultScheduleTransport: HTTPTransport, @unchecked Sendable {
    let inner: AsyncHTTPTransport
    let adminURL: String
    /// The connector whose requests the faults hit.
    let connector: String
    private let lock = NSLock()
    private var count = 0
    private(set) var armed: [String: Int] = [:]

    init(inner: AsyncHTTPTransport, sandbox: URL, connector: String = "hubspot") {
        self.inner = inner
        self.connector = connector
        adminURL = sandbox.absoluteString + "/admin/faults"
    }

    static let schedule: [Int: (kind: String, status: Int)] = [
        3: ("errorAfterCommit", 503), 13: ("errorBeforeCommit", 502), 23: ("errorAfterCommit", 500),
        33: ("dropAfterCommit", 0), 38: ("errorBeforeCommit", 503), 43: ("errorAfterCommit", 502),
    ]

    func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue {
        let n: Int = lock.withLock { count += 1; return count }
        if let fault = Self.schedule[n % 50] {
            let body = #"{"kind": "\#(fault.kind)", "count": 1, "status": \#(fault.status == 0 ? 503 : fault.status), "connector": "\#(connector)"}"#
            _ = try await inner.send(HTTPRequestValue(method: "POST", url: adminURL, headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
            lock.withLock { armed[fault.kind, default: 0] += 1 }
        }
        return try await inner.send(request)
    }
}
