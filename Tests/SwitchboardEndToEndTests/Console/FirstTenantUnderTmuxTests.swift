import Foundation
import Testing

/// Issue 18's figure: from launch to the first pushed contact of a new tenant under `--sandbox`,
/// with no browser (`a` on the Connect screen approves the sandbox's consent), counting the keys a
/// person presses (a typed text counts one key per character) and the time it takes.
@Suite("First tenant under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct FirstTenantUnderTmuxTests {
    /// A session that counts keys as a person presses them.
    final class Keys: @unchecked Sendable {
        let session: TmuxSession
        var count = 0
        init(_ session: TmuxSession) { self.session = session }
        /// One key, then a person's pause.
        func press(_ key: String) async { count += 1; session.send(key); try? await Task.sleep(nanoseconds: 120_000_000) }
        /// Typed text: a key per character.
        func type(_ text: String) async { count += text.count; session.send(text, literal: true); try? await Task.sleep(nanoseconds: 120_000_000) }
    }

    @Test("launch → new tenant → connect HubSpot (a approves in the console) → a contact added, previewed and sent: ≤ 30 keys besides the typed name and email, ≤ 45 s")
    func firstContact() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-first-\(UUID().uuidString.prefix(8))")
        let started = Date()
        let session = try TmuxSession(width: 80, height: 24, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        let k = Keys(session)
        #expect(await session.waitFor("SANDBOX").found)
        await k.press("C-p"); await k.type("ten"); await k.press("Enter")  // the palette finds Tenants
        #expect(await session.waitFor("Catalog › Tenants").found)
        await k.press("n"); await k.type("nova"); await k.press("Enter")
        #expect(await session.waitFor("Created tenant nova").found)
        await k.press("Enter")  // selects it
        await k.type(":conn"); await k.press("Tab"); await k.type(" h"); await k.press("Tab")  // completes to :connect hubspot
        #expect(await session.waitFor(":connect hubspot").found)
        await k.press("Enter")
        let waiting = await session.waitFor("Time left:")
        #expect(waiting.found, "\(waiting.screen)")
        await k.press("a")
        let connected = await session.waitFor("Connected HubSpot for nova", timeout: 20)
        #expect(connected.found, "a approved the sandbox's consent in the console:\n\(connected.screen)")
        await k.press("C-p"); await k.type("rec"); await k.press("Enter")
        #expect(await session.waitFor("Catalog › Records").found)
        await k.press("n"); await k.type("ada@nova.example"); await k.press("Enter")
        #expect(await session.waitFor("Added").found)
        await k.press("p")
        #expect(await session.waitFor("valid against the createContact schema").found)
        await k.press("C-j")
        #expect(await session.waitFor("Send to HubSpot?").found)
        await k.press("y")
        let sent = await session.waitFor("✓ Sent: HubSpot id", timeout: 20)
        let seconds = Date().timeIntervalSince(started)
        #expect(sent.found, "\(sent.screen)")
        let typedText = "novaada@nova.example".count
        print("first tenant: \(k.count) keys (\(k.count - typedText) without the tenant name and email), \(String(format: "%.1f", seconds)) s")
        #expect(k.count - typedText <= 30, "keys besides the name and email: \(k.count - typedText)")
        #expect(seconds <= 45, "\(seconds) s")
    }

    @Test("d denies in the console: the login fails as declined, nothing stored")
    func deny() async throws {
        let binary = try #require(switchboardBinary())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sb-deny-\(UUID().uuidString.prefix(8))")
        let session = try TmuxSession(width: 80, height: 24, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                      environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        #expect(await session.waitFor("SANDBOX").found)
        session.send(":"); session.send("connect hubspot", literal: true); session.send("Enter")
        #expect(await session.waitFor("Time left:").found)
        session.send("d")
        let denied = await session.waitFor("declined", timeout: 20)
        #expect(denied.found && !denied.screen.contains("HubSpot: valid"), "\(denied.screen)")
    }
}
