import Foundation
import SwitchboardCore
import Testing

/// Pipedrive and Zoho in the real console under tmux on its embedded sandbox: connect through the
/// consent page (the account's fields are read on connect), preview the sample contact, send it
/// with ctrl+j, and find it in the sandbox's store.
@Suite("Pipedrive and Zoho under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct OtherCRMsUnderTmuxTests {
    @Test("--sandbox: :connect, preview the first create action, ctrl+j, y: the contact is in the sandbox",
          arguments: [("pipedrive", "Pipedrive", "createPerson", "persons"), ("zoho-crm", "Zoho CRM", "createContact", "Contacts")])
    func connectAndSend(_ connector: String, _ name: String, _ action: String, _ object: String) async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tmux-\(connector)-\(UUID().uuidString.prefix(8))")
        let session = try TmuxSession(width: 200, height: 50, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        #expect(await session.waitFor("SANDBOX").found)
        session.send(":")
        session.send("connect \(connector)", literal: true)
        session.send("Enter")
        let waiting = await session.waitFor("Time left:")
        let url = try #require(ConnectUnderTmuxTests.url(in: waiting.screen), "no URL on screen:\n\(waiting.screen)")
        let browser = try await approveInScriptedBrowser(url)
        #expect(browser.status == 200)
        let connected = await session.waitFor("Connected \(name) for demo")
        #expect(connected.found, "connected:\n\(connected.screen)")

        session.send("Escape")
        session.send(":")
        session.send("connector \(connector)", literal: true)
        session.send("Enter")
        #expect(await session.waitFor(action).found)
        session.send("Enter")
        let schema = await session.waitFor("demo's fields, read")
        #expect(schema.found, "the schema is the account's, read on connect:\n\(schema.screen)")
        session.send("p")
        let preview = await session.waitFor("valid against the \(action) schema")
        #expect(preview.found, "preview:\n\(preview.screen)")
        session.send("C-j")
        #expect(await session.waitFor("Send to \(name)?").found)
        session.send("y")
        let sent = await session.waitFor("✓ Sent: \(name) id", timeout: 20)
        #expect(sent.found, "sent:\n\(sent.screen)")

        let stored = shell(["curl", "-s", browser.origin + "/admin/records/\(connector)/\(object)?account=acme"]).output
        #expect(stored.contains("sarah.jones@techcorp.com"), "the sandbox has the contact: \(stored.suffix(400))")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
