import Foundation
import Testing

/// Sync from the command line against a sandbox process: import, sync, an edit on each side of the
/// same field, the conflict queue, resolution, status and history.
@Suite("sync and conflicts from the command line", .serialized, .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct SyncCommandTests {
    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test("import, sync, edit both sides, list and resolve the conflict, and the CRM has the chosen value")
    func conflictFlow() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sbsynccli-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["SWITCHBOARD_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let sandbox = try BackgroundProcess(["sandbox", "serve", "--port", "0", "--auto-approve"], environment: env)
        defer { sandbox.stop() }
        let url = try #require(await sandbox.waitFor("http://127\\.0\\.0\\.1:[0-9]+"), "the sandbox prints its URL:\n\(sandbox.text)")
        var cli = env
        cli["SWITCHBOARD_SANDBOX_URL"] = url
        #expect(try runSwitchboard(["tenants", "create", "acme"], environment: cli).status == 0)
        let login = try BackgroundProcess(["auth", "login", "hubspot", "--tenant", "acme", "--no-browser"], environment: cli)
        defer { login.stop() }
        let authorize = try #require(await login.waitFor("http://127\\.0\\.0\\.1:[0-9]+/oauth/hubspot/authorize\\?[^ \\n]+"), "login prints the URL:\n\(login.text)")
        #expect(shell(["curl", "-s", "-L", "-o", "/dev/null", "-w", "%{http_code}", authorize]).output == "200")
        #expect(await login.wait() == 0, "login ends with success:\n\(login.text)")

        let csv = home.appendingPathComponent("people.csv")
        try Data("id,contact_email,contact_first_name,contact_last_name\nc1,ada@example.com,Ada,Lovelace\nc2,grace@example.com,Grace,Hopper\n,not-an-email,X,Y\n".utf8).write(to: csv)
        let imported = try runSwitchboard(["records", "import", csv.path, "--tenant", "acme", "--object", "contact"], environment: cli)
        #expect(imported.status == 1, "a rejected record makes the exit non-zero")
        #expect(imported.stdout.contains("2 created") && imported.stdout.contains("people.csv:4: field contact_email"), "\(imported.stdout)")

        let first = try runSwitchboard(["sync", "hubspot", "contact", "--tenant", "acme", "--json"], environment: cli)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect((try json(first.stdout) as? [String: Any])?["createdRemote"] as? Int == 2)

        let shown = try #require(try json(try runSwitchboard(["records", "show", "c1", "--tenant", "acme", "--json"], environment: cli).stdout) as? [String: Any])
        let remoteID = try #require((shown["links"] as? [String: Any])?["hubspot"] as? String)
        #expect(try runSwitchboard(["records", "edit", "c1", "contact_first_name=Adelaide", "--tenant", "acme"], environment: cli).status == 0)
        let edit = try runSwitchboard(["sandbox", "edit", "hubspot", "contacts", remoteID, "firstname=Ada-in-CRM", "--url", url], environment: cli)
        #expect(edit.status == 0, "\(edit.stderr)")

        let second = try runSwitchboard(["sync", "hubspot", "contact", "--tenant", "acme"], environment: cli)
        #expect(second.stdout.contains("1 conflicts"), "\(second.stdout)")
        let queue = try #require(try json(try runSwitchboard(["conflicts", "list", "--json"], environment: cli).stdout) as? [[String: Any]])
        #expect(queue.count == 1)
        let id = try #require(queue.first?["id"] as? Int)
        let fields = try #require(queue.first?["fields"] as? [[String: Any]])
        #expect(fields.first?["local"] as? String == "Adelaide" && fields.first?["remote"] as? String == "Ada-in-CRM" && fields.first?["base"] as? String == "Ada")

        let dry = try runSwitchboard(["conflicts", "resolve", String(id), "--take", "local", "--dry-run"], environment: cli)
        #expect(dry.stdout.contains("PATCH") && dry.stdout.contains(#""firstname":"Adelaide""#), "\(dry.stdout)")
        let resolved = try runSwitchboard(["conflicts", "resolve", String(id), "--take", "local", "--by", "sam"], environment: cli)
        #expect(resolved.status == 0, "\(resolved.stdout)\(resolved.stderr)")
        let records = shell(["curl", "-s", url + "/admin/records/hubspot/contacts"]).output
        #expect(records.contains(#""firstname":"Adelaide""#) || records.contains(#""firstname": "Adelaide""#), "the CRM has the chosen value: \(records)")

        let detail = try #require(try json(try runSwitchboard(["conflicts", "show", String(id), "--json"], environment: cli).stdout) as? [String: Any])
        #expect(detail["status"] as? String == "resolved")
        #expect(((detail["audit"] as? [[String: Any]])?.first)?["actor"] as? String == "sam")

        let status = try #require(try json(try runSwitchboard(["sync", "status", "--json"], environment: cli).stdout) as? [[String: Any]])
        #expect(status.first?["openConflicts"] as? Int == 0)
        let history = try #require(try json(try runSwitchboard(["sync", "history", "--json"], environment: cli).stdout) as? [[String: Any]])
        #expect(history.count == 2)

        let bad = try runSwitchboard(["sync", "strategy", "set", "hubspot", "contact", "sometimes", "--tenant", "acme"], environment: cli)
        #expect(bad.status != 0 && bad.stderr.contains("local_wins"), "\(bad.stderr)")
        let unknown = try runSwitchboard(["sync", "copper", "contact", "--tenant", "acme"], environment: cli)
        #expect(unknown.status != 0 && !unknown.stderr.contains("Fatal"), "\(unknown.stderr)")
    }
}
