import Foundation
import SwitchboardCore
import Testing

/// `switchboard --sandbox --platform alloy` under tmux: the embedded sandbox's Alloy API feeds the
/// catalog, the header says alloy, and the schema viewer shows the execute body.
@Suite("Console through Alloy under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct AlloyConsoleUnderTmuxTests {
    @Test("--sandbox --platform alloy: header mode alloy, Alloy's connectors, the execute schema, :connect through Alloy")
    func alloyConsole() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tmux-alloy-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try TmuxSession(width: 160, height: 45, command: ConsoleUnderTmuxTests.command(binary, "--sandbox --platform alloy"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close() }
        let first = await session.waitFor("SANDBOX")
        #expect(first.found, "\(first.screen)")
        #expect(first.screen.contains("alloy"), "the header names the platform:\n\(first.screen)")
        #expect(first.screen.contains("Salesforce CRM"), "Alloy's connector names:\n\(first.screen)")
        session.send(":")
        session.send("connector alloy:hubspot", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("POST /connectors/hubspot/actions/").found)
        session.send("Enter")
        let schema = await session.waitFor("credentialId")
        #expect(schema.found && schema.screen.contains("requestBody"), "\(schema.screen)")
        // :connect through Alloy: the oauthUrl on screen, the consent page, Alloy's redirect to the console.
        session.send("Escape")
        session.send(":")
        session.send("tenant demo", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Tenant: demo").found)
        session.send(":")
        session.send("connect alloy:hubspot", literal: true)
        session.send("Enter")
        let waiting = await session.waitFor("Open this URL to authorize:")
        let url = try #require(ConnectUnderTmuxTests.url(in: waiting.screen), "no URL on screen:\n\(waiting.screen)")
        let browser = AsyncHTTPTransport()
        let consent = try await browser.send(HTTPRequestValue(method: "GET", url: url))
        let request = try #require(consent.text.range(of: #"name="request" value="[^"]+""#, options: .regularExpression)
            .map { String(consent.text[$0]).replacingOccurrences(of: #"name="request" value=""#, with: "").dropLast() }.map(String.init), "\(consent.text.prefix(300))")
        let origin = url.components(separatedBy: "/oauth/")[0]
        let decision = try await browser.send(.form(origin + "/oauth/hubspot/authorize/decision", fields: [("request", request), ("decision", "approve")]))
        var location = try #require(decision.header("Location"))
        #expect(location.contains("/alloy/oauth/callback"))
        for _ in 0..<2 {
            let hop = try await browser.send(HTTPRequestValue(method: "GET", url: location))
            guard let next = hop.header("Location") else { break }
            location = next
        }
        #expect(location.contains("success=true"), "Alloy sends the browser back with success=true: \(location)")
        await browser.shutdown()
        let connected = await session.waitFor("Connected HubSpot for demo")
        #expect(connected.found, "\(connected.screen)")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
