import ConsoleKit
import Foundation
@testable import SwitchboardConsole
import SwitchboardCore
import Testing

/// The Preview of a stored record shows the request a push would send: the associated records'
/// CRM ids in place of the tenant's local ids, and a record whose associated record is not in the
/// CRM yet marked as waiting (not valid, not sendable).
@Suite("Preview: associated records by their CRM ids", .serialized)
struct PreviewReferencesTests {
    /// Selects acme and HubSpot, finds the stored record `id` on the Records screen, and presses `p`.
    static func previewStored(_ id: String, _ f: ConsoleDataFixture) async {
        await f.command("tenant acme")
        await f.command("connector hubspot")
        await f.command("records")
        f.console.press("/")
        f.console.type(id)
        f.console.press("enter")
        f.console.press("p")
        await f.console.settle()
    }

    @Test("an activity about a pushed contact previews with the contact's HubSpot id; one about an unpushed contact waits")
    func references() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let w = f.base.workspace
            let contact = UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "ada.ref@example.com"), ("contact_last_name", "Ref")]))
            let target = try await w.pushTarget(connector: "hubspot", action: "createContact", tenant: f.tenant, requireCredential: true)
            let plan = try w.pushPlan(target, records: [contact], tenant: f.tenant)
            let run = try w.startPushRun(plan, tenant: f.tenant, source: "test", onlyValid: true)
            _ = try await w.pushExecutor(target, plan: plan).execute(run)
            let crmID = try #require(try w.stores().journal.items(run: run.id).first?.remoteID)

            func activity(_ id: String, _ contact: String) -> UniversalRecord {
                UniversalRecord(id: id, object: .activity, fields: JSONObject([("activity_subject", .string("Call \(id)")), ("activity_body", "Notes"),
                                                                              ("activity_due_at", "2026-12-04T10:00:00Z"), ("activity_contact_id", .string(contact))]))
            }
            _ = try LocalRecordStore(store: f.store).importRecords([activity("ac-1", "ct-1"), activity("ac-2", "ct-9")], object: .activity,
                                                                   tenantID: f.tenant.id, file: "t")
            await Self.previewStored("ac-1", f)
            let text = f.console.text
            #expect(text.contains("Preview") && text.contains("\"\(crmID)\""), "the contact's HubSpot id \(crmID) is in the body:\n\(text)")
            #expect(!text.contains("\"ct-1\"") && text.contains("✓ valid"), "\(text)")

            f.console.press("escape")
            f.console.press("/")
            f.console.press("backspace")
            f.console.type("2")
            f.console.press("enter")
            f.console.press("p")
            await f.console.settle()
            #expect(f.console.text.contains("waits") && f.console.text.contains("ct-9") && !f.console.text.contains("✓ valid"), "\(f.console.text)")
        }
    }

    @Test("issue 18: a record the tenant pushed previews its update with {contactId} from the link, valid; the send changes that contact, no second copy")
    func linkedRecordPreviewsUpdate() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let w = f.base.workspace
            let contact = UniversalRecord(id: "ct-7", object: .contact, fields: JSONObject([("contact_email", "lin.update@example.com"), ("contact_last_name", "Lin")]))
            _ = try LocalRecordStore(store: f.store).importRecords([contact], object: .contact, tenantID: f.tenant.id, file: "t")
            let target = try await w.pushTarget(connector: "hubspot", action: "createContact", tenant: f.tenant, requireCredential: true)
            let plan = try w.pushPlan(target, records: [contact], tenant: f.tenant)
            let run = try w.startPushRun(plan, tenant: f.tenant, source: "test", onlyValid: true)
            _ = try await w.pushExecutor(target, plan: plan).execute(run)
            let crmID = try #require(try w.stores().journal.items(run: run.id).first?.remoteID)

            // The contact changed locally since; p previews the update of the HubSpot contact.
            var edited = contact
            edited.fields["contact_first_name"] = "Lina"
            _ = try LocalRecordStore(store: f.store).importRecords([edited], object: .contact, tenantID: f.tenant.id, file: "t")
            await Self.previewStored("ct-7", f)
            let preview = try #require(f.console.model.top as? PreviewScreen)
            #expect(preview.action.operation == .update && preview.unresolvedPathParameters.isEmpty)
            let text = f.console.text
            #expect(text.contains("Already in HubSpot as \(crmID)"), "\(text)")
            #expect(text.contains("/crm/v3/objects/contacts/\(crmID)") && !text.contains("{contactId}"), "\(text)")
            #expect(text.contains("✓ valid"), "\(text)")

            f.console.press("ctrl+j")
            await f.console.settle()
            f.console.press("y")
            await f.console.settle()
            let sent = try #require(f.console.model.top as? PreviewScreen)
            guard case .done(let outcome) = sent.send else { Issue.record("not sent: \(f.console.text)"); return }
            #expect(outcome.items.first?.state == .succeeded, "\(f.console.text)")
            #expect(try await f.contactsByEmail()["lin.update@example.com"] == [crmID], "updated in place, not created again")
        }
    }

    @Test("issue 18: an update preview of a record never pushed says plainly it is not linked yet, and is not valid")
    func unlinkedUpdateSaysSo() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let update = try #require(hubspot.actions(for: .contact, .update).first { !$0.isBatch })
        let screen = PreviewScreen(connector: hubspot, action: update, record: .sample(.contact))
        let text = screen.lines(theme: .builtInDefault).map { $0.map(\.text).joined() }.joined(separator: "\n")
        #expect(text.contains("{contactId}") && text.contains("not linked to a HubSpot record yet"), "\(text)")
        #expect(screen.sendableRequest == nil && !text.contains("✓ valid"))
        let linked = PreviewScreen(connector: hubspot, action: update, record: .sample(.contact),
                                   resolved: ResolvedRecord(record: .sample(.contact), linkedID: "901"))
        #expect(linked.unresolvedPathParameters.isEmpty && linked.sendableRequest?.url.hasSuffix("/contacts/901") == true)
    }
}
