import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Exactly once at every CRM: 1,000 contacts through each CRM's create action while the sandbox
/// answers 10 % of requests with a 5xx (half of them after the write was committed) and drops 2 %
/// of connections after commit, under the CRM's rate limit. Every interrupted create is looked up
/// by email through the manifest's `duplicateSearch` before anything is sent again.
@Suite("Exactly once at every CRM under faults", .serialized)
struct CRMFaultRunTests {
    /// The CRM's window limit as the manifest states it, and the one the run uses: the real one with
    /// `SWITCHBOARD_REAL_LIMITS=1`, else the same number of requests in a shorter window, so that the
    /// suite stays fast (Copper's 180 a minute would make this run last six minutes).
    static func limits(_ connector: String) -> (real: RateLimitRule, used: RateLimitRule)? {
        let real = ProcessInfo.processInfo.environment["SWITCHBOARD_REAL_LIMITS"] == "1"
        switch connector {
        case "pipedrive": return (RateLimitRule(requests: 80, windowSeconds: 2), RateLimitRule(requests: 80, windowSeconds: real ? 2 : 0.5))
        case "copper": return (RateLimitRule(requests: 180, windowSeconds: 60), RateLimitRule(requests: 180, windowSeconds: real ? 60 : 1.5))
        default: return nil  // Zoho counts credits per day and calls in flight; Salesforce counts requests per day.
        }
    }

    @Test("1,000 contacts, 10 % 5xx (half after commit), 2 % dropped after commit, the CRM's rate limit: exactly 1,000, no duplicate",
          arguments: ["copper", "pipedrive", "zoho-crm", "salesforce"])
    func faultRun(_ connector: String) async throws {
        let limit = Self.limits(connector)
        let configuration = SandboxConfiguration(autoApprove: true, rateLimits: limit.map { [connector: $0.used] } ?? [:])
        try await CRMBench.with(connector, configuration) { b in
            let faulty = FaultScheduleTransport(inner: b.transport, sandbox: b.sandbox.baseURL, connector: connector)
            let limiter = limit.map { RateLimiter(limit: $0.used.requests, window: $0.used.windowSeconds) }
            // One record a request, so that faults hit records at the stated rates.
            let executor = b.executor(b.createContact, limiter: limiter, transport: faulty, useBatch: false)
            let run = try b.run(contacts(1000, prefix: "fault-\(connector)"), action: b.createContact)
            let report = try await executor.execute(run)
            #expect(faulty.armed.values.reduce(0, +) >= 100, "faults were injected: \(faulty.armed)")
            #expect(report.tally.succeeded == 1000, "\(report.tally)")
            #expect(report.recovered > 0, "writes that happened despite the fault were found, not repeated")
            #expect(report.rateLimited <= 1, "the limiter keeps to the limit: \(report.rateLimited) × 429")
            try await b.rateLimit(nil)
            let inSandbox = try await b.contactsByEmail()
            #expect(inSandbox.count == 1000)
            #expect(inSandbox.values.filter { $0.count > 1 }.isEmpty, "no duplicates")
            let links = try b.journal.items(run: run.id).compactMap(\.remoteID)
            #expect(Set(links) == Set(inSandbox.values.flatMap { $0 }), "every link points at the one copy")
            if let limit {
                // A sliding window lets the first `requests` go at once; each further `requests` waits a window.
                let least = Double(max(0, report.requests - limit.used.requests)) / Double(limit.used.requests) * limit.used.windowSeconds
                print("fault run \(connector): \(report.requests) requests in \(String(format: "%.1f", report.elapsed)) s; the limit (\(limit.used.requests) per \(limit.used.windowSeconds) s) allows it in \(String(format: "%.1f", least)) s at least: \(Int((least / report.elapsed * 100).rounded())) %; \(faulty.armed)")
            } else {
                print("fault run \(connector): \(report.requests) requests in \(String(format: "%.1f", report.elapsed)) s (no window limit); \(faulty.armed)")
            }
        }
    }

    @Test("after a crash between sending and recording, a resume finds the written contacts by email instead of creating them again",
          arguments: ["copper", "pipedrive", "zoho-crm", "salesforce"])
    func resumeAfterCrash(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let records = contacts(30, prefix: "crash-\(connector)")
            let run = try b.run(records, action: b.createContact)
            // The crashed process had sent the first 12 (they are in the CRM) but never recorded the answers.
            let sent = try b.run(Array(records.prefix(12)), action: b.createContact)
            _ = try await b.executor(b.createContact).execute(sent)
            try b.journal.markSending(run: run.id, positions: Array(0..<15))
            try await b.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
            let report = try await b.executor(b.createContact).execute(run)
            #expect(report.tally.succeeded == 30, "\(report.tally)")
            #expect(report.recovered == 12, "the 12 written ones are found by email and linked: \(report.recovered)")
            let inSandbox = try await b.contactsByEmail()
            #expect(inSandbox.count == 30 && inSandbox.values.allSatisfy { $0.count == 1 }, "\(inSandbox.count) emails")
        }
    }

    @Test("batches under faults after commit and dropped connections: each record once (Zoho and Salesforce)", arguments: ["zoho-crm", "salesforce"])
    func batchesUnderFaults(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            try await b.fault("errorAfterCommit", count: 2)
            try await b.fault("dropAfterCommit", count: 1)
            try await b.fault("errorBeforeCommit", count: 1, status: 502)
            let run = try b.run(contacts(450, prefix: "batch-\(connector)"), action: b.createContact)
            let report = try await b.executor(b.createContact).execute(run)
            #expect(report.tally.succeeded == 450, "\(report.tally)")
            // 5 batches, their retries, and the searches for the 3 interrupted ones (Zoho looks up 10 emails a request).
            #expect(report.requests < 60, "batches, not a request a record: \(report.requests)")
            let codes = try b.journal.items(run: run.id).map { $0.errorCode ?? "-" }
            #expect(report.recovered > 0, "the committed batches were found by email: \(report.requests) requests, \(Dictionary(codes.map { ($0, 1) }, uniquingKeysWith: +))")
            let inSandbox = try await b.contactsByEmail()
            #expect(inSandbox.count == 450 && inSandbox.values.allSatisfy { $0.count == 1 }, "\(inSandbox.count) emails")
        }
    }
}
