import Foundation
import Testing

/// Issue 18 under tmux: the real binary on a real pty.
///
/// | finding | test |
/// |---|---|
/// | 2 — ctrl+c ended the console at once, unsaved edits lost | `ctrlCAsks` |
/// | 10 — `TERM=dumb` gave a blank screen | `dumbTerminal` |
@Suite("Issue 18 under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct HardeningUnderTmuxTests {
    @Test("finding 2 at 80×24: ctrl+c with unsaved mapping edits asks like q (n stays, the edit kept); a second ctrl+c and y quit, the terminal restored")
    func ctrlCAsks() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sbctrlc-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let session = try TmuxSession(width: 80, height: 24, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close() }
        #expect(await session.waitFor("SANDBOX").found)
        session.send(":")
        session.send("mapping hubspot createContact", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Mapping createContact").found)
        session.send("x")  // clears the rule of the first field: an unsaved change
        #expect(await session.waitFor("problem(s)").found)
        session.send("C-c")
        let asked = await session.waitFor("n stay")
        #expect(asked.found && !asked.screen.contains("EXIT="), "ctrl+c asks instead of ending the console:\n\(asked.screen)")
        session.send("n")
        let stayed = await session.waitFor("problem(s)")
        #expect(stayed.found && !stayed.screen.contains("EXIT="), "\(stayed.screen)")
        session.send("C-c")
        #expect(await session.waitFor("n stay").found)
        session.send("y")
        let exited = await session.waitFor("EXIT=0")
        #expect(exited.found, "\(exited.screen)")
        #expect(exited.screen.contains("echo") && exited.screen.contains("icanon") && !exited.screen.contains("-echo"), "the terminal is restored:\n\(exited.screen)")
    }

    @Test("finding 10: TERM=dumb gets a message naming the terminal and the subcommands, exit 2, not a blank screen")
    func dumbTerminal() async throws {
        let binary = try #require(switchboardBinary())
        // tmux gives its panes its own TERM: the command sets it.
        let session = try TmuxSession(width: 80, height: 24, command: "env TERM=dumb " + ConsoleUnderTmuxTests.command(binary, ""),
                                      environment: ["LANG": "C.UTF-8", "SWITCHBOARD_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("sbdumb-\(UUID().uuidString.prefix(8))").path])
        defer { session.close() }
        let shown = await session.waitFor("EXIT=")
        #expect(shown.screen.contains("cannot draw on this terminal (TERM=dumb") && shown.screen.contains("EXIT=2"), "\(shown.screen)")
    }
}
