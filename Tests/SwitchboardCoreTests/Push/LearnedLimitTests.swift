import Foundation
import NIOConcurrencyHelpers
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCore

/// Issue 17: the limiter learns the limit the CRM states for the account (its rate headers, as the
/// manifest names them), keeps to a share of it, and stops a
/// run cleanly when the daily quota has none left.
@Suite("A limiter that learns the limit", .serialized)
struct LearnedLimitTests {
    static let hubspotHeaders = RateLimitHeaders(limit: "X-HubSpot-RateLimit-Max", remaining: "X-HubSpot-RateLimit-Remaining",
                                                 intervalMilliseconds: "X-HubSpot-RateLimit-Interval-Milliseconds",
                                                 dailyLimit: "X-HubSpot-RateLimit-Daily", dailyRemaining: "X-HubSpot-RateLimit-Daily-Remaining")

    @Test("the stated Max and Interval replace the manifest's limit; the share takes its part of it; Salesforce's api-usage is a daily count")
    func adoptsStatedLimit() async {
        let limiter = RateLimiter(limit: 100, window: 10.05, share: 0.5)
        #expect(await limiter.limit == 50)
        await limiter.observe(headers: [HTTPHeaderField("X-HubSpot-RateLimit-Max", "40"), HTTPHeaderField("X-HubSpot-RateLimit-Remaining", "39"),
                                        HTTPHeaderField("X-HubSpot-RateLimit-Interval-Milliseconds", "2000")], spec: Self.hubspotHeaders)
        let (limit, window, learned) = (await limiter.limit, await limiter.window, await limiter.learned)
        #expect(limit == 20 && abs(window - 2.05) < 0.001 && learned)
        #expect(await limiter.advertisedLimit == 40)
        // Garbage is ignored, not adopted.
        await limiter.observe(headers: [HTTPHeaderField("X-HubSpot-RateLimit-Max", "1e308"), HTTPHeaderField("X-HubSpot-RateLimit-Interval-Milliseconds", "-5")],
                              spec: Self.hubspotHeaders)
        #expect(await limiter.limit == 20)

        let salesforce = RateLimiter(limit: nil, window: 1)
        await salesforce.observe(headers: [HTTPHeaderField("Sforce-Limit-Info", "api-usage=14998/15000")], spec: RateLimitHeaders(usage: "Sforce-Limit-Info"))
        #expect(await salesforce.dailyRemaining == 2)
        try? await salesforce.acquire()
        try? await salesforce.acquire()
        await #expect(throws: DailyQuotaExhausted.self) { try await salesforce.acquire() }
    }

    @Test("the CRM lowers its limit mid-run: the limiter follows it, with at most one 429; every contact sent once")
    func followsAChangedLimit() async throws {
        try await CRMBench.with("hubspot", SandboxConfiguration(autoApprove: true, rateLimits: ["hubspot": RateLimitRule(requests: 20, windowSeconds: 1)])) { b in
            // The manifest says 100 per 10 s; the account says 20 per second, then 8.
            let limiter = RateLimiter.forConnector(b.manifest)
            let executor = b.executor(b.createContact, limiter: limiter, useBatch: false)
            let run = try b.run(contacts(60, prefix: "learn"), action: b.createContact)
            let lower = Task {
                try await Task.sleep(nanoseconds: 1_200_000_000)
                try await b.rateLimit(8, per: 1)
            }
            let report = try await executor.execute(run)
            try await lower.value
            #expect(report.tally.succeeded == 60, "\(report.tally)")
            #expect(report.rateLimited <= 1, "\(report.rateLimited) × 429")
            let (learned, limit) = (await limiter.learned, await limiter.limit)
            #expect(learned && limit == 8, "limit now \(limit)")
            #expect(try await b.contactsByEmail().count == 60)
        }
    }

    @Test("the daily quota runs out: the run stops before the CRM refuses, the rest stays queued, and a resume sends it once the quota is back")
    func dailyQuotaStopsResumable() async throws {
        let t = try await TestWorkspace.make("daily")
        defer { Task { await t.close() } }
        let left = NIOLockedValueBox(5)
        let ids = NIOLockedValueBox(0)
        let server = try RawHTTPServer { _ in
            let remaining = left.withLockedValue { n -> Int in n = max(0, n - 1); return n }
            let id = ids.withLockedValue { n -> Int in n += 1; return n }
            return Array(RawHTTPServer.response(status: 201, reason: "Created", headers: [("X-HubSpot-RateLimit-Daily", "250000"),
                                                                                              ("X-HubSpot-RateLimit-Daily-Remaining", String(remaining))],
                                                body: #"{"id":"\#(id)","properties":{}}"#).utf8)
        }
        defer { server.stop() }
        let hubspot = try #require(t.catalog.connector(id: "hubspot"))
        let target = try #require(server.target(hubspot, action: "createContact"))
        let records = (1...12).map { UniversalRecord(id: "d\($0)", object: .contact, fields: JSONObject([("contact_email", .string("d\($0)@example.com"))])) }
        let plan = try t.workspace.pushPlan(target, records: records, tenant: t.tenant)
        let run = try t.workspace.startPushRun(plan, tenant: t.tenant, source: "test", onlyValid: true, useBatch: false)
        do {
            _ = try await t.workspace.pushExecutor(target, plan: plan, useBatch: false, concurrency: 1).execute(run)
            Issue.record("the run went on past the quota")
        } catch {
            #expect(String(describing: error).contains("DAILY_QUOTA") && String(describing: error).contains("--resume"), "\(error)")
        }
        let journal = try t.workspace.stores().journal
        let items = try journal.items(run: run.id)
        #expect(items.filter { $0.state == .succeeded }.count == 5, "sent until the CRM said none were left")
        #expect(items.filter { $0.state == .queued }.count == 7, "the rest is kept for a resume")
        #expect(try journal.run(run.id)?.status == .stopped)

        left.withLockedValue { $0 = 1000 }
        _ = try await t.workspace.pushExecutor(target, useBatch: false, concurrency: 1).execute(run)
        #expect(try journal.items(run: run.id).allSatisfy { $0.state == .succeeded })
        #expect(ids.withLockedValue { $0 } == 12, "each record sent once")
    }
}
