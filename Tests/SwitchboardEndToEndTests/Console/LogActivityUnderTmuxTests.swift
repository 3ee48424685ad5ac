import Foundation
import SwitchboardCore
import Testing

/// The everyday support task in the real console under tmux: a contact is added and sent to
/// HubSpot from the Records screen, then a call is logged on it (`l`), previewed and sent; the
/// sandbox has the call, associated with the contact.
@Suite("Log an activity under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct LogActivityUnderTmuxTests {
    @Test("--sandbox: :records, n adds a contact, p + ctrl+j sends it, l logs a call on it, ctrl+j sends the call: HubSpot has it on the contact")
    func logCall() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tmux-log-\(UUID().uuidString.prefix(8))")
        let session = try TmuxSession(width: 200, height: 50, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        #expect(await session.waitFor("SANDBOX").found)
        session.send(":")
        session.send("connect hubspot", literal: true)
        session.send("Enter")
        let waiting = await session.waitFor("Time left:")
        let url = try #require(ConnectUnderTmuxTests.url(in: waiting.screen), "no URL on screen:\n\(waiting.screen)")
        let browser = try await approveInScriptedBrowser(url)
        #expect(await session.waitFor("Connected HubSpot for demo").found)
        session.send("Escape")
        session.send(":")
        session.send("records", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Records").found)

        // A contact of our own, sent to HubSpot so the call can name it.
        session.send("n")
        session.send("ada.logged@example.com", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Added").found)
        session.send("p")
        #expect(await session.waitFor("valid against the createContact schema").found)
        session.send("C-j")
        #expect(await session.waitFor("Send to HubSpot?").found)
        session.send("y")
        let contactSent = await session.waitFor("✓ Sent: HubSpot id", timeout: 20)
        #expect(contactSent.found, "contact sent:\n\(contactSent.screen)")
        session.send("Escape")
        #expect(await session.waitFor("ada.logged@example.com").found)

        session.send("l")
        #expect(await session.waitFor("TYPE: subject | body").found)
        session.send("call: Onboarding call | Walked through the import", literal: true)
        session.send("Enter")
        let preview = await session.waitFor("valid against the createCall schema")
        #expect(preview.found, "the call's preview:\n\(preview.screen)")
        #expect(preview.screen.contains("associationTypeId"), "the call names the contact:\n\(preview.screen)")
        session.send("C-j")
        #expect(await session.waitFor("Send to HubSpot?").found)
        session.send("y")
        let callSent = await session.waitFor("✓ Sent: HubSpot id", timeout: 20)
        #expect(callSent.found, "call sent:\n\(callSent.screen)")

        let calls = shell(["curl", "-s", browser.origin + "/admin/records/hubspot/calls?account=acme"]).output
        let contacts = shell(["curl", "-s", browser.origin + "/admin/records/hubspot/contacts?account=acme"]).output
        let contactID = try JSONParser.parse(Data(contacts.utf8))["results"]?.arrayValue?
            .first { JSONWriter.compact($0).contains("ada.logged@example.com") }?["id"]?.stringValue
        #expect(calls.contains("Walked through the import") && contactID.map { calls.contains("\"id\":\"\($0)\"") } == true,
                "the call is on the contact \(contactID ?? "?"): \(calls.suffix(500))")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
