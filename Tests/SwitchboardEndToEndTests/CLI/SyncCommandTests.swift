import Foundation
import Testing

/// Sync from the command line against a sandbox process: import, sync, an edit on each side of the
/// same field, the conflict queue, resolution, status and history.
@Suite("sync and conflicts from the command line", .serialized, .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct SyncCommandTests {
    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test("import, sync, edit both sides, list and resolve the conflict, and the CRM has the chosen value")
    func conflictFlow() async throws {
        let (home, sandbox, url, cli) = try await connectedSandbox(prefix: "sbsynccli")
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }

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

    @Test("push --stored sends the tenant's stored records (all, or by id) and links them for sync")
    func pushStored() async throws {
        let (home, sandbox, _, cli) = try await connectedSandbox(prefix: "sbstored")
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }
        let file = home.appendingPathComponent("people.jsonl")
        try Data(#"{"id": "c1", "contact_email": "ada@example.com"}\#n{"id": "c2", "contact_email": "bob@example.com"}"#.utf8).write(to: file)
        #expect(try runSwitchboard(["records", "import", file.path, "--tenant", "acme", "--object", "contact"], environment: cli).status == 0)
        let one = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--stored", "--id", "c2", "--yes"], environment: cli)
        #expect(one.status == 0 && one.stdout.contains("1 succeeded"), "\(one.stdout)\(one.stderr)")
        let all = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--stored", "--yes"], environment: cli)
        #expect(all.stdout.contains("1 succeeded, 0 failed, 1 skipped"), "c2 is linked already: \(all.stdout)")
        let sync = try runSwitchboard(["sync", "hubspot", "contact", "--tenant", "acme", "--json"], environment: cli)
        let report = try #require(try json(sync.stdout) as? [String: Any])
        #expect(report["createdRemote"] as? Int == 0 && report["createdLocal"] as? Int == 0, "sync finds both linked: \(sync.stdout)")
        let missing = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--stored", "--id", "nope", "--yes"], environment: cli)
        #expect(missing.status == 1 && missing.stderr.contains("no local record nope"), "\(missing.stderr)")
    }

    @Test("sync schedule + sync due: a scheduled pass runs when due, not again before its interval; status shows the next run")
    func schedule() async throws {
        let (home, sandbox, _, cli) = try await connectedSandbox(prefix: "sbsched")
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }
        let bad = try runSwitchboard(["sync", "schedule", "hubspot", "contact", "--tenant", "acme", "--every", "often"], environment: cli)
        #expect(bad.status == 2 && bad.stderr.contains("15m"), "\(bad.stderr)")
        #expect(try runSwitchboard(["sync", "schedule", "hubspot", "contact", "--tenant", "acme", "--every", "15m"], environment: cli).status == 0)
        let first = try runSwitchboard(["sync", "due", "--json"], environment: cli)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect((try json(first.stdout) as? [Any])?.count == 1, "never synced: due now: \(first.stdout)")
        let second = try runSwitchboard(["sync", "due"], environment: cli)
        #expect(second.stdout.contains("Nothing due."), "\(second.stdout)")
        let status = try #require(try json(try runSwitchboard(["sync", "status", "--json"], environment: cli).stdout) as? [[String: Any]])
        #expect(status.first?["every"] as? String == "15m")
        #expect((status.first?["nextRun"] as? String)?.isEmpty == false)
        #expect(try runSwitchboard(["sync", "schedule", "hubspot", "contact", "--tenant", "acme", "--every", "off"], environment: cli).status == 0)
        let off = try #require(try json(try runSwitchboard(["sync", "status", "--json"], environment: cli).stdout) as? [[String: Any]])
        #expect(off.first?["nextRun"] is NSNull)
    }
}
