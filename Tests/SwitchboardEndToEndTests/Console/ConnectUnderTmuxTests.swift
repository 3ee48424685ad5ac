import Foundation
import SwitchboardCore
import Testing

/// The console's Connect screen end to end: the real binary under tmux with the embedded sandbox,
/// a scripted browser that follows the URL shown on screen, approves, and hits the console's
/// loopback listener.
@Suite("Connect screen under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct ConnectUnderTmuxTests {
    /// The authorization URL as drawn (possibly wrapped over several rows).
    static func url(in screen: String) -> String? {
        let lines = screen.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.contains("Open this URL to authorize:") }) else { return nil }
        var url = ""
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.contains(" ") { break }
            url += trimmed
        }
        return url.hasPrefix("http") ? url : nil
    }

    @Test(":tenant demo, :connect hubspot, approve in the scripted browser: the screen shows the steps and Connected")
    func connect() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-tmux-\(UUID())")
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try TmuxSession(width: 220, height: 50, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close() }
        #expect(await session.waitFor("SANDBOX").found)
        session.send(":")
        session.send("tenant demo", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Tenant: demo").found)
        session.send(":")
        session.send("connect hubspot", literal: true)
        session.send("Enter")
        let waiting = await session.waitFor("Time left:")
        #expect(waiting.found, "the Connect screen waits with a countdown:\n\(waiting.screen)")
        #expect(waiting.screen.contains("Listening on http://127.0.0.1:"))
        let url = try #require(Self.url(in: waiting.screen), "no URL on screen:\n\(waiting.screen)")

        let browser = try await approveInScriptedBrowser(url)
        #expect(browser.status == 200)

        let connected = await session.waitFor("Connected HubSpot for demo")
        #expect(connected.found, "the screen shows the result:\n\(connected.screen)")
        #expect(connected.screen.contains("Authorization received (browser)"))
        // The header's auth state follows one frame later (the screen asks the app to re-read it).
        let header = await session.waitFor("HubSpot: valid")
        #expect(header.found, "the header shows the auth state:\n\(header.screen)")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
