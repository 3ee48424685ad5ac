import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issues 6 and 17: a bulk push to the sandbox under an advertised limit (`PUSH_BENCH_LIMIT`,
/// default HubSpot's 100 requests per 10 s; issue 17 measures 50 per 2 s), batches of 100, through
/// the application layer as `switchboard push` runs it (plan, journal, executor). The limiter
/// starts from the manifest's limit and learns the sandbox's from its `X-HubSpot-RateLimit-*`
/// headers. A sliding window lets the first `limit` requests go at once; each further `limit`
/// waits a window: efficiency = that least time ÷ the time taken.
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
            let least = max(0, (Double(report.requests - report.rateLimited) / limit).rounded(.up) - 1) * window
            let efficiency = least > 0 ? String(format: "%.1f%%", least / report.elapsed * 100) : "n/a (fits in one window)"
            print("push: \(report.tally.succeeded) contacts in \(report.requests) requests (batch 100, \(concurrency) in flight) under an advertised \(Int(limit)) req / \(String(format: "%g", window)) s: "
                  + String(format: "%.1f s, %.0f records/s", report.elapsed, Double(report.tally.succeeded) / report.elapsed)
                  + "; \(efficiency) of what the limit allows (least \(String(format: "%.1f", least)) s); \(report.rateLimited) answered 429"
                  + String(format: "; plan (key, link, map, validate) %.2f s", planSeconds))
            // The baseline in the same run: the official hubspot-api-client batch-creating as many
            // contacts against the same sandbox (after one window, so the two do not share it).
            if let baseline = try await officialClient(url: launch.server.baseURL.absoluteString, token: try await launch.mintToken(transport: transport),
                                                       count: count, after: window) {
                print(String(format: "push: official hubspot-api-client, same sandbox and limit: %.1f s in %d requests, %d answered 429; ours took %.2f× its time",
                             baseline.seconds, baseline.requests, baseline.limited, report.elapsed / baseline.seconds))
            }
            await transport.shutdown()
            await launch.stop()
        } catch {
            await transport.shutdown()
            await launch.stop()
            throw error
        }
    }

    /// Runs `scripts/bench_official_push.py` with the venv `scripts/check-official-clients.sh` makes
    /// (nil, with a note, when it is not there).
    static func officialClient(url: String, token: String, count: Int, after window: Double) async throws -> (seconds: Double, requests: Int, limited: Int)? {
        let python = ".build/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python), FileManager.default.fileExists(atPath: "scripts/bench_official_push.py") else {
            print("push: no official-client baseline (run scripts/check-official-clients.sh once, from the repository, to make .build/venv)")
            return nil
        }
        try await Task.sleep(nanoseconds: UInt64((window + 0.2) * 1_000_000_000))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["scripts/bench_official_push.py", url, token, String(count)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard process.terminationStatus == 0, words.count == 3, let seconds = Double(words[0]), let requests = Int(words[1]), let limited = Int(words[2]) else {
            print("push: the official-client baseline failed (exit \(process.terminationStatus))")
            return nil
        }
        return (seconds, requests, limited)
    }
}
