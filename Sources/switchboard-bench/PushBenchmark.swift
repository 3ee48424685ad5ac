import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issue 6's first figure: a bulk push to the sandbox under HubSpot's limit (100 requests per
/// 10 s, batches of 100), through the application layer as `switchboard push` runs it (plan,
/// journal, executor). The limit allows a burst of 100 requests, so the run is long enough to
/// need several windows; efficiency = the least time the limit allows ÷ the time taken.
enum PushBenchmark {
    static func run() async throws {
        let count = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_RECORDS"] ?? "") ?? 30_000
        let concurrency = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_CONCURRENCY"] ?? "") ?? PushExecutor.defaultConcurrency
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let launch = try await SandboxLaunch.start(SandboxConfiguration(autoApprove: true), manifestsFolder: folder.appendingPathComponent("connectors"))
        let transport = AsyncHTTPTransport()
        do {
            let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder.appendingPathComponent("data")),
                                                             overrides: launch.overrides(), transport: transport))
            let tenant = try workspace.stores().tenants.create(name: "bench")
            let token = try await launch.mintToken(transport: transport)
            _ = try workspace.credentials().save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: token), scopes: [],
                                                       expiresAt: Date().addingTimeInterval(3600), metadata: [:]), tenant: tenant, connectorID: "hubspot")
            let records = (0..<count).map { i in
                UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string("bench\(i)@example.com")), ("contact_first_name", .string("B\(i)"))]))
            }
            let target = try await workspace.pushTarget(connector: "hubspot", action: "createContact", tenant: tenant, requireCredential: true)
            var planned: PushPlan?
            let planSeconds = try Stopwatch.seconds { planned = try workspace.pushPlan(target, records: records, tenant: tenant) }
            guard let plan = planned else { return }
            let run = try workspace.startPushRun(plan, tenant: tenant, source: "bench", onlyValid: false)
            let report = try await workspace.pushExecutor(target, plan: plan, concurrency: concurrency).execute(run)
            let hubspot = target.manifest
            let limit = Double(hubspot.rateLimits.requestsPerWindow ?? 100), window = hubspot.rateLimits.windowSeconds ?? 10
            let least = max(0, (Double(report.requests - report.rateLimited) / limit).rounded(.up) - 1) * window
            let efficiency = least > 0 ? String(format: "%.1f%%", least / report.elapsed * 100) : "n/a (fits in one window)"
            print("push: \(report.tally.succeeded) contacts in \(report.requests) requests (batch 100, \(concurrency) in flight) under \(Int(limit)) req / \(Int(window)) s: "
                  + String(format: "%.1f s, %.0f records/s", report.elapsed, Double(report.tally.succeeded) / report.elapsed)
                  + "; \(efficiency) of what the limit allows (least \(Int(least)) s); \(report.rateLimited) answered 429"
                  + String(format: "; plan (key, link, map, validate) %.2f s", planSeconds))
            await transport.shutdown()
            await launch.stop()
        } catch {
            await transport.shutdown()
            await launch.stop()
            throw error
        }
    }
}
