import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issue 6's first figure: a bulk push to the sandbox under HubSpot's limit (100 requests per
/// 10 s, batches of 100). The limit allows a burst of 100 requests, so the run is long enough to
/// need several windows; efficiency = the least time the limit allows ÷ the time taken.
enum PushBenchmark {
    static func run() async throws {
        let count = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_RECORDS"] ?? "") ?? 30_000
        let concurrency = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_CONCURRENCY"] ?? "") ?? PushExecutor.defaultConcurrency
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let sandbox = try await SandboxServer.start(SandboxConfiguration(autoApprove: true))
        let transport = AsyncHTTPTransport()
        do {
            let manifests = folder.appendingPathComponent("connectors")
            try FileManager.default.createDirectory(at: manifests, withIntermediateDirectories: true)
            _ = try SandboxManifests.write(to: manifests, baseURL: sandbox.baseURL)
            let catalog = ConnectorCatalog.load(userDirectories: [manifests]).catalog
            guard let hubspot = catalog.connector(id: "hubspot"), let action = hubspot.action(id: "createContact")?.action else {
                throw SchemaBenchmark.Missing(description: "hubspot createContact")
            }
            let store = try SwitchboardStore.open(folder: DataFolder(url: folder.appendingPathComponent("data")))
            let tenant = try TenantStore(store: store).create(name: "bench")
            let tokenResponse = try await transport.send(HTTPRequestValue(
                method: "POST", url: sandbox.baseURL.absoluteString + "/admin/tokens", headers: [HTTPHeaderField("Content-Type", "application/json")],
                body: Data(#"{"connector": "hubspot", "account": "acme"}"#.utf8)))
            guard let token = try JSONParser.parse(tokenResponse.body)["access_token"]?.stringValue else { throw SchemaBenchmark.Missing(description: "a sandbox token") }
            let journal = PushJournal(store: store)
            let mapping = FieldMapping.defaults(hubspot, actionId: action.id)
            let records = (0..<count).map { i in
                UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string("bench\(i)@example.com")), ("contact_first_name", .string("B\(i)"))]))
            }
            let run = try journal.createRun(tenantID: tenant.id, connectorID: "hubspot", actionID: action.id, object: .contact, source: "bench",
                                            mapping: mapping, records: records.map { ($0.localKey!, $0) })
            let executor = PushExecutor(connector: hubspot, action: action, mapping: mapping, transport: transport,
                                        access: StaticAccess(.init(accessToken: token)), journal: journal, concurrency: concurrency)
            let report = try await executor.execute(run)
            let limit = Double(hubspot.rateLimits.requestsPerWindow ?? 100), window = hubspot.rateLimits.windowSeconds ?? 10
            let least = max(0, (Double(report.requests - report.rateLimited) / limit).rounded(.up) - 1) * window
            let efficiency = least > 0 ? String(format: "%.1f%%", least / report.elapsed * 100) : "n/a (fits in one window)"
            print("push: \(report.tally.succeeded) contacts in \(report.requests) requests (batch 100, \(concurrency) in flight) under \(Int(limit)) req / \(Int(window)) s: "
                  + String(format: "%.1f s, %.0f records/s", report.elapsed, Double(report.tally.succeeded) / report.elapsed)
                  + "; \(efficiency) of what the limit allows (least \(Int(least)) s); \(report.rateLimited) answered 429")
            await transport.shutdown()
            await sandbox.stop()
        } catch {
            await transport.shutdown()
            await sandbox.stop()
            throw error
        }
    }
}
