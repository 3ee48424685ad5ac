import Foundation
import Testing

/// The whole CLI path a support engineer takes: a sandbox, a tenant, `auth login` through the
/// consent page, `push`, `history`, and a second push that must not create anything twice.
@Suite("push and history from the command line", .serialized, .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct PushCommandTests {
    private func connected() async throws -> (home: URL, sandbox: BackgroundProcess, url: String, cli: [String: String]) {
        try await connectedSandbox(prefix: "sbpushcli")
    }

    @Test("login, push a CSV, push it again (nothing twice), update through the link, read the history")
    func pushFlow() async throws {
        let (home, sandbox, _, cli) = try await connected()
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }
        let csv = home.appendingPathComponent("people.csv")
        try Data("id,contact_email,contact_first_name,contact_last_name\nc1,ada@example.com,Ada,Lovelace\nc2,grace@example.com,Grace,Hopper\n".utf8).write(to: csv)
        let first = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--records", csv.path, "--yes", "--json"], environment: cli)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(report["succeeded"] as? Int == 2)
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.allSatisfy { ($0["crmId"] as? String)?.isEmpty == false }, "each record keeps its CRM id")
        #expect(!first.stdout.contains("Bearer"), "no token in the output")

        let again = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--records", csv.path, "--yes"], environment: cli)
        #expect(again.status == 0)
        #expect(again.stdout.contains("2 already pushed (skipped)"), "\(again.stdout)")
        #expect(again.stdout.contains("0 succeeded, 0 failed, 2 skipped"), "\(again.stdout)")

        let ada = home.appendingPathComponent("ada.json")
        try Data(#"{"id": "c1", "contact_email": "ada@example.com", "contact_last_name": "King"}"#.utf8).write(to: ada)
        let update = try runSwitchboard(["push", "hubspot", "updateContact", "--tenant", "acme", "--record", ada.path, "--yes"], environment: cli)
        #expect(update.status == 0, "\(update.stdout)\(update.stderr)")
        #expect(update.stdout.contains("1 succeeded"))

        let history = try runSwitchboard(["history", "--json"], environment: cli)
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        #expect(runs.count == 3)
        #expect(runs.map { $0["action"] as? String } == ["updateContact", "createContact", "createContact"])

        let unsafe = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--record", ada.path], environment: cli)
        #expect(unsafe.status == 1, "without a terminal and without --yes nothing is sent")
        #expect(unsafe.stderr.contains("--yes"))
    }

    @Test("--concurrency outside 1...16 is refused with a one-line error before anything is read or sent")
    func concurrencyOutOfRange() throws {
        for bad in ["0", "17"] {
            let result = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--records", "none.csv", "--yes", "--concurrency", bad])
            #expect(result.status != 0, "--concurrency \(bad) refused")
            #expect(result.stderr.contains("--concurrency must be between 1 and 16, got \(bad)"), "\(result.stderr)")
            #expect(!result.stderr.contains("none.csv"), "validated before the file is read: \(result.stderr)")
        }
    }

    private func runCount(_ cli: [String: String]) throws -> Int {
        let list = try runSwitchboard(["history", "--json"], environment: cli)
        return (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [Any])?.count ?? 0
    }

    @Test("kill -9 in the middle of a push, then push --resume: every record exactly once (5 trials)")
    func crashAndResume() async throws {
        let (home, sandbox, url, cli) = try await connected()
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }
        // Slow the sandbox down so the push (8 batches, 4 in flight) is still running when it is killed.
        _ = shell(["curl", "-s", "-X", "PUT", "-H", "Content-Type: application/json", "-d", #"{"milliseconds": 400}"#, url + "/admin/latency"])
        var expected = 0, interrupted = 0
        for trial in 0..<5 {
            let file = home.appendingPathComponent("trial\(trial).jsonl")
            let lines = (0..<800).map { #"{"contact_email": "t\#(trial)-\#($0)@example.com", "contact_first_name": "T\#($0)"}"# }
            try Data(lines.joined(separator: "\n").utf8).write(to: file)
            let push = try BackgroundProcess(["push", "hubspot", "createContact", "--tenant", "acme", "--records", file.path, "--yes"], environment: cli)
            // Kill at a random point after the run is journalled (before that there is nothing to resume).
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline, try runCount(cli) <= trial { try await Task.sleep(nanoseconds: 20_000_000) }
            try await Task.sleep(nanoseconds: UInt64.random(in: 50_000_000...700_000_000))
            kill(push.pid, SIGKILL)
            _ = await push.wait()
            push.stop()
            let runs = try #require(try JSONSerialization.jsonObject(with: Data(try runSwitchboard(["history", "--json"], environment: cli).stdout.utf8)) as? [[String: Any]])
            let run = try #require(runs.first?["run"] as? String)
            if (runs.first?["left"] as? Int ?? 0) > 0 { interrupted += 1 }
            let resumed = try runSwitchboard(["push", "--resume", run, "--yes"], environment: cli)
            #expect(resumed.status == 0 || resumed.stdout.contains("already finished"), "trial \(trial): \(resumed.stdout)\(resumed.stderr)")
            expected += 800
            let shown = try #require(try JSONSerialization.jsonObject(with: Data(try runSwitchboard(["history", "show", run, "--json"], environment: cli).stdout.utf8)) as? [String: Any])
            let items = try #require(shown["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["state"] as? String == "succeeded" }, "trial \(trial): every record done")
            #expect(Set(items.compactMap { $0["crmId"] as? String }).count == 800, "trial \(trial): 800 distinct CRM records")
            let status = try #require(try JSONSerialization.jsonObject(with: Data(shell(["curl", "-s", url + "/admin"]).output.utf8)) as? [String: Any])
            #expect(status["records"] as? Int == expected, "trial \(trial): the sandbox holds exactly \(expected) records, no duplicate")
        }
        #expect(interrupted >= 3, "the kill landed mid-run in most trials (\(interrupted) of 5)")
    }

    @Test("preview of an update reads the CRM's current record and shows what changes")
    func updateDiff() async throws {
        let (home, sandbox, _, cli) = try await connected()
        defer { sandbox.stop(); try? FileManager.default.removeItem(at: home) }
        let ada = home.appendingPathComponent("ada.json")
        try Data(#"{"id": "c1", "contact_email": "ada@example.com", "contact_first_name": "Ada", "contact_last_name": "Lovelace"}"#.utf8).write(to: ada)
        #expect(try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--record", ada.path, "--yes"], environment: cli).status == 0)
        try Data(#"{"id": "c1", "contact_email": "ada@example.com", "contact_first_name": "Ada", "contact_last_name": "King"}"#.utf8).write(to: ada)
        let preview = try runSwitchboard(["preview", "hubspot", "updateContact", "--tenant", "acme", "--record", ada.path], environment: cli)
        #expect(preview.status == 0, "\(preview.stdout)\(preview.stderr)")
        #expect(preview.stdout.contains("Changes to HubSpot's current record"), "\(preview.stdout)")
        let row = preview.stdout.split(separator: "\n").first { $0.contains("/properties/lastname") }.map(String.init) ?? ""
        #expect(row.contains("Lovelace") && row.contains("King"), "now → after: \(row)")
        #expect(!preview.stdout.contains("/properties/firstname"), "unchanged fields are not listed")
        let json = try runSwitchboard(["preview", "hubspot", "updateContact", "--tenant", "acme", "--record", ada.path, "--json"], environment: cli)
        let changes = try #require((try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["changes"] as? [[String: Any]])
        #expect(changes.count == 1 && changes.first?["current"] as? String == "Lovelace" && changes.first?["new"] as? String == "King")
    }
}
