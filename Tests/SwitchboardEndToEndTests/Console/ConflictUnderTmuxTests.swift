import Foundation
import SwitchboardCore
import Testing

/// Conflict review end to end: the real console under tmux on its embedded sandbox; the same
/// contact is edited here (`records edit`) and in the CRM (`sandbox edit`), the console's Sync
/// screen finds the conflict, the review takes ours and applies, and the sandbox has our value.
@Suite("Conflict review under tmux", .serialized, .enabled(if: tmuxAvailable && switchboardBinary() != nil, "needs tmux and a built switchboard binary"))
struct ConflictUnderTmuxTests {
    @Test("connect, sync, edit both sides, resolve in the console: the CRM gets the chosen value")
    func resolveInConsole() async throws {
        let binary = try #require(switchboardBinary())
        let (session, home, origin) = try await sandboxConsoleWithHubSpot(binary: binary, prefix: "sb-tmux-sync")
        defer { session.close(); try? FileManager.default.removeItem(at: home) }

        // The console's store is the sandbox's: the CLI works on it beside the running console.
        let cli = ["SWITCHBOARD_HOME": home.appendingPathComponent("sandbox").path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let people = home.appendingPathComponent("people.csv")
        try Data("id,contact_email,contact_first_name,contact_last_name\nc1,ada@example.com,Ada,Lovelace\n".utf8).write(to: people)
        let imported = try runSwitchboard(["records", "import", people.path, "--tenant", "demo", "--object", "contact"], environment: cli)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        session.send(":")
        session.send("sync", literal: true)
        session.send("Enter")
        #expect(await session.waitFor("never synced").found)
        session.send("Enter")
        let first = await session.waitFor("Synced HubSpot contacts")
        // Ada goes to the CRM; the sandbox's demo contacts come here.
        #expect(first.found && first.screen.contains("0 errors"), "first sync:\n\(first.screen)")

        let shown = try runSwitchboard(["records", "show", "c1", "--tenant", "demo", "--json"], environment: cli)
        let links = try #require((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])?["links"] as? [String: Any])
        let remoteID = try #require(links["hubspot"] as? String)
        #expect(try runSwitchboard(["records", "edit", "c1", "contact_first_name=Adelaide", "--tenant", "demo"], environment: cli).status == 0)
        let edit = try runSwitchboard(["sandbox", "edit", "hubspot", "contacts", remoteID, "firstname=Ada-in-CRM", "--url", origin], environment: cli)
        #expect(edit.status == 0, "\(edit.stderr)")

        session.send("r")
        let second = await session.waitFor("1 conflict to review")
        #expect(second.found, "second sync finds the conflict:\n\(second.screen)")
        session.send("c")
        #expect(await session.waitFor("contact_first_name").found)
        session.send("Enter")
        let review = await session.waitFor("Theirs (CRM)")
        #expect(review.found && review.screen.contains("Adelaide") && review.screen.contains("Ada-in-CRM"), "review:\n\(review.screen)")
        // Issue 24, finding 9: the heading names the connector as the catalog does.
        #expect(review.screen.contains("HubSpot contact") && !review.screen.contains("hubspot contact"), "review heading:\n\(review.screen)")
        session.send("o")
        session.send("a")
        let confirm = await session.waitFor("Both writes")
        #expect(confirm.found && confirm.screen.contains("PATCH"), "preview of both writes:\n\(confirm.screen)")
        session.send("y")
        let applied = await session.waitFor("Applied to both sides")
        #expect(applied.found, "applied:\n\(applied.screen)")

        let records = shell(["curl", "-s", origin + "/admin/records/hubspot/contacts"]).output
        #expect(records.contains("Adelaide") && !records.contains("Ada-in-CRM"), "the sandbox has our value: \(records)")
        session.send("q")
        session.send("y")
        #expect(await session.waitFor("EXIT=").found)
    }
}
