import Foundation
import SwitchboardCore
import Testing

/// The push plan: what a push of records would do, worked out once before anything is sent.
@Suite("Push plan")
struct PushPlanTests {
    let hubspot = ConnectorCatalog.load(userDirectories: []).catalog.connector(id: "hubspot")!

    func target(_ actionID: String = "createContact") -> PushTarget {
        let action = hubspot.action(id: actionID)!.action
        return PushTarget(manifest: hubspot, action: action, mapping: .defaults(hubspot, actionId: actionID), access: StaticAccess(.notConnected),
                          previewAccess: .notConnected, linkConnectorID: "hubspot")
    }

    func contact(_ email: String?, id: String? = nil) -> UniversalRecord {
        var fields = JSONObject([("contact_first_name", "Ada")])
        if let email { fields["contact_email"] = .string(email) }
        return UniversalRecord(id: id, object: .contact, fields: fields)
    }

    @Test("keys, repeats, links and invalid bodies are sorted once; counts follow")
    func sortsRecords() {
        let records = [contact("ada@example.com"), contact("bob@example.com"), contact("ADA@example.com"), contact(nil), contact("not-an-email")]
        let plan = PushPlan(target: target(), records: records, unreadable: ["line 9: field contact_email: not an email address"]) { _, key in
            key == "email:bob@example.com" ? "4242" : nil
        }
        #expect(plan.entries.map(\.key) == ["email:ada@example.com", "email:bob@example.com", "email:ada@example.com", nil, "email:not-an-email"])
        #expect(plan.entries[2].keyProblem == "repeats email:ada@example.com (each record may appear once)")
        #expect(plan.entries[3].keyProblem == "no id and no unique key (contact_email)")
        #expect(!plan.entries[4].prepared.isValid && plan.entries[4].problems.contains { $0.contains("/properties/email") })
        #expect(plan.entries[1].linkedID == "4242")
        #expect(plan.toCreate == 1 && plan.linked == 1 && plan.toSend == 1)
        #expect(plan.invalid.map(\.position) == [3, 4, 5] && plan.invalidCount == 4 && plan.total == 6)
        #expect(plan.firstKeyProblem?.message == "record 3 repeats email:ada@example.com; each record may appear once")
        // The journal takes the identified records (invalid bodies too, so the run says why), or only the sendable ones.
        #expect(plan.journalRecords(onlyValid: false).map(\.localID) == ["email:ada@example.com", "email:bob@example.com", "email:not-an-email"])
        #expect(plan.journalRecords(onlyValid: true).map(\.localID) == ["email:ada@example.com", "email:bob@example.com"])
        #expect(Set(plan.preparedBodies.keys) == ["email:ada@example.com", "email:bob@example.com", "email:not-an-email"])
    }

    @Test("the request of an entry uses its prepared body and, for an update, its link as the path parameter")
    func requests() throws {
        let create = PushPlan(target: target(), records: [contact("ada@example.com")]) { _, _ in nil }
        let request = try create.request(for: create.entries[0], access: AccessGrant(accessToken: "tok-123456"))
        #expect(request.body == create.entries[0].prepared.body && request.isValid)
        #expect(request.displayHeaders.first?.value == "Bearer ••••3456")
        let update = PushPlan(target: target("updateContact"), records: [contact("ada@example.com")]) { _, _ in "777" }
        let patch = try update.request(for: update.entries[0], access: .notConnected)
        #expect(patch.url.hasSuffix("/crm/v3/objects/contacts/777"), "\(patch.url)")
        let unlinked = PushPlan(target: target("updateContact"), records: [contact("ada@example.com")]) { _, _ in nil }
        #expect(throws: RequestBuilder.Failure.self) { try unlinked.request(for: unlinked.entries[0], access: .notConnected) }
    }
}
