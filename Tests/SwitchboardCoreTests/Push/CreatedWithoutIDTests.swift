import Foundation
import NIOConcurrencyHelpers
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCore

/// Found by the fuzz suite: a create answered 2xx with no id in its body was journalled as
/// succeeded with no CRM id, so no record link was kept and the next push wrote it a second time.
@Suite("A create answered without an id", .serialized)
struct CreatedWithoutIDTests {
    @Test("201 with no id: the record is not marked sent without a link, and it is not sent again; it waits as `sending` for a resume")
    func createdWithoutID() async throws {
        let w = try await TestWorkspace.make("noid")
        defer { Task { await w.close() } }
        let posts = NIOLockedValueBox(0)
        let server = try RawHTTPServer { request in
            if request.hasPrefix("POST /crm/v3/objects/contacts ") { posts.withLockedValue { $0 += 1 } }
            return Array(RawHTTPServer.response(status: 201, reason: "Created", body: #"{"properties":{"email":"noid@example.com"}}"#).utf8)
        }
        defer { server.stop() }
        let hubspot = try #require(w.catalog.connector(id: "hubspot"))
        let target = try #require(server.target(hubspot, action: "createContact"))
        let record = UniversalRecord(id: "n1", object: .contact, fields: JSONObject([("contact_email", "noid@example.com"), ("contact_last_name", "Noid")]))
        let plan = try w.workspace.pushPlan(target, records: [record], tenant: w.tenant)
        let run = try w.workspace.startPushRun(plan, tenant: w.tenant, source: "test", onlyValid: true)
        _ = try await w.workspace.pushExecutor(target, plan: plan).execute(run)
        let item = try #require(try w.workspace.stores().journal.items(run: run.id).first)
        #expect(item.state == .sending, "not \(item.state): an outcome without an id is not a success to link")
        #expect(posts.withLockedValue { $0 } == 1, "sent once, never again blind")
    }
}
