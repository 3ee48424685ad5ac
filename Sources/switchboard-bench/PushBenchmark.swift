import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issues 6 and 17: a bulk push to the sandbox under an advertised limit (`PUSH_BENCH_LIMIT`,
/// default HubSpot's 100 requests per 10 s; issue 17 measures 50 per 2 s), batches of 100, through
/// the application layer as `switchboard push` runs it (plan, journal, executor). The limiter
/// starts from the manifest's limit and learns the sandbox's from its `X-HubSpot-RateLimit-*`
/// headers; requests are spread evenly, so the share is the sustained rate over the limit's rate.
enum PushBenchmark {
    static func run() async throws {
        let count = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_RECORDS"] ?? "") ?? 30_000
        let concurrency = Int(ProcessInfo.processInfo.environment["PUSH_BENCH_CONCURRENCY"] ?? "") ?? PushExecutor.defaultConcurrency
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbbench-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let stated = (ProcessInfo.processInfo.environment["PUSH_BENCH_LIMIT"] ?? "100/10").split(separator: "/").compactMap { Double($0) }
        let rule = stated.count == 2 && stated[0] >= 1 && stated[1] > 0 ? RateLimitRule(requests: Int(stated[0]), windowSeconds: stated[1])
            : RateLimitRule(requests: 100, windowSeconds: 10)
        let launch = try await SandboxLaunch.start(SandboxConfiguration(autoApprove: true, rateLimits: ["hubspot": rule]),
                                                   manifestsFolder: folder.appendingPathComponent("connectors"))
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
            let limit = Double(rule.requests), window = rule.windowSeconds
            // Evenly spaced, n requests take (n - 1) spacings at the limit's rate.
            let least = Double(max(0, report.requests - 1)) * window / limit
            let efficiency = least > 0 ? String(format: "%.1f%%", least / report.elapsed * 100) : "n/a (one request)"
            print("push: \(report.tally.succeeded) contacts in \(report.requests) requests (batch 100, \(concurrency) in flight) under an advertised \(Int(limit)) req / \(String(format: "%g", window)) s: "
                  + String(format: "%.1f s, %.0f records/s", report.elapsed, Double(report.tally.succeeded) / report.elapsed)
                  + "; \(efficiency) of the limit's rate (least \(String(format: "%.1f", least)) s); \(report.rateLimited) answered 429"
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
