import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Sync is driven by the manifest: the same engine against the sandbox's Salesforce (SOQL with
/// `SystemModstamp >`, `nextRecordsUrl` paging, composite writes).
@Suite("Salesforce sync", .serialized)
struct SalesforceSyncTests {
    @Test("contacts go to Salesforce, a Salesforce edit comes back, an incremental pull asks only for changes")
    func roundTrip() async throws {
        try await PushBench.with { b in
            let token = try await b.base.mintToken("salesforce")
            let salesforce = try #require(b.catalog.connector(id: "salesforce"))
            func engine() throws -> SyncEngine {
                try SyncEngine(connector: salesforce, object: .contact, tenantID: b.tenant.id, store: b.store, transport: b.transport,
                               access: StaticAccess(.init(accessToken: token)), limiter: RateLimiter(limit: nil, window: 1),
                               retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxDelay: 0.05))
            }
            try b.importContacts([("ada@example.com", "Ada", "+1 555 0100"), ("bob@example.com", "Bob", "+1 555 0101")])
            let first = try await engine().run()
            #expect(first.run.counts.createdRemote == 2 && first.failures.isEmpty, "\(first.run.counts) \(first.failures)")
            let ada = try b.local(email: "ada@example.com")
            let remoteID = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "salesforce", object: .contact, localID: ada.id))
            try await Task.sleep(nanoseconds: 1_100_000_000) // SystemModstamp has whole seconds in SOQL filters
            let edit = try await b.transport.send(HTTPRequestValue(method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/salesforce/Contact/\(remoteID)",
                                                                   headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                   body: Data(#"{"fields": {"FirstName": "Augusta"}}"#.utf8)))
            #expect(edit.status == 200, "\(edit.text)")
            let second = try await engine().run()
            #expect(second.failures.isEmpty, "\(second.failures)")
            #expect(second.run.counts.updatedLocal == 1, "\(second.run.counts)")
            #expect(try b.records.get(ada.id, tenantID: b.tenant.id)?.value("contact_first_name") == "Augusta")
            #expect(second.run.counts.pulled <= 2, "only changes since the checkpoint: \(second.run.counts.pulled)")
        }
    }
}
