import Foundation
import SwitchboardCore
import Testing

/// Drift end to end: the real console under tmux on its embedded sandbox; the tenant's mapping
/// targets acme's custom property `nps_score`; the property is removed in the sandbox and the
/// schema read again; the mapping editor flags the rule, and `mapping check --tenant` fails.
@Suite("Schema drift under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct SchemaDriftUnderTmuxTests {
    @Test("a removed custom field flags the saved mapping in the editor and in mapping check")
    func driftInEditor() async throws {
        let binary = try #require(switchboardBinary())
        let (session, home, origin) = try await sandboxConsoleWithHubSpot(binary: binary, prefix: "sb-tmux-drift")
        defer { session.close(); try? FileManager.default.removeItem(at: home) }
        let cli = ["SWITCHBOARD_HOME": home.appendingPathComponent("sandbox").path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]

        let refreshed = try runSwitchboard(["schema", "refresh", "hubspot", "--tenant", "demo", "--sandbox-url", origin], environment: cli)
        #expect(refreshed.status == 0 && refreshed.stdout.contains("2 custom"), "\(refreshed.stdout)\(refreshed.stderr)")
        let file = home.appendingPathComponent("mapping.json")
        try Data("""
            {"connector": "hubspot", "action": "createContact", "rules": [
              {"target": "/properties/email", "source": "contact_email"},
              {"target": "/properties/nps_score", "source": "nps", "transforms": ["numberToString"]}]}
            """.utf8).write(to: file)
        let set = try runSwitchboard(["mapping", "set", "hubspot", "createContact", file.path, "--tenant", "demo"], environment: cli)
        #expect(set.status == 0, "\(set.stdout)\(set.stderr)")
        #expect(try runSwitchboard(["mapping", "check", "hubspot", "createContact", "--tenant", "demo"], environment: cli).status == 0)

        let removed = shell(["curl", "-s", "-X", "DELETE", origin + "/admin/custom-fields/hubspot/contacts/nps_score?account=acme"])
        #expect(removed.output.contains("customer_tier") && !removed.output.contains("nps_score"), "\(removed.output)")
        let again = try runSwitchboard(["schema", "refresh", "hubspot", "--tenant", "demo", "--sandbox-url", origin], environment: cli)
        #expect(again.stdout.contains("− nps_score"), "\(again.stdout)\(again.stderr)")
        let check = try runSwitchboard(["mapping", "check", "hubspot", "createContact", "--tenant", "demo"], environment: cli)
        #expect(check.status == 1 && check.stdout.contains("schema changed: /properties/nps_score: nps_score no longer exists"), "\(check.stdout)")

        session.send(":")
        session.send("mapping hubspot createContact", literal: true)
        session.send("Enter")
        let editor = await session.waitFor("schema changed under 1 rule")
        #expect(editor.found, "the editor flags the rule:\n\(editor.screen)")
        #expect(editor.screen.contains("⚠ schema changed: nps_score no longer exists"), "the row says why:\n\(editor.screen)")
        #expect(editor.screen.contains("customer_tier (custom)"), "the account's other custom field is a target, marked:\n\(editor.screen)")
        #expect(!editor.screen.contains("createdate"), "read-only fields are no targets:\n\(editor.screen)")
        session.send("Escape")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
