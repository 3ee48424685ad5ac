import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

@Suite("Pushing to the sandbox", .serialized)
struct PushExecutorTests {
    @Test("one contact is created, its CRM id is linked, and pushing it again does not create it twice")
    func single() async throws {
        try await PushBench.with { bench in
            let ada = contacts(1, prefix: "ada")
            let report = try await bench.executor().execute(try bench.run(ada))
            #expect(report.tally.succeeded == 1)
            let link = try bench.journal.link(tenantID: bench.tenant.id, connectorID: "hubspot", object: .contact, localID: ada[0].localKey!)
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox["ada0@example.com"] == [try #require(link)])
            let again = try await bench.executor().execute(try bench.run(ada))
            #expect(again.tally.skipped == 1 && again.tally.succeeded == 0)
            #expect(again.requests == 0, "an already linked record is not sent")
            #expect(try await bench.contactsByEmail()["ada0@example.com"]?.count == 1)
        }
    }

    @Test("250 contacts go in batches of at most 100 and every one is linked")
    func batches() async throws {
        try await PushBench.with { bench in
            let run = try bench.run(contacts(250))
            let report = try await bench.executor().execute(run)
            #expect(report.tally.succeeded == 250)
            #expect(report.requests == 3, "250 records = 3 batch requests")
            #expect(try bench.journal.linkCount(tenantID: bench.tenant.id, connectorID: "hubspot") == 250)
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 250 && inSandbox.values.allSatisfy { $0.count == 1 })
            #expect(try bench.journal.run(run.id)?.status == .finished)
        }
    }

    @Test("an invalid record fails with the reason and the others still go")
    func invalidRecord() async throws {
        try await PushBench.with { bench in
            var records = contacts(3)
            records[1].fields["contact_email"] = nil
            records[1].id = "local-1"
            let run = try bench.run(records)
            let report = try await bench.executor(useBatch: false).execute(run)
            #expect(report.tally.succeeded == 2 && report.tally.failed == 1)
            let failed = try bench.journal.items(run: run.id, states: [.failed])
            #expect(failed.first?.errorCode == "VALIDATION_ERROR")
            #expect(failed.first?.errorMessage?.contains("email") == true, "\(failed.first?.errorMessage ?? "")")
        }
    }

    @Test("faults after commit, dropped connections and 5xx: every contact exactly once")
    func faults() async throws {
        try await PushBench.with { bench in
            try await bench.fault("errorAfterCommit", count: 2)
            try await bench.fault("dropAfterCommit", count: 2)
            try await bench.fault("errorBeforeCommit", count: 2, status: 502)
            let run = try bench.run(contacts(600))
            let report = try await bench.executor().execute(run)
            #expect(report.tally.succeeded == 600, "\(report.tally)")
            #expect(report.recovered > 0, "writes that happened despite the error were found, not repeated")
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 600)
            #expect(inSandbox.values.filter { $0.count > 1 }.isEmpty, "no duplicates")
            let links = try bench.journal.items(run: run.id).compactMap(\.remoteID)
            #expect(Set(links) == Set(inSandbox.values.flatMap { $0 }), "every link points at the one copy")
        }
    }

    @Test("10,000 contacts under HubSpot's rate limit with 10 % 5xx (half after commit) and 2 % dropped connections: exactly 10,000, no duplicate")
    func bulkUnderFaults() async throws {
        let hubspotLimit = SandboxConfiguration(autoApprove: true, rateLimits: SandboxConfiguration.defaultRateLimits)
        try await PushBench.with(hubspotLimit) { bench in
            let faulty = FaultScheduleTransport(inner: bench.transport, sandbox: bench.sandbox.baseURL)
            let action = bench.hubspot.action(id: "createContact")!.action
            let executor = PushExecutor(connector: bench.hubspot, action: action, mapping: .defaults(bench.hubspot, actionId: action.id),
                                        transport: faulty, access: StaticAccess(.init(accessToken: bench.token)), journal: bench.journal,
                                        retry: RetryPolicy(maxAttempts: 8, baseDelay: 0.01, maxDelay: 0.2))
            let run = try bench.run(contacts(10_000, prefix: "bulk"))
            let report = try await executor.execute(run)
            #expect(faulty.armed.values.reduce(0, +) >= 3, "faults were injected: \(faulty.armed)")
            #expect(report.tally.succeeded == 10_000, "\(report.tally)")
            #expect(report.rateLimited <= 1, "the limiter keeps to the limit: \(report.rateLimited) × 429")
            try await bench.rateLimitOff()
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 10_000)
            #expect(inSandbox.values.filter { $0.count > 1 }.isEmpty, "no duplicates")
            let items = try bench.journal.items(run: run.id)
            #expect(items.allSatisfy { $0.state == .succeeded && $0.remoteID != nil }, "history accounts for every record")
        }
    }

    @Test("after a crash between sending and recording, a resume finds the written records instead of creating them again")
    func resumeAfterCrash() async throws {
        try await PushBench.with { bench in
            let records = contacts(120)
            let run = try bench.run(records)
            // The crashed process had sent the first 50 (they are in the CRM) but never recorded the answer.
            let first = try bench.run(Array(records.prefix(50)))
            _ = try await bench.executor().execute(first)
            try bench.journal.markSending(run: run.id, positions: Array(0..<60))
            try await bench.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
            let report = try await bench.executor().execute(run)
            #expect(report.tally.succeeded == 120, "\(report.tally)")
            #expect(report.recovered == 50, "the 50 written ones are found by email and linked")
            let inSandbox = try await bench.contactsByEmail()
            #expect(inSandbox.count == 120 && inSandbox.values.allSatisfy { $0.count == 1 })
        }
    }

    @Test("a refused token stops the run with INVALID_CREDENTIAL and loses nothing")
    func invalidCredential() async throws {
        try await PushBench.with { bench in
            let run = try bench.run(contacts(5))
            await #expect(throws: PushStop.self) { try await bench.executor(token: "not-a-token").execute(run) }
            #expect(try bench.journal.run(run.id)?.status == .stopped)
            #expect(try bench.journal.tally(run: run.id).succeeded == 0)
            let resumed = try await bench.executor().execute(run)
            #expect(resumed.tally.succeeded == 5, "the run resumes once the credential is good")
        }
    }

    @Test("the rate limiter keeps to the sandbox's HubSpot limit: no 429")
    func rateLimit() async throws {
        let limited = SandboxConfiguration(autoApprove: true, rateLimits: ["hubspot": RateLimitRule(requests: 10, windowSeconds: 1)])
        try await PushBench.with(limited) { bench in
            let run = try bench.run(contacts(25))
            let report = try await bench.executor(useBatch: false, limiter: RateLimiter(limit: 10, window: 1.05)).execute(run)
            #expect(report.tally.succeeded == 25)
            #expect(report.rateLimited == 0, "the limiter kept under the limit")
            #expect(report.elapsed >= 2, "25 requests at 10 per second take at least 2 s")
        }
    }

    @Test("250 linked contacts are updated through the batch update action (3 requests, ids from the links); a 5xx is simply retried")
    func batchUpdates() async throws {
        try await PushBench.with { b in
            let people = contacts(250)
            let created = try await b.executor().execute(b.run(people))
            #expect(created.tally.succeeded == 250)
            let renamed = people.map { p in
                var r = p
                r.fields["contact_first_name"] = .string("Renamed")
                return r
            }
            try await b.fault("errorAfterCommit", count: 1, status: 503)
            let report = try await b.executor("updateContact").execute(b.run(renamed, actionID: "updateContact"))
            #expect(report.tally.succeeded == 250, "\(report.tally)")
            #expect(report.requests == 4, "3 batches of at most 100, one sent twice after the 503: \(report.requests)")
            let byEmail = try await b.contactsByEmail()
            #expect(byEmail.count == 250 && byEmail.values.allSatisfy { $0.count == 1 }, "no contact created by an update")
            let sample = try JSONParser.parse(try await b.transport.send(HTTPRequestValue(
                method: "GET", url: b.sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts/\(byEmail["person7@example.com"]![0])?properties=firstname",
                headers: [HTTPHeaderField("Authorization", "Bearer \(b.token)")])).body)
            #expect(sample["properties"]?["firstname"] == "Renamed")
        }
    }
}
