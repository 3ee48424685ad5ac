import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The Bulk screen against a live sandbox: summary, push through the batch action with progress,
/// already-linked records on a second load, and cancel keeping what is done.
@Suite("Bulk screen", .serialized)
struct BulkScreenTests {
    /// A JSON Lines file of `count` good contacts, plus one with a bad email and one without an email.
    func recordsFile(_ f: ConsoleDataFixture, count: Int, prefix: String = "bulk") throws -> URL {
        var lines = (0..<count).map { #"{"contact_email": "\#(prefix)\#($0)@example.com", "contact_first_name": "Bulk\#($0)", "contact_last_name": "Tester"}"# }
        lines.append(#"{"contact_email": "not-an-email", "contact_first_name": "Bad"}"#)
        lines.append(#"{"contact_first_name": "Nobody"}"#)
        let file = f.folder.appendingPathComponent("contacts.jsonl")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        return file
    }

    @Test("summary lists the invalid records; ctrl+j, y pushes the valid ones in batches; loading again shows them already pushed")
    func pushAll() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            let console = f.console
            let file = try recordsFile(f, count: 5)
            await f.command("tenant acme")
            await f.command("connector hubspot")
            console.press("enter")
            await f.command("bulk \(file.path)")
            guard let bulk = console.model.top as? BulkScreen else { Issue.record("no Bulk screen:\n\(console.text)"); return }
            #expect(bulk.plan.toCreate == 5 && bulk.plan.invalidCount == 2)
            #expect(console.text.contains("7 records: 5 to create · 0 already pushed"), "\(console.text)")
            #expect(console.text.contains("2 invalid (skipped, not sent)"))
            #expect(console.text.contains("line 6: field contact_email: not an email address"))
            
            // Issue 24, finding 8: both invalid records are numbered by their line in the file.
            #expect(console.text.contains("line 7: no id and no unique key (contact_email)"), "\(console.text)")
            #expect(console.text.contains("batches through"))

            console.press("ctrl+j")
            #expect(console.text.contains("Push 5 records to HubSpot for acme? y pushes"))
            console.press("y")
            await console.settle()
            #expect(console.text.contains("✓ Finished run"), "\(console.text)")
            #expect(console.text.contains("5 succeeded, 0 failed, 0 skipped"))
            let contacts = try await f.contactsByEmail()
            for i in 0..<5 { #expect(contacts["bulk\(i)@example.com"]?.count == 1) }
            #expect(contacts["not-an-email"] == nil)

            // Issue 24, finding 8: the finished push links to its History entry.
            #expect(console.text.contains("h opens it in History"))
            guard case .done(let outcome) = (console.model.top as? BulkScreen)?.phase else { Issue.record("the push is done"); return }
            console.press("h")
            let history = try #require(console.model.top as? HistoryScreen, "\(console.text)")
            #expect(history.current?.run.id == outcome.runID, "History opens on the run just pushed")
            console.press("esc")

            console.press("esc")
            await f.command("bulk \(file.path)")
            #expect(console.text.contains("5 already pushed"), "\(console.text)")
            #expect(console.text.contains("0 to create"))
        }
    }

    @Test("the progress line shows done/total, rate, ETA and errors")
    func progressLine() {
        let line = BulkScreen.progressLine(done: 32, failed: 2, elapsed: 4, total: 64, width: 100)
        #expect(line.contains("32/64"))
        #expect(line.contains("8.0 records/s"))
        #expect(line.contains("ETA 0:04"))
        #expect(line.contains("2 errors"))
        #expect(line.hasPrefix("[" + String(repeating: "█", count: 20)), "\(line)")
    }

    @Test("Esc during the push cancels after the request in flight: what is done stays done and is in the CRM, the rest is left queued")
    func cancel() async throws {
        try await ConsoleDataFixture.with(sandbox: true, latencyMilliseconds: 300) { f in
            let console = f.console
            let file = try recordsFile(f, count: 400, prefix: "cancel")
            await f.command("tenant acme")
            await f.command("connector hubspot")
            console.press("enter")
            await f.command("bulk \(file.path)")
            console.press("ctrl+j", "y")
            // The push runs in the background; Esc cancels it before the first batch answers.
            console.press("esc")
            #expect(console.text.contains("Cancelling"))
            await console.settle()
            // Issue 24, finding 9: one word for it, the one History's Status column shows.
            #expect(console.text.contains("✖ Interrupted run"), "\(console.text)")
            let run = try #require(try PushJournal(store: f.store).runs(tenantID: f.tenant.id).first)
            #expect(run.status == .interrupted)
            let tally = try PushJournal(store: f.store).tally(run: run.id)
            #expect(tally.total == 400)
            #expect(tally.queued > 0, "the rest is left for a resume: \(tally)")
            // Every record the journal calls done is in the CRM, once; a request cut off by the cancel may
            // have been written too, and stays `sending` for the resume to look up (never sent blindly again).
            let contacts = try await f.contactsByEmail()
            let inCRM = contacts.filter { $0.key.hasPrefix("cancel") }
            #expect(inCRM.values.allSatisfy { $0.count == 1 }, "no duplicate")
            let done = try PushJournal(store: f.store).items(run: run.id).filter { $0.state == .succeeded }
            #expect(done.allSatisfy { inCRM[$0.record.value("contact_email")?.stringValue ?? ""] == [$0.remoteID ?? ""] }, "done records are in the CRM under their CRM id")
            #expect(inCRM.count >= tally.succeeded && inCRM.count <= tally.succeeded + tally.sending, "\(inCRM.count) in the CRM for \(tally)")
        }
    }
}
