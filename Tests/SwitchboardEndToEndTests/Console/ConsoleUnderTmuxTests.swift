import Foundation
import Testing

/// The real binary, under a real pty (tmux), driven by keys as a person would.
@Suite("Console under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct ConsoleUnderTmuxTests {
    /// After the console exits, the pane prints the exit status and the tty's echo/icanon flags.
    static func command(_ binary: URL, _ args: String, pidFile: String? = nil) -> String {
        let start = pidFile.map { "echo $$ > \($0); exec " } ?? "exec "
        return "sh -c '\(start)\(binary.path) \(args)'; echo EXIT=$?; stty -a | tr \" ;\" \"\\n\\n\" | grep -x -E -e \"-?(echo|icanon)\" | tr \"\\n\" \" \"; echo; sleep 30"
    }

    @Test("filter, help, theme switch and quit work at 80×24 and 200×60; the terminal is restored after q",
          arguments: [(80, 24), (200, 60)])
    func walkThrough(width: Int, height: Int) async throws {
        let binary = try #require(switchboardBinary())
        let session = try TmuxSession(width: width, height: height, command: Self.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8"])
        defer { session.close() }

        let opened = await session.waitFor("SANDBOX")
        #expect(opened.found, "the console opens with the SANDBOX badge:\n\(opened.screen)")
        #expect(opened.screen.contains("HubSpot") && opened.screen.contains("Salesforce"), "the catalog is listed:\n\(opened.screen)")

        session.send("/")
        session.send("hub", literal: true)
        // Wait for the whole filter: a capture between two keys (or mid-frame) shows a passing state.
        #expect(await session.waitFor("filter: hub").found, "the filter is typed")
        let filtered = await session.waitForAbsence("Salesforce")
        #expect(filtered.gone, "typing a filter hides non-matching connectors:\n\(filtered.screen)")
        let shown = await session.waitFor("HubSpot")
        #expect(shown.found, "the matching connector stays:\n\(shown.screen)")

        session.send("Escape")
        #expect(await session.waitFor("Salesforce").found, "Esc clears the filter")

        session.send("?")
        let help = await session.waitFor("Help — Catalog")
        #expect(help.found, "? opens help:\n\(help.screen)")
        #expect(help.screen.contains("filter"), "help lists the filter key:\n\(help.screen)")
        for _ in 0..<12 { session.send("Down") }
        let scrolled = await session.waitFor("quit")
        #expect(scrolled.found, "scrolling help reaches the quit key:\n\(scrolled.screen)")
        session.send("Escape")
        #expect(await session.waitForAbsence("Help — Catalog").gone)

        session.send(":")
        session.send("theme light", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("Theme: light").found, ":theme switches the theme")

        session.send("q")
        let exited = await session.waitFor("EXIT=")
        #expect(exited.screen.contains("EXIT=0"), "q exits with status 0:\n\(exited.screen)")
        let restored = await session.waitFor("icanon")
        #expect(restored.screen.contains("echo icanon") || restored.screen.contains("icanon echo"),
                "the tty has echo and canonical mode back after q:\n\(restored.screen)")
        #expect(!restored.screen.contains("-echo") && !restored.screen.contains("-icanon"))
        #expect(!restored.screen.contains("SANDBOX"), "the console's screen is gone (alternate screen left)")
    }

    @Test("SIGTERM ends the console and restores the terminal")
    func sigterm() async throws {
        let binary = try #require(switchboardBinary())
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID()).pid").path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let session = try TmuxSession(width: 80, height: 24, command: Self.command(binary, "--sandbox", pidFile: pidFile),
                                      environment: ["TERM": "xterm-256color"])
        defer { session.close() }
        #expect(await session.waitFor("SANDBOX").found)
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(pidText))
        #expect(kill(pid, SIGTERM) == 0)
        let exited = await session.waitFor("icanon")
        #expect(exited.screen.contains("EXIT=143"), "killed by SIGTERM (128+15):\n\(exited.screen)")
        #expect(exited.screen.contains("echo icanon") || exited.screen.contains("icanon echo"), "terminal restored:\n\(exited.screen)")
        #expect(!exited.screen.contains("-echo"))
    }

    @Test("without a terminal it exits non-zero with one line pointing at the subcommands")
    func noTerminal() throws {
        let binary = try #require(switchboardBinary())
        let process = Process()
        process.executableURL = binary
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(stdout.isEmpty, "nothing (no escape codes) written to stdout")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(stderr.contains("subcommand") && stderr.contains("--help"))
    }
}
