import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issue 7's figure: one sync pass over 10,000 linked HubSpot contacts of which 1 % changed here,
/// 1 % in the CRM and 0.2 % on both sides. Wall time and requests sent, under HubSpot's limit
/// (100 requests / 10 s) and without a limit; the goal is requests proportional to the changes.
enum SyncBenchmark {
    static func run() async throws {
        let count = Int(ProcessInfo.processInfo.environment["SYNC_BENCH_RECORDS"] ?? "") ?? 10_000
        for limited in [false, true] {
            try await pass(count: count, limited: limited)
        }
    }

    static func pass(count: Int, limited: Bool) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbsyncbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let launch = try await SandboxLaunch.start(SandboxConfiguration(autoApprove: true, rateLimits: [:]), manifestsFolder: folder.appendingPathComponent("connectors"))
        let sandbox = launch.server
        let transport = AsyncHTTPTransport()
        defer { Task { await transport.shutdown(); await sandbox.stop() } }
        let catalog = ConnectorCatalog.load(userDirectories: [launch.manifests]).catalog
        guard let hubspot = catalog.connector(id: "hubspot") else { throw SchemaBenchmark.Missing(description: "hubspot") }
        let store = try SwitchboardStore.open(folder: DataFolder(url: folder.appendingPathComponent("data")))
        let tenant = try TenantStore(store: store).create(name: "bench")
        let token = try await launch.mintToken(transport: transport)
        let records = LocalRecordStore(store: store)
        let people = (0..<count).map { i in
            UniversalRecord(id: "p\(i)", object: .contact, fields: JSONObject([("contact_email", .string("sync\(i)@example.com")),
                                                                               ("contact_first_name", .string("P\(i)")), ("contact_last_name", "Bench")]))
        }
        _ = try records.importRecords(people, object: .contact, tenantID: tenant.id, file: "bench")
        func engine(_ limiter: RateLimiter?) throws -> SyncEngine {
            try SyncEngine(connector: hubspot, object: .contact, tenantID: tenant.id, store: store, transport: transport,
                           access: StaticAccess(.init(accessToken: token)), limiter: limiter ?? RateLimiter(limit: nil, window: 1))
        }
        // Set-up (not measured): create all in the CRM, then one pass that sets the checkpoint.
        _ = try await engine(nil).run()
        _ = try await engine(nil).run()
        let onePercent = max(1, count / 100), bothCount = max(1, count / 500)
        let links = try PushJournal(store: store).links(tenantID: tenant.id, connectorID: "hubspot", object: .contact)
        try await Task.sleep(nanoseconds: 20_000_000)
        for i in 0..<(onePercent + bothCount) {
            try records.update("p\(i)", tenantID: tenant.id, changes: [("contact_first_name", .string("Local\(i)"))])
        }
        for i in onePercent..<(2 * onePercent + bothCount) {
            guard let remote = links["p\(i)"] else { continue }
            let body = #"{"fields": {"firstname": "Remote\#(i)"}}"#
            _ = try await transport.send(HTTPRequestValue(method: "PATCH", url: sandbox.baseURL.absoluteString + "/admin/records/hubspot/contacts/\(remote)",
                                                          headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
        }
        let measured = try engine(limited ? RateLimiter.forConnector(hubspot) : nil)
        let started = ProcessInfo.processInfo.systemUptime
        let report = try await measured.run()
        let elapsed = ProcessInfo.processInfo.systemUptime - started
        let c = report.run.counts
        print("sync: \(count) linked contacts, \(onePercent) changed here, \(onePercent) in the CRM, \(bothCount) on both sides; "
              + (limited ? "HubSpot limit 100 req / 10 s" : "no rate limit") + String(format: ": %.2f s, ", elapsed)
              + "\(c.requests) requests (\(c.pulled) pulled, \(c.updatedRemote) CRM updates, \(c.updatedLocal) local updates, \(c.conflicts) conflicts, \(c.errors) errors)")
    }
}
