import ArgumentParser
import Dispatch
import Foundation
import SwitchboardCore

/// `switchboard push`: sends records to a CRM through an action, exactly once, with a journal.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send one record or many to a CRM (batched, rate-limited, retried, never duplicated).",
        discussion: """
            Shows what will be sent and asks before sending (unless --yes). Each record's CRM id is kept \
            as a record link, so pushing it again with a create action is skipped and an update action \
            finds its target. Up to --concurrency requests are in flight at once (default 4). ctrl+c stops \
            after the requests in flight; `push --resume RUN` finishes the run.
            """)

    @OptionGroup var options: WorkspaceOptions
    @Argument(help: "The connector id, e.g. hubspot.") var connector: String?
    @Argument(help: "The action id, e.g. createContact.") var action: String?
    @Option(help: "The tenant whose credential is used.") var tenant: String?
    @Option(help: ArgumentHelp("One record: a JSON object file, or - for stdin.", valueName: "file")) var record: String?
    @Option(help: ArgumentHelp("Many records: JSON array, JSON Lines or CSV.", valueName: "file")) var records: String?
    @Flag(help: "Send the tenant's stored records (`switchboard records`) of the action's object: all, or those given with --id.") var stored = false
    @Option(name: .customLong("id"), help: ArgumentHelp("With --stored: only this record (repeatable).", valueName: "id")) var storedIDs: [String] = []
    @Option(help: ArgumentHelp("A mapping document instead of the connector's defaults.", valueName: "file")) var mapping: String?
    @Option(help: ArgumentHelp("Finish an interrupted or stopped run.", valueName: "run")) var resume: String?
    @Flag(help: "Send without asking.") var yes = false
    @Flag(name: .customLong("dry-run"), help: "Show what would be sent; send nothing.") var dryRun = false
    @Flag(name: .customLong("no-batch"), help: "Send one request per record even where the CRM has a batch action.") var noBatch = false
    @Option(help: ArgumentHelp("Requests in flight at once, 1 to \(PushCommand.maxConcurrency) (1 sends one at a time).", valueName: "n"))
    var concurrency: Int = PushExecutor.defaultConcurrency
    @Option(name: .customLong("quota-share"),
            help: ArgumentHelp("The part of the account's rate limit this run may use, above 0 and at most 1 (other integrations share it).", valueName: "share"))
    var quotaShare: Double = 1
    @Flag(help: "Print the final report as JSON.") var json = false

    /// The most requests `--concurrency` allows in flight.
    static let maxConcurrency = 16

    func validate() throws {
        guard quotaShare > 0, quotaShare <= 1 else { throw ValidationError("--quota-share must be above 0 and at most 1 (e.g. 0.5), got \(quotaShare)") }
        guard (1...Self.maxConcurrency).contains(concurrency) else {
            throw ValidationError("--concurrency must be between 1 and \(Self.maxConcurrency), got \(concurrency)")
        }
        if resume == nil {
            guard connector != nil, action != nil else { throw ValidationError("give CONNECTOR and ACTION, or --resume RUN") }
            guard tenant != nil else { throw ValidationError("--tenant is required") }
            guard [record != nil, records != nil, stored].filter({ $0 }).count == 1 else {
                throw ValidationError("give exactly one of --record, --records or --stored")
            }
        }
    }

    func run() async throws {
        let workspace = try options.open()
        let run: PushRun, target: PushTarget
        var plan: PushPlan?
        if let resume {
            let resumption = try await workspace.resumption(of: resume)
            guard let resumed = resumption.target else {
                say("Run \(resume) is already finished: \(resumption.tally)")
                return
            }
            (run, target) = (resumption.run, resumed)
        } else {
            let tenantValue = try workspace.tenant(tenant!)
            target = try await workspace.pushTarget(connector: connector!, action: action!, tenant: tenantValue, mappingFile: mapping, requireCredential: true)
            let path = record ?? records ?? "stored records of \(tenantValue.name)"
            let loaded = stored ? try workspace.storedRecords(storedIDs, object: target.action.object, tenant: tenantValue)
                                : try workspace.readRecords(path: path, object: target.action.object)
            if record != nil, loaded.count != 1 { throw CLIError("\(path): --record takes one record, found \(loaded.count); use --records") }
            let made = try workspace.pushPlan(target, records: loaded, tenant: tenantValue)
            if let problem = made.firstKeyProblem { throw CLIError("\(path): \(problem.message)") }
            summarize(made, tenant: tenantValue)
            if dryRun { (json ? warn : say)("Dry run: nothing sent."); return }
            if !yes { try confirm("Send \(made.entries.count) record\(made.entries.count == 1 ? "" : "s") to \(target.manifest.name) (\(target.action.id)) for \(tenantValue.name)?") }
            run = try workspace.startPushRun(made, tenant: tenantValue, source: path, onlyValid: false, useBatch: !noBatch)
            plan = made
        }
        // A resumed run keeps how it was started (`--no-batch`), and --no-batch turns batches off for it too.
        let executor = try workspace.pushExecutor(target, plan: plan, useBatch: run.useBatch && !noBatch, concurrency: concurrency, quotaShare: quotaShare)
        let quiet = json
        let result: Result<PushReport, PushStop> = await runInterruptible { () -> Result<PushReport, PushStop> in
            do throws(PushStop) {
                return .success(try await executor.execute(run) { p in if !quiet { ProgressLine.show(p) } })
            } catch { return .failure(error) }
        }
        if !quiet { ProgressLine.finish() }
        let journal = try workspace.stores().journal
        switch result {
        case .success(let report):
            try printReport(report, journal: journal)
            if report.tally.failed > 0 || report.tally.sending > 0 { throw ExitCode(1) }
        case .failure(let stop):
            let tally = try storeCall { try journal.tally(run: run.id) }
            throw CLIError("push \(run.id) stopped: \(stop.description.replacingOccurrences(of: "RUN", with: run.id)) (\(tally))")
        }
    }

    /// What will happen, before anything is sent: the first request in full (token masked) and the counts.
    private func summarize(_ plan: PushPlan, tenant: Tenant) {
        // With --json, stdout carries only the report; the summary goes to stderr.
        let say: (String) -> Void = json ? { warn($0) } : { SwitchboardCLI.say($0) }
        let target = plan.target, action = plan.action
        if plan.entries.count == 1, action.pathParameters.isEmpty, let request = try? plan.request(for: plan.entries[0], access: target.previewAccess) {
            say(request.displayText)
            say("")
        }
        let verb = action.operation == .create ? "create" : action.operation.rawValue
        let count = plan.entries.count
        say("\(count) record\(count == 1 ? "" : "s") for \(target.manifest.name) \(action.id): \(plan.toSend) to \(verb), "
            + (plan.isCreate ? "\(plan.linked) already pushed (skipped), " : "") + "\(plan.invalid.count) invalid (will fail, not sent)")
        let invalid = plan.invalid.map { e in "record \(e.position)\(e.key.map { " (\($0))" } ?? ""): " + e.problems.joined(separator: "; ") }
        for line in invalid.prefix(20) { say("  ✗ " + line) }
        if invalid.count > 20 { say("  … and \(invalid.count - 20) more") }
    }

    private func confirm(_ question: String) throws {
        guard isatty(STDIN_FILENO) == 1 else { throw CLIError("not sending without confirmation: add --yes (stdin is not a terminal)") }
        FileHandle.standardOutput.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased(), answer == "y" || answer == "yes" else {
            throw CLIError("nothing sent", exitCode: 1)
        }
    }

    private func printReport(_ report: PushReport, journal: PushJournal) throws {
        let items = try storeCall { try journal.items(run: report.run.id) }
        if json {
            print(JSONWriter.pretty(HistoryFormat.runJSON(report.run, tally: report.tally, items: items, requests: report.requests, rateLimited: report.rateLimited)))
            return
        }
        let rate = report.elapsed > 0 ? Double(report.tally.done) / report.elapsed : 0
        say("Run \(report.run.id): \(report.tally) in \(String(format: "%.1f", report.elapsed)) s (\(String(format: "%.0f", rate)) records/s, \(report.requests) requests, \(report.rateLimited) rate-limited)")
        if report.recovered > 0 { say("  \(report.recovered) interrupted write\(report.recovered == 1 ? " was" : "s were") found in the CRM and linked, not sent again") }
        if items.count == 1, let item = items.first {
            say(item.state == .succeeded ? "  \(item.localID) → \(manifest(report).name) id \(item.remoteID ?? "?")" : "  \(item.localID): \(item.errorCode ?? item.state.rawValue) \(item.errorMessage ?? "")")
        } else {
            for item in items where item.state == .failed { say("  ✗ \(item.localID): \(item.errorCode ?? "") \(item.errorMessage ?? "")") }
        }
        if report.tally.sending > 0 { say("  \(report.tally.sending) could not be checked; `switchboard push --resume \(report.run.id)` tries again") }
    }

    private func manifest(_ report: PushReport) -> (name: String, Void) { (report.run.connectorID, ()) }
}

/// Names for the CLI's output helpers where a local closure shadows them.
enum SwitchboardCLI {
    static func say(_ text: String) { switchboard.say(text) }
}

/// The progress line on stderr: done / total, rate, ETA, failures.
enum ProgressLine {
    static func show(_ p: PushProgress) {
        let t = p.tally
        let rate = p.elapsed > 0 ? Double(t.done) / p.elapsed : 0
        let left = rate > 0 ? Double(t.total - t.done) / rate : 0
        let percent = t.total > 0 ? t.done * 100 / t.total : 100
        // Requests/s against the limit the limiter keeps to (the CRM's, once it stated one).
        let requestRate = p.elapsed > 0 ? Double(p.requests) / p.elapsed : 0
        let limit = p.limitPerSecond.map { " of \(String(format: "%.1f", $0))\(p.limitLearned ? " (CRM's limit)" : "")" } ?? ""
        let line = "\r\(t.done)/\(t.total) (\(percent)%) · \(String(format: "%.0f", rate)) rec/s · \(String(format: "%.1f", requestRate)) req/s\(limit) · ETA \(String(format: "%.0f", left)) s · \(t.failed) failed · \(p.rateLimited) rate-limited "
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func finish() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
