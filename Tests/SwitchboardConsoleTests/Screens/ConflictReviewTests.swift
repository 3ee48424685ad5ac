import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The Sync, Conflicts, review and Records screens, headless, over a real sandbox and store:
/// a conflict made by editing both sides is resolved from the keyboard and lands in the CRM.
@Suite("Sync and conflict review screens", .serialized)
struct ConflictReviewTests {
    final class Fixture: @unchecked Sendable {
        let base: TestWorkspace
        let token: String
        let console: ProgramHarness<SwitchboardApp>
        var sandbox: SandboxServer { base.sandbox! }
        var transport: AsyncHTTPTransport { base.transport }
        var store: SwitchboardStore { base.store }
        var tenant: Tenant { base.tenant }
        var catalog: ConnectorCatalog { base.catalog }

        init() async throws {
            base = try await TestWorkspace.make("sb-review", sandbox: SandboxConfiguration(autoApprove: true, rateLimits: [:]), connectHubSpot: false,
                                                apps: { _ throws(AuthError) in AppCredentials(clientID: "c", clientSecret: "s", source: "test") })
            token = try await base.connect("hubspot")
            let dependencies = Dependencies(loadTheme: { _ throws(ThemeError) in .builtInDefault }, availableThemes: { [] }, now: { Date() },
                                            sync: ConsoleSync.live(workspace: base.workspace))
            console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies),
                                     model: AppModel(catalog: base.catalog, context: SessionContext(tenant: "acme", isSandbox: true)), size: Size(width: 140, height: 32))
        }

        func stop() async { await base.close() }

        func command(_ text: String) {
            console.press(":")
            console.type(text)
            console.press("enter")
        }

        func editRemote(_ id: String, _ field: String, _ value: String) async throws {
            let body = #"{"fields": {"\#(field)": "\#(value)"}}"#
            let r = try await transport.send(HTTPRequestValue(method: "PATCH", url: sandbox.baseURL.absoluteString + "/admin/records/hubspot/contacts/\(id)",
                                                              headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8)))
            #expect(r.status == 200)
        }

        func remoteFirstName(_ id: String) async throws -> String? {
            let r = try await transport.send(HTTPRequestValue(method: "GET", url: sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts/\(id)?properties=firstname",
                                                              headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
            return try JSONParser.parse(r.body)["properties"]?["firstname"]?.stringValue
        }

        /// Ada imported, synced (created in the CRM), then her first name edited on both sides and synced again from the Sync screen.
        func conflictOnAda(ours: String = "Adelaide", theirs: String = "Ada-in-CRM") async throws -> (localID: String, remoteID: String) {
            let records = LocalRecordStore(store: store)
            _ = try records.importRecords([UniversalRecord(id: "c1", object: .contact, fields: JSONObject([("contact_email", "ada@example.com"), ("contact_first_name", "Ada"), ("contact_last_name", "Lovelace")]))],
                                          object: .contact, tenantID: tenant.id, file: "test")
            command("sync")
            #expect(console.text.contains("contact"), "\(console.text)")
            #expect(console.text.contains("never synced"))
            console.press("enter")
            await console.settle()
            #expect(console.text.contains("1 created"), "\(console.text)")
            let remoteID = try #require(try PushJournal(store: store).link(tenantID: tenant.id, connectorID: "hubspot", object: .contact, localID: "c1"))
            try await Task.sleep(nanoseconds: 5_000_000)
            try records.update("c1", tenantID: tenant.id, changes: [("contact_first_name", .string(ours))])
            try await Task.sleep(nanoseconds: 5_000_000)
            try await editRemote(remoteID, "firstname", theirs)
            console.press("r")
            await console.settle()
            #expect(console.text.contains("1 conflict to review (c)"), "\(console.text)")
            return ("c1", remoteID)
        }
    }

    @Test("run a sync from the Sync screen, review the conflict, take ours, preview both writes, apply: the CRM has our value")
    func takeOursAndApply() async throws {
        let f = try await Fixture()
        do {
            let (_, remoteID) = try await f.conflictOnAda()
            f.console.press("c")
            #expect(f.console.text.contains("ada@example.com") && f.console.text.contains("contact_first_name"), "\(f.console.text)")
            f.console.press("enter")
            let review = f.console.text
            #expect(review.contains("Adelaide") && review.contains("Ada-in-CRM"), "\(review)")
            #expect(review.contains("Base") && review.contains("Ours (local)") && review.contains("Theirs (CRM)"))
            f.console.press("o")
            #expect(f.console.text.contains("→ ours"))
            f.console.press("u")
            #expect(!f.console.text.contains("→ ours"), "undo takes the choice back")
            f.console.press("o")
            f.console.press("a")
            let confirm = f.console.text
            #expect(confirm.contains("Both writes") && confirm.contains("PATCH") && confirm.contains(#""firstname":"Adelaide""#), "\(confirm)")
            #expect(try await f.remoteFirstName(remoteID) == "Ada-in-CRM", "nothing is written before y")
            f.console.press("y")
            await f.console.settle()
            #expect(f.console.text.contains("Applied to both sides"), "\(f.console.text)")
            #expect(try await f.remoteFirstName(remoteID) == "Adelaide")
            #expect(try ConflictQueue(store: f.store).list(tenantID: f.tenant.id).isEmpty)
            #expect(try ConflictQueue(store: f.store).audit(tenantID: f.tenant.id).first?.actor == "tester")
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test("issue 24 finding 4: at 80×24 the review shows both values whole under the table; esc with a choice asks first")
    func reviewAt80x24() async throws {
        let f = try await Fixture()
        do {
            let ours = "+31 40 000 0000 extension 1234 (front desk)", theirs = "+31 40 247 9999 extension 5678 (sales team)"
            _ = try await f.conflictOnAda(ours: ours, theirs: theirs)
            f.command("conflicts")
            f.console.send(.resize(Size(width: 80, height: 24)))
            // Finding 9 in the queue too: the connector by its name.
            #expect(f.console.text.contains("HubSpot") && !f.console.text.contains(" hubspot "), "\(f.console.text)")
            f.console.press("enter")
            let review = f.console.text
            #expect(review.contains(ours) && review.contains(theirs), "both values whole at 80×24:\n\(review)")
            // Finding 9: the heading names the connector as everywhere else, not by its id.
            #expect(review.contains("HubSpot contact") && !review.contains("hubspot contact"), "\(review)")
            f.console.press("t")
            f.console.press("esc")
            #expect(f.console.text.contains("Leave Conflict"), "esc with a choice asks:\n\(f.console.text)")
            f.console.press("n")
            #expect(f.console.model.top is ConflictReviewScreen)
            #expect(f.console.text.contains("→ theirs"), "the choice is kept")
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test("issue 24 finding 4: the queue's Age column advances with the clock")
    func ageAdvances() async throws {
        let f = try await Fixture()
        do {
            _ = try await f.conflictOnAda()
            f.command("conflicts")
            let queue = try #require(f.console.model.top as? ConflictQueueScreen)
            let before = queue.conflicts[0].age(at: queue.now)
            f.console.tick(now: queue.now.addingTimeInterval(7200))
            let after = try #require(f.console.model.top as? ConflictQueueScreen)
            #expect(after.conflicts[0].age(at: after.now) != before)
            #expect(f.console.text.contains("2h"), "\(f.console.text)")
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test("a typed value is applied to both sides; n cancels the preview and writes nothing")
    func editValue() async throws {
        let f = try await Fixture()
        do {
            let (localID, remoteID) = try await f.conflictOnAda()
            f.command("conflicts")
            f.console.press("enter")
            f.console.press("e")
            await f.console.settle()
            #expect(f.console.text.contains("value for contact_first_name"), "\(f.console.text)")
            for _ in 0..<12 { f.console.press("backspace") }
            f.console.type("Ada K.")
            f.console.press("enter")
            #expect(f.console.text.contains("→ = Ada K."), "\(f.console.text)")
            f.console.press("a")
            f.console.press("n")
            #expect(!f.console.text.contains("Both writes"))
            #expect(try await f.remoteFirstName(remoteID) == "Ada-in-CRM")
            f.console.press("a")
            f.console.press("y")
            await f.console.settle()
            #expect(try await f.remoteFirstName(remoteID) == "Ada K.")
            #expect(try LocalRecordStore(store: f.store).get(localID, tenantID: f.tenant.id)?.value("contact_first_name") == "Ada K.")
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }

    @Test("the Records screen lists, filters and edits the tenant's records")
    func records() async throws {
        let f = try await Fixture()
        do {
            let store = LocalRecordStore(store: f.store)
            _ = try store.importRecords([UniversalRecord(id: "c1", object: .contact, fields: JSONObject([("contact_email", "ada@example.com")])),
                                         UniversalRecord(id: "c2", object: .contact, fields: JSONObject([("contact_email", "bob@example.com")]))],
                                        object: .contact, tenantID: f.tenant.id, file: "t")
            f.command("records")
            #expect(f.console.text.contains("ada@example.com") && f.console.text.contains("bob@example.com"))
            f.console.press("/")
            f.console.type("bob")
            f.console.press("enter")
            #expect(!f.console.text.contains("ada@example.com"), "\(f.console.text)")
            f.console.press("e")
            await f.console.settle()
            f.console.type("contact_first_name=Robert")
            f.console.press("enter")
            #expect(f.console.text.contains("saved"), "\(f.console.text)")
            #expect(try store.get("c2", tenantID: f.tenant.id)?.value("contact_first_name") == "Robert")
            f.console.press("e")
            await f.console.settle()
            f.console.type("contact_email=nope")
            f.console.press("enter")
            #expect(f.console.text.contains("Not saved"), "\(f.console.text)")
            #expect(try store.get("c2", tenantID: f.tenant.id)?.value("contact_email") == "bob@example.com")
            // The record form: n adds a contact by email, e fills a field, p previews its create request.
            f.console.press("esc")
            f.console.press("n")
            await f.console.settle()
            #expect(f.console.text.contains("new contact's email"), "\(f.console.text)")
            f.console.type("cy@example.com")
            f.console.press("enter")
            #expect(f.console.text.contains("Added contact-1"), "\(f.console.text)")
            f.console.press("e")
            await f.console.settle()
            f.console.type("contact_first_name=Cy")
            f.console.press("enter")
            f.console.press("p")
            await f.console.settle()
            let preview = f.console.text
            #expect(preview.contains("POST") && preview.contains("/crm/v3/objects/contacts") && preview.contains("cy@example.com") && preview.contains("\"Cy\""), "\(preview)")
            f.console.press("esc")
            f.console.press("n")
            await f.console.settle()
            f.console.type("bob@example.com")
            f.console.press("enter")
            #expect(f.console.text.contains("Not added"), "an existing email is refused: \(f.console.text)")
        } catch {
            await f.stop()
            throw error
        }
        await f.stop()
    }
}
