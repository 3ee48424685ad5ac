import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// A sandbox, a store with one tenant, and the catalog pointed at the sandbox — for push tests
/// over real sockets. Everything is stopped and deleted at the end.
struct PushBench {
    let sandbox: SandboxServer
    let catalog: ConnectorCatalog
    let store: SwitchboardStore
    let journal: PushJournal
    let tenant: Tenant
    let transport: AsyncHTTPTransport
    let token: String

    static func with<T>(_ configuration: SandboxConfiguration = SandboxConfiguration(autoApprove: true, rateLimits: [:]),
                        _ body: (PushBench) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbpush-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = try await SandboxServer.start(configuration)
        let transport = AsyncHTTPTransport()
        do {
            let manifests = folder.appendingPathComponent("connectors")
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            _ = try SandboxManifests.write(to: manifests, baseURL: sandbox.baseURL)
            let load = ConnectorCatalog.load(userDirectories: [manifests])
            let store = try SwitchboardStore.open(folder: DataFolder(url: folder.appendingPathComponent("data")))
            let tenant = try TenantStore(store: store).create(name: "acme")
            let token = try await Self.mintToken(sandbox, transport)
            let bench = PushBench(sandbox: sandbox, catalog: load.catalog, store: store, journal: PushJournal(store: store),
                                  tenant: tenant, transport: transport, token: token)
            let result = try await body(bench)
            await transport.shutdown()
            await sandbox.stop()
            return result
        } catch {
            await transport.shutdown()
            await sandbox.stop()
            throw error
        }
    }

    static func mintToken(_ sandbox: SandboxServer, _ transport: AsyncHTTPTransport) async throws -> String {
        let response = try await transport.send(HTTPRequestValue(method: "POST", url: sandbox.baseURL.absoluteString + "/admin/tokens",
                                                                 headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                 body: Data(#"{"connector": "hubspot", "account": "acme"}"#.utf8)))
        guard let token = try JSONParser.parse(response.body)["access_token"]?.stringValue else { throw BenchError("no token: \(response.text)") }
        return token
    }

    var hubspot: ConnectorManifest { catalog.connector(id: "hubspot")! }

    /// An executor for `actionID` with the defaults mapping.
    func executor(_ actionID: String = "createContact", token: String? = nil, useBatch: Bool = true, limiter: RateLimiter? = nil) -> PushExecutor {
        let action = hubspot.action(id: actionID)!.action
        return PushExecutor(connector: hubspot, action: action, mapping: .defaults(hubspot, actionId: actionID), transport: transport,
                            access: StaticAccess(.init(accessToken: token ?? self.token)), journal: journal,
                            limiter: limiter ?? RateLimiter(limit: nil, window: 1), retry: RetryPolicy(maxAttempts: 6, baseDelay: 0.01, maxDelay: 0.1),
                            useBatch: useBatch)
    }

    /// Starts a run for `records`.
    func run(_ records: [UniversalRecord], actionID: String = "createContact") throws -> PushRun {
        try journal.createRun(tenantID: tenant.id, connectorID: "hubspot", actionID: actionID, object: .contact, source: "test",
                              mapping: .defaults(hubspot, actionId: actionID), records: records.map { ($0.localKey!, $0) })
    }

    /// Every contact in the sandbox's HubSpot: email → ids (more than one id means a duplicate).
    func contactsByEmail() async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        var after: String?
        repeat {
            let url = sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts?limit=100&properties=email" + (after.map { "&after=\($0)" } ?? "")
            let response = try await transport.send(HTTPRequestValue(method: "GET", url: url, headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
            let body = try JSONParser.parse(response.body)
            for r in body["results"]?.arrayValue ?? [] {
                if let email = r["properties"]?["email"]?.stringValue, let id = r["id"]?.stringValue { result[email, default: []].append(id) }
            }
            after = body["paging"]?["next"]?["after"]?.stringValue
        } while after != nil
        return result
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
