import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// `history retry`: a run's failed records queued again, counted right (issue 18, finding 11: it
/// said "1 failed record queued again" when it queued 3).
@Suite("Queue a run's failed records again")
struct RequeueTests {
    @Test("three failed records and one done: three are queued again, the done one stays done")
    func requeue() async throws {
        try await TestWorkspace.with("sbrequeue", connectHubSpot: false) { t in
            let journal = try t.workspace.stores().journal
            let hubspot = try #require(t.catalog.connector(id: "hubspot"))
            let records = contacts(4, prefix: "requeue")
            let run = try journal.createRun(tenantID: t.tenant.id, connectorID: "hubspot", actionID: "createContact", object: .contact, source: "test",
                                            mapping: .defaults(hubspot, actionId: "createContact"), records: records.map { ($0.localKey!, $0) })
            try journal.markSending(run: run.id, positions: [0, 1, 2, 3])
            var outcomes = (0...2).map { PushJournal.Outcome(position: $0, state: .failed, errorCode: "PROVIDER_ERROR", errorMessage: "boom") }
            outcomes.append(PushJournal.Outcome(position: 3, state: .succeeded, remoteID: "901"))
            try journal.complete(run: run, outcomes: outcomes, localIDs: Dictionary(uniqueKeysWithValues: records.enumerated().map { ($0.offset, $0.element.localKey!) }))
            let before = try journal.items(run: run.id).map { "\($0.position):\($0.state)" }
            #expect(before == ["0:failed", "1:failed", "2:failed", "3:succeeded"])
            #expect(try journal.requeueFailed(run: run.id) == 3, "\(before)")
            let states = try journal.items(run: run.id).map(\.state)
            #expect(states == [.queued, .queued, .queued, .succeeded], "\(states)")
        }
    }
}
