import Foundation
import SwitchboardCore
import Testing

/// Send from Preview end to end: the real binary under tmux with the embedded sandbox; connect
/// HubSpot for the demo tenant (a scripted browser approves), preview the sample contact, ctrl+j,
/// confirm, and find the contact in the sandbox's HubSpot API.
@Suite("Send from Preview under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct SendUnderTmuxTests {
    @Test("switchboard --sandbox: :connect hubspot, preview createContact, ctrl+j, y: the contact exists in the sandbox, once")
    func sendFromPreview() async throws {
        let binary = try #require(switchboardBinary())
        let (session, home, origin) = try await sandboxConsoleWithHubSpot(binary: binary, prefix: "sb-tmux-send")
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        let http = AsyncHTTPTransport()

        // The preview of the sample contact, then send it.
        session.send("Escape")
        session.send(":")
        session.send("connector hubspot", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("createContact").found)
        session.send("Enter")
        #expect(await session.waitFor("Request body").found)
        session.send("p")
        #expect(await session.waitFor("valid against the createContact schema").found)
        session.send("C-j")
        let dialog = await session.waitFor("Send to HubSpot?")
        #expect(dialog.found, "ctrl+j asks first:\n\(dialog.screen)")
        session.send("y")
        let sent = await session.waitFor("✓ Sent: HubSpot id", timeout: 20)
        #expect(sent.found, "the response is shown:\n\(sent.screen)")
        let id = sent.screen.range(of: #"HubSpot id [0-9]+"#, options: .regularExpression).map { String(sent.screen[$0].dropFirst("HubSpot id ".count)) }

        // The contact is in the sandbox's HubSpot, once.
        let minted = try await http.send(HTTPRequestValue(method: "POST", url: origin + "/admin/tokens", headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                          body: Data(#"{"connector": "hubspot", "account": "acme"}"#.utf8)))
        let token = try #require(try JSONParser.parse(minted.body)["access_token"]?.stringValue)
        let search = try await http.send(HTTPRequestValue(
            method: "POST", url: origin + "/hubspot/crm/v3/objects/contacts/search",
            headers: [HTTPHeaderField("Authorization", "Bearer \(token)"), HTTPHeaderField("Content-Type", "application/json")],
            body: Data(#"{"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "sarah.jones@techcorp.com"}]}]}"#.utf8)))
        #expect(search.status == 200, "\(search.text)")
        let results = try JSONParser.parse(search.body)["results"]?.arrayValue ?? []
        #expect(results.count == 1, "exactly one contact: \(search.text)")
        #expect(results.first?["id"]?.stringValue == id)
        await http.shutdown()
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
