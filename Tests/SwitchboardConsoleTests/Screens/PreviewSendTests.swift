import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// Sending from the Preview screen (ctrl+j, confirm) through the push engine to a live sandbox
/// over real sockets; the History screen reads the runs back.
@Suite("Send from Preview and the History screen", .serialized)
struct PreviewSendTests {
    /// Opens HubSpot createContact's schema (the first action) and previews the sample contact.
    func openPreview(_ f: ConsoleDataFixture) async throws {
        await f.command("tenant acme")
        await f.command("connector hubspot")
        f.console.press("enter")
        #expect((f.console.model.top as? SchemaScreen)?.action.id == "createContact")
        f.console.press("p")
        #expect(f.console.model.top is PreviewScreen)
    }

    @Test("ctrl+j asks, y sends exactly the previewed body with the tenant's mapping; the contact is in the sandbox, linked; a second send is not a duplicate; :history shows both runs")
    func sendAndHistory() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let console = f.console
            let hubspot = try #require(f.catalog.connector(id: "hubspot"))
            var mapping = FieldMapping.defaults(hubspot, actionId: "createContact")
            mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/lifecyclestage"), source: .constant("lead")))
            _ = try MappingStore(store: f.store).save(mapping, tenantID: f.tenant.id, note: "leads")
            try await openPreview(f)
            #expect(console.text.contains("mapping: acme's version 1"), "the preview follows the tenant's mapping")
            #expect(console.text.contains("\"lifecyclestage\": \"lead\""))
            #expect(console.text.contains("Authorization: Bearer <acme's token, added when sent>"))

            console.press("ctrl+j")
            await console.settle()
            #expect(console.text.contains("Send to HubSpot?"), "\(console.text)")
            console.press("y")
            await console.settle()
            let screen = try #require(console.model.top as? PreviewScreen)
            guard case .done(let outcome) = screen.send else { Issue.record("not done: \(console.text)"); return }
            let item = try #require(outcome.items.first)
            #expect(item.state == .succeeded)
            let id = try #require(item.remoteID)
            #expect(item.httpStatus == 201)
            #expect(console.text.contains("✓ Sent: HubSpot id \(id)"))
            #expect(console.text.contains("HTTP 201 · 1 attempt"))

            let contacts = try await f.contactsByEmail()
            #expect(contacts["sarah.jones@techcorp.com"] == [id])
            let link = try PushJournal(store: f.store).link(tenantID: f.tenant.id, connectorID: "hubspot", object: .contact, localID: "sample-contact")
            #expect(link == id)

            // Again: the record link turns the create into the update of that contact, shown before
            // anything is sent; the send then changes it in place, never a second contact.
            console.press("ctrl+j")
            await console.settle()
            let update = try #require(console.model.top as? PreviewScreen)
            #expect(update.action.id == "updateContact" && console.text.contains("/contacts/\(id)"), "\(console.text)")
            #expect(console.text.contains("Already in HubSpot as \(id)") && console.text.contains("ctrl+j again"), "\(console.text)")
            console.press("ctrl+j")
            await console.settle()
            console.press("y")
            await console.settle()
            #expect(console.text.contains("✓ Sent: HubSpot id \(id)"), "\(console.text)")
            #expect(try await f.contactsByEmail()["sarah.jones@techcorp.com"] == [id])

            await f.command("history")
            #expect(console.model.top is HistoryScreen)
            #expect(console.text.contains("Push runs of acme"))
            #expect(console.text.contains("HubSpot createContact") && console.text.contains("HubSpot updateContact"))
            let runs = try PushJournal(store: f.store).runs(tenantID: f.tenant.id)
            #expect(runs.count == 2)
            #expect(console.text.contains(runs[0].id) && console.text.contains(runs[1].id))
            // The older run (second row) holds the created contact.
            console.press("j", "enter")
            let items = try #require(console.model.top as? RunItemsScreen)
            #expect(items.summary.run.id == runs[1].id)
            #expect(console.text.contains("sample-contact"))
            #expect(console.text.contains("succeeded"))
            #expect(console.text.contains(id))
            console.press("esc", "k", "enter")
            #expect((console.model.top as? RunItemsScreen)?.summary.run.actionID == "updateContact")
            #expect(console.text.contains("succeeded") && console.text.contains(id))
        }
    }

    @Test("a provider rejection is shown with its code and message (the sandbox refuses a bad email)")
    func rejection() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let console = f.console
            let hubspot = try #require(f.catalog.connector(id: "hubspot"))
            var mapping = FieldMapping.defaults(hubspot, actionId: "createContact")
            // A property HubSpot does not have: the schema allows custom properties, the sandbox refuses unknown ones.
            mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/no_such_property"), source: .constant("x")))
            _ = try MappingStore(store: f.store).save(mapping, tenantID: f.tenant.id, note: "bad")
            try await openPreview(f)
            console.press("ctrl+j")
            await console.settle()
            console.press("y")
            await console.settle()
            let screen = try #require(console.model.top as? PreviewScreen)
            guard case .done(let outcome) = screen.send else { Issue.record("not done: \(console.text)"); return }
            let item = try #require(outcome.items.first)
            #expect(item.state == .failed)
            let code = try #require(item.errorCode)
            #expect(console.text.contains("✖ Failed: \(code) (HTTP 400)"), "\(console.text)")
            #expect(try await f.contactsByEmail()["sarah.jones@techcorp.com"] == nil)
        }
    }

    @Test("sending needs a tenant and a credential, and a valid request; n cancels the confirmation")
    func refusals() async throws {
        try await ConsoleDataFixture.with(sandbox: true, connect: false) { f in
            let console = f.console
            await f.command("connector hubspot")
            console.press("enter", "p")
            console.press("ctrl+j")
            await console.settle()
            #expect(console.text.contains("Select a tenant first"))
            await f.command("tenant acme")
            console.press("ctrl+j")
            await console.settle()
            #expect(console.text.contains("acme has no HubSpot credential — :connect hubspot first"))
            let runs = try PushJournal(store: f.store).runs()
            #expect(runs.isEmpty, "nothing was started")
        }
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let console = f.console
            try await openPreview(f)
            console.press("ctrl+j")
            await console.settle()
            console.press("n")
            #expect(console.text.contains("Not sent"))
            #expect(!console.text.contains("Send to HubSpot?"))
            let runs = try PushJournal(store: f.store).runs()
            #expect(runs.isEmpty)
            // An invalid request cannot be sent: the key says why.
            let salesforce = try #require(f.catalog.connector(id: "salesforce"))
            let action = try #require(salesforce.action(id: "createContact")?.action)
            console.model.screens.append(PreviewScreen(connector: salesforce, action: action,
                                                       record: UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "a@b.co")])), followsTenant: false))
            console.press("ctrl+j")
            #expect(console.text.contains("the request is not valid"))
        }
    }
}
