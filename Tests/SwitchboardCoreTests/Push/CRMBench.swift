import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// `PushBench` for any CRM of the catalog: a sandbox, a store with tenant acme, a token for the
/// connector, executors for its actions, and the sandbox's side of things (records by email,
/// limits and faults for that connector) — over real sockets.
struct CRMBench {
    let base: TestWorkspace
    let connectorID: String
    let token: String
    var sandbox: SandboxServer { base.sandbox! }
    var catalog: ConnectorCatalog { base.catalog }
    var store: SwitchboardStore { base.store }
    var journal: PushJournal { PushJournal(store: base.store) }
    var tenant: Tenant { base.tenant }
    var transport: AsyncHTTPTransport { base.transport }
    var manifest: ConnectorManifest { catalog.connector(id: connectorID)! }

    static func with<T>(_ connectorID: String, _ configuration: SandboxConfiguration = SandboxConfiguration(autoApprove: true, rateLimits: [:]),
                        _ body: (CRMBench) async throws -> T) async throws -> T {
        try await TestWorkspace.with("sbcrm", sandbox: configuration, connectHubSpot: false) { base in
            try await body(CRMBench(base: base, connectorID: connectorID, token: try await base.mintToken(connectorID)))
        }
    }

    /// The sandbox's name of the contact object of each CRM.
    var contactObject: String {
        ["copper": "people", "pipedrive": "persons", "zoho-crm": "Contacts", "salesforce": "Contact", "hubspot": "contacts"][connectorID]!
    }

    /// The connector's single-record create and update actions for contacts.
    var createContact: ActionSpec { manifest.actions(for: .contact, .create).first { !$0.isBatch }! }
    var updateContact: ActionSpec { manifest.actions(for: .contact, .update).first { !$0.isBatch }! }

    func executor(_ action: ActionSpec, limiter: RateLimiter? = nil, transport: (any HTTPTransport)? = nil, useBatch: Bool = true,
                  concurrency: Int = PushExecutor.defaultConcurrency, retry: RetryPolicy = RetryPolicy(maxAttempts: 8, baseDelay: 0.01, maxDelay: 0.2)) -> PushExecutor {
        PushExecutor(connector: manifest, action: action, mapping: .defaults(manifest, actionId: action.id), transport: transport ?? self.transport,
                     access: StaticAccess(.init(accessToken: token)), journal: journal, limiter: limiter ?? RateLimiter(limit: nil, window: 1),
                     retry: retry, useBatch: useBatch, concurrency: concurrency)
    }

    func run(_ records: [UniversalRecord], action: ActionSpec) throws -> PushRun {
        try journal.createRun(tenantID: tenant.id, connectorID: connectorID, actionID: action.id, object: action.object ?? .contact, source: "test",
                              mapping: .defaults(manifest, actionId: action.id), records: records.map { ($0.localKey!, $0) })
    }

    /// Every live contact of acme in the sandbox: email (lower-cased) → ids; two ids for one email are a duplicate.
    func contactsByEmail() async throws -> [String: [String]] {
        let response = try await transport.send(HTTPRequestValue(method: "GET", url: sandbox.baseURL.absoluteString + "/admin/records/\(connectorID)/\(contactObject)?account=acme"))
        guard response.status == 200 else { throw BenchError("listing \(contactObject): \(response.status) \(response.text)") }
        var out: [String: [String]] = [:]
        for r in try JSONParser.parse(response.body)["results"]?.arrayValue ?? [] {
            guard let id = r["id"]?.stringValue, let fields = r["fields"] else { continue }
            let emails = [fields["email"]?.stringValue, fields["Email"]?.stringValue].compactMap { $0 }
                + (fields["emails"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue ?? $0["email"]?.stringValue }
            for e in Set(emails.map { $0.lowercased() }) { out[e, default: []].append(id) }
        }
        return out
    }

    /// A raw API call with the connector's credential headers (as the manifest sends them).
    func call(_ method: String, _ path: String, body: JSONValue? = nil, headers extra: [HTTPHeaderField] = []) async throws -> HTTPResponseValue {
        let access = AccessGrant(accessToken: token)
        let headers = RequestBuilder.headers(manifest, access, hasBody: body != nil).map { HTTPHeaderField($0.name, $0.value) } + extra
        return try await transport.send(HTTPRequestValue(method: method, url: RequestBuilder.baseURL(manifest, access) + path, headers: headers,
                                                         body: body.map { Data(JSONWriter.compact($0).utf8) }))
    }

    /// Sets the sandbox's rate limit for the connector (nil turns it off).
    func rateLimit(_ requests: Int?, per seconds: Double = 1) async throws {
        let body = requests.map { #"{"connector": "\#(connectorID)", "requests": \#($0), "windowSeconds": \#(seconds)}"# } ?? #"{"connector": "\#(connectorID)", "off": true}"#
        let response = try await transport.send(HTTPRequestValue(method: "PUT", url: sandbox.baseURL.absoluteString + "/admin/rate-limits",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
        guard response.status == 200 else { throw BenchError("rate limit not set: \(response.text)") }
    }

    /// Queues a fault for the connector.
    func fault(_ kind: String, count: Int = 1, status: Int = 503) async throws {
        let body = #"{"kind": "\#(kind)", "count": \#(count), "status": \#(status), "connector": "\#(connectorID)"}"#
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: sandbox.baseURL.absoluteString + "/admin/faults",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
        #expect(response.status == 200, "fault accepted: \(response.text)")
    }

    /// A sync pass a few milliseconds after the writes before it (change times are compared).
    func syncLater(_ object: UniversalObject, _ direction: SyncDirection) async throws -> SyncReport {
        try await Task.sleep(nanoseconds: 5_000_000)
        return try await sync(object, direction)
    }

    /// Imports the local contact `ct-1` and syncs contacts to the CRM; true when nothing failed.
    func contactOut(email: String, first: String, last: String) async throws -> Bool {
        _ = try LocalRecordStore(store: store).importRecords([UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([
            ("contact_email", .string(email)), ("contact_first_name", .string(first)), ("contact_last_name", .string(last))]))],
            object: .contact, tenantID: tenant.id, file: "test")
        return try await syncLater(.contact, .toCRM).failures.isEmpty
    }

    /// One sync pass of `object` with the bench's token, no rate limit and quick retries.
    func sync(_ object: UniversalObject, _ direction: SyncDirection) async throws -> SyncReport {
        try await SyncEngine(connector: manifest, object: object, tenantID: tenant.id, store: store, transport: transport,
                             access: StaticAccess(.init(accessToken: token)), limiter: RateLimiter(limit: nil, window: 1),
                             retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)).run(direction: direction)
    }
}
