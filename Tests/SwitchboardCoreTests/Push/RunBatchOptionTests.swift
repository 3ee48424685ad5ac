import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Issue 18, finding 11: `push --resume` dropped `--no-batch`. A run keeps whether it sends
/// through batch actions, and reading it back (as a resume does) gives the same answer.
@Suite("A run remembers --no-batch")
struct RunBatchOptionTests {
    @Test("a run started without batches is read back without; one started with batches, with")
    func remembered() async throws {
        try await TestWorkspace.with("sbnobatch", connectHubSpot: false) { t in
            let journal = try t.workspace.stores().journal
            let hubspot = try #require(t.catalog.connector(id: "hubspot"))
            func start(_ useBatch: Bool) throws -> PushRun {
                let records = contacts(2, prefix: useBatch ? "batch" : "single")
                return try journal.createRun(tenantID: t.tenant.id, connectorID: "hubspot", actionID: "createContact", object: .contact, source: "test",
                                             mapping: .defaults(hubspot, actionId: "createContact"), records: records.map { ($0.localKey!, $0) }, useBatch: useBatch)
            }
            let single = try start(false), batched = try start(true)
            #expect(try journal.run(single.id)?.useBatch == false)
            #expect(try journal.run(batched.id)?.useBatch == true)
        }
    }
}
