import Foundation
import Testing

/// `switchboard --sandbox --platform alloy` under tmux: the embedded sandbox's Alloy API feeds the
/// catalog, the header says alloy, and the schema viewer shows the execute body.
@Suite("Console through Alloy under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct AlloyConsoleUnderTmuxTests {
    @Test("--sandbox --platform alloy: header mode alloy, Alloy's connectors, the execute schema")
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
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
