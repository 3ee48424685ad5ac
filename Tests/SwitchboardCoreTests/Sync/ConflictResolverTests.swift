import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Resolving queued conflicts writes the choice to both sides and leaves an audit trail.
@Suite("Conflict resolution", .serialized)
struct ConflictResolverTests {
    /// Ada's first name and phone changed on both sides under `manual`; returns the conflict.
    func conflicted(_ b: PushBench) async throws -> (conflict: SyncConflict, localID: String, remoteID: String) {
        let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
        let remoteID = try b.remoteID(of: ada.id)
        try await b.editLocal(ada.id, [("contact_first_name", "Local Ada"), ("contact_phone", "+1 555 1111")])
        try await b.editRemote(remoteID, ["firstname": "Remote Ada", "phone": "+1 555 2222"])
        let report = try await b.sync()
        #expect(report.conflictIDs.count == 1)
        let conflict = try #require(try b.queue.get(report.conflictIDs[0]))
        #expect(Set(conflict.fields.map(\.field)) == ["contact_first_name", "contact_phone"])
        return (conflict, ada.id, remoteID)
    }

    @Test("taking the local value writes it to the CRM, keeps it here, and audits the choice")
    func takeLocal() async throws {
        try await PushBench.with { b in
            let (conflict, localID, remoteID) = try await conflicted(b)
            let plan = try await b.resolver().resolve(conflict.id, choices: ["contact_first_name": .local], actor: "sam")
            #expect(plan.remoteWrites.keys.sorted() == ["contact_first_name"] && plan.localWrites.isEmpty)
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue == "Local Ada")
            #expect(try await b.remote(remoteID)["phone"]?.stringValue == "+1 555 2222", "the other field still waits")
            let after = try #require(try b.queue.get(conflict.id))
            #expect(after.status == .open && after.openFields.map(\.field) == ["contact_phone"])
            let audit = try b.queue.audit(conflictID: conflict.id)
            #expect(audit.count == 1)
            #expect(audit.first?.actor == "sam" && audit.first?.choice == "local" && audit.first?.value == "Local Ada")
            #expect(audit.first?.oldRemote == "Remote Ada" && audit.first?.oldBase == "Ada")
            // The next sync agrees with the choice and sends nothing for it.
            let next = try await b.sync()
            #expect(next.run.counts.updatedRemote == 0 && next.run.counts.updatedLocal == 0, "\(next.run.counts)")
            #expect(try b.records.get(localID, tenantID: b.tenant.id)!.value("contact_first_name")?.stringValue == "Local Ada")
        }
    }

    @Test("taking the CRM value or a typed one writes the local record; the last field closes the conflict")
    func takeRemoteAndValue() async throws {
        try await PushBench.with { b in
            let (conflict, localID, remoteID) = try await conflicted(b)
            try await b.resolver().resolve(conflict.id, choices: ["contact_first_name": .remote, "contact_phone": .value("+1 555 3333")], actor: "sam")
            let local = try b.records.get(localID, tenantID: b.tenant.id)!
            #expect(local.value("contact_first_name")?.stringValue == "Remote Ada")
            #expect(local.value("contact_phone")?.stringValue == "+1 555 3333")
            #expect(try await b.remote(remoteID)["phone"]?.stringValue == "+1 555 3333")
            #expect(try b.queue.get(conflict.id)?.status == .resolved)
            #expect(try b.queue.list(tenantID: b.tenant.id).isEmpty)
            let next = try await b.sync()
            #expect(next.run.counts.conflicts == 0 && next.run.counts.updatedRemote == 0, "\(next.run.counts)")
        }
    }

    @Test("taking the base value writes it to both sides")
    func takeBase() async throws {
        try await PushBench.with { b in
            let (conflict, localID, remoteID) = try await conflicted(b)
            let plan = try b.resolver().plan(conflict, choices: ["contact_first_name": .base])
            #expect(plan.request?.method == "PATCH" && plan.request?.url.hasSuffix("/contacts/\(remoteID)") == true)
            #expect(plan.request?.body?["properties"]?["firstname"] == "Ada")
            try await b.resolver().resolve(conflict.id, choices: ["contact_first_name": .base], actor: "sam")
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue == "Ada")
            #expect(try b.records.get(localID, tenantID: b.tenant.id)!.value("contact_first_name")?.stringValue == "Ada")
        }
    }

    @Test("when the CRM refuses the write, nothing is marked and the conflict stays")
    func refused() async throws {
        try await PushBench.with { b in
            let (conflict, localID, _) = try await conflicted(b)
            let before = try b.records.get(localID, tenantID: b.tenant.id)!
            try await b.fault("errorBeforeCommit", count: 1, status: 400)
            await #expect(throws: SyncError.self) {
                try await b.resolver().resolve(conflict.id, choices: ["contact_first_name": .local], actor: "sam")
            }
            #expect(try b.queue.get(conflict.id)?.openFields.count == 2)
            #expect(try b.queue.audit(conflictID: conflict.id).isEmpty)
            #expect(try b.records.get(localID, tenantID: b.tenant.id) == before)
        }
    }

    @Test("an unknown field is refused with the open ones named")
    func unknownField() async throws {
        try await PushBench.with { b in
            let (conflict, _, _) = try await conflicted(b)
            do {
                try await b.resolver().resolve(conflict.id, choices: ["contact_title": .local], actor: "sam")
                Issue.record("expected an error")
            } catch {
                #expect(String(describing: error).contains("contact_first_name") && String(describing: error).contains("contact_phone"))
            }
        }
    }
}
