import ArgumentParser
import Dispatch
import Foundation
import SwitchboardCore

/// `switchboard push`: sends records to a CRM through an action, exactly once, with a journal.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send one record or many to a CRM (batched, rate-limited, retried, never duplicated).",
        discussion: """
            Shows what will be sent and asks before sending (unless --yes). Each record's CRM id is kept \
            as a record link, so pushing it again with a create action is skipped and an update action \
            finds its target. Up to --concurrency requests are in flight at once (default 4). ctrl+c stops \
            after the requests in flight; `push --resume RUN` finishes the run.
            """)

    @OptionGroup var global: GlobalOptions
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
    @Flag(help: "Print the final report as JSON.") var json = false
    @Option(name: .customLong("sandbox-url"), help: ArgumentHelp("Use the sandbox CRM at this URL; default $SWITCHBOARD_SANDBOX_URL.", valueName: "url"))
    var sandboxURL: String?

    /// The most requests `--concurrency` allows in flight.
    static let maxConcurrency = 16

    func validate() throws {
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

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let sandbox = sandboxURL ?? environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let context = try AuthContext(global: global, sandboxURL: sandbox, environment: environment)
        let cli = try CLIStore(environment: environment)
        let journal = PushJournal(store: cli.store)
        let pushRun: PushRun, manifest: ConnectorManifest, spec: ActionSpec, fieldMapping: FieldMapping, tenantName: String
        var alloyAccess: (any PushAccessProvider)?
        var previewAccess = RequestPreviewBuilder.Access.notConnected
        if let resume, let found = try storeCall({ try journal.run(resume) }), let alloyID = AlloyGateway.alloyID(fromGateway: found.connectorID) {
            // A run through Alloy resumes through Alloy, whatever --platform says.
            let alloy = try AlloyContext(global: global, sandboxURL: sandbox, environment: environment, cli: cli)
            let tally = try storeCall { try journal.tally(run: resume) }
            guard found.status != .finished || tally.queued + tally.sending > 0 else {
                say("Run \(resume) is already finished: \(tally)")
                return
            }
            guard let t = try cli.tenants.list().first(where: { $0.id == found.tenantID }) else { throw CLIError("run \(resume)'s tenant no longer exists") }
            let target = try alloy.target(connector: alloyID, action: found.actionID, tenant: t, mappingFile: nil, requireCredential: true)
            pushRun = found
            manifest = target.manifest
            spec = target.action
            let credential = try alloy.call { p throws(AlloyError) in try await p.credentialID(tenant: t, connector: alloyID) }
            fieldMapping = try storeCall { try journal.mapping(ofRun: resume) }.map { AlloyGateway.rebind($0, credentialID: credential) } ?? target.mapping
            tenantName = t.name
            alloyAccess = target.access
        } else if let resume {
            guard let found = try storeCall({ try journal.run(resume) }) else { throw CLIError("no push run \"\(resume)\"; `switchboard history` lists them") }
            let tally = try storeCall { try journal.tally(run: resume) }
            guard found.status != .finished || tally.queued + tally.sending > 0 else {
                say("Run \(resume) is already finished: \(tally)")
                return
            }
            pushRun = found
            manifest = try context.manifest(found.connectorID)
            guard let a = manifest.action(id: found.actionID)?.action else { throw CLIError("\(found.connectorID) no longer has action \(found.actionID)") }
            spec = a
            fieldMapping = try storeCall { try journal.mapping(ofRun: resume) } ?? .defaults(manifest, actionId: a.id)
            tenantName = try cli.tenants.list().first { $0.id == found.tenantID }?.name ?? "?"
        } else {
            let tenantValue = try cli.tenant(tenant!)
            if try global.platformKind() == .alloy {
                let alloy = try AlloyContext(global: global, sandboxURL: sandbox, environment: environment, cli: cli)
                let target = try alloy.target(connector: connector!, action: action!, tenant: tenantValue, mappingFile: mapping, requireCredential: true)
                manifest = target.manifest
                spec = target.action
                fieldMapping = target.mapping
                alloyAccess = target.access
                previewAccess = target.previewAccess
            } else {
                manifest = try context.manifest(connector!)
                guard let a = manifest.action(id: action!)?.action else {
                    throw CLIError("\(manifest.id) has no action \"\(action!)\"; known: \(manifest.allActions.map(\.id).joined(separator: ", "))")
                }
                spec = a
                fieldMapping = try mapping.map { try MappingFile.load($0, connector: manifest.id, action: a.id) }
                    ?? storeCall { try MappingStore(store: cli.store).effective(tenantID: tenantValue.id, connector: manifest, actionID: a.id) }
            }
            let a = spec
            tenantName = tenantValue.name
            let path = record ?? records ?? "stored records of \(tenantValue.name)"
            let loaded: [UniversalRecord]
            if stored {
                loaded = try storedRecords(storedIDs, object: a.object, tenant: tenantValue, store: cli.store)
            } else {
                do { loaded = try RecordReader.read(path: path, object: a.object) } catch { throw CLIError(error.description, prefixed: false) }
            }
            if record != nil, loaded.count != 1 { throw CLIError("\(path): --record takes one record, found \(loaded.count); use --records") }
            var keyed: [(localID: String, record: UniversalRecord)] = []
            var seen: Set<String> = []
            for (i, r) in loaded.enumerated() {
                guard let key = r.localKey else { throw CLIError("\(path): record \(i + 1) has no id and no \(r.object == .contact ? "contact_email" : r.object == .company ? "company_domain" : "deal_name") to identify it") }
                guard seen.insert(key).inserted else { throw CLIError("\(path): record \(i + 1) repeats \(key); each record may appear once") }
                keyed.append((key, r))
            }
            try summarize(keyed.map(\.record), manifest: manifest, action: a, mapping: fieldMapping, tenant: tenantValue, journal: journal, access: previewAccess)
            if dryRun { (json ? warn : say)("Dry run: nothing sent."); return }
            if !yes { try confirm("Send \(keyed.count) record\(keyed.count == 1 ? "" : "s") to \(manifest.name) (\(a.id)) for \(tenantValue.name)?") }
            pushRun = try storeCall {
                try journal.createRun(tenantID: tenantValue.id, connectorID: manifest.id, actionID: a.id, object: a.object ?? .contact,
                                      source: path, mapping: fieldMapping, records: keyed)
            }
        }
        let access: any PushAccessProvider
        if let alloyAccess {
            access = alloyAccess
        } else {
            let credentials = try cli.credentials()
            let provider = CredentialProvider(catalog: context.catalog, tenants: cli.tenants, credentials: credentials, appCredentials: context.appResolver)
            access = CredentialAccess(provider: provider, tenant: tenantName, connector: manifest.id)
        }
        let executor = PushExecutor(connector: manifest, action: spec, mapping: fieldMapping, transport: AsyncHTTPTransport.shared,
                                    access: access, journal: journal, useBatch: !noBatch, concurrency: concurrency)
        let quiet = json
        let result: Result<PushReport, PushStop> = try runCancellable { () -> Result<PushReport, PushStop> in
            do {
                return .success(try await executor.execute(pushRun) { p in if !quiet { ProgressLine.show(p) } })
            } catch let stop as PushStop { return .failure(stop) } catch { return .failure(.store(.database(String(describing: error)))) }
        }
        if !quiet { ProgressLine.finish() }
        switch result {
        case .success(let report):
            try printReport(report, journal: journal)
            if report.tally.failed > 0 || report.tally.sending > 0 { throw ExitCode(1) }
        case .failure(let stop):
            let tally = try storeCall { try journal.tally(run: pushRun.id) }
            throw CLIError("push \(pushRun.id) stopped: \(stop.description.replacingOccurrences(of: "RUN", with: pushRun.id)) (\(tally))")
        }
    }

    /// What will happen, before anything is sent: the first request in full (token masked) and the counts.
    private func summarize(_ list: [UniversalRecord], manifest: ConnectorManifest, action: ActionSpec, mapping: FieldMapping,
                           tenant: Tenant, journal: PushJournal, access: RequestPreviewBuilder.Access = .notConnected) throws {
        // With --json, stdout carries only the report; the summary goes to stderr.
        let say: (String) -> Void = json ? { warn($0) } : { SwitchboardCLI.say($0) }
        var invalid: [String] = []
        var linked = 0
        for (i, r) in list.enumerated() {
            if let key = r.localKey, try storeCall({ try journal.link(tenantID: tenant.id, connectorID: manifest.id, object: r.object, localID: key) }) != nil { linked += 1 }
            let mapped = Mapper.map(r, with: mapping)
            let problems = mapped.issues.map(\.description) + (action.requestSchema?.validate(mapped.body).map(\.description) ?? [])
            if !problems.isEmpty { invalid.append("record \(i + 1)\(r.localKey.map { " (\($0))" } ?? ""): " + problems.joined(separator: "; ")) }
        }
        if list.count == 1, action.pathParameters.isEmpty, let preview = try? RequestPreviewBuilder.build(record: list[0], mapping: mapping, action: action, connector: manifest, access: access) {
            say(preview.displayText)
            say("")
        }
        let verb = action.operation == .create ? "create" : action.operation.rawValue
        say("\(list.count) record\(list.count == 1 ? "" : "s") for \(manifest.name) \(action.id): \(list.count - invalid.count - (action.operation == .create ? linked : 0)) to \(verb), "
            + (action.operation == .create ? "\(linked) already pushed (skipped), " : "") + "\(invalid.count) invalid (will fail, not sent)")
        for line in invalid.prefix(20) { say("  ✗ " + line) }
        if invalid.count > 20 { say("  … and \(invalid.count - 20) more") }
    }

    /// The tenant's stored records of `object` (all, or those with the given ids, in that order).
    private func storedRecords(_ ids: [String], object: UniversalObject?, tenant: Tenant, store: SwitchboardStore) throws -> [UniversalRecord] {
        let local = LocalRecordStore(store: store)
        guard let object else { throw CLIError("the action has no object (contact, company or deal), so it cannot take stored records") }
        if ids.isEmpty {
            let all = try storeCall { try local.list(tenantID: tenant.id, object: object) }
            if all.isEmpty { throw CLIError("\(tenant.name) has no stored \(object.rawValue) records; `switchboard records import` adds some") }
            return all.map(\.universal)
        }
        return try ids.map { id in
            guard let r = try storeCall({ try local.get(id, tenantID: tenant.id, object: object) }) else { throw CLIError(LocalRecordError.notFound(id).description) }
            return r.universal
        }
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

/// Runs a store call, turning its error into a one-line CLI error.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CLIError { throw error } catch { throw CLIError(String(describing: error)) }
}

/// The progress line on stderr: done / total, rate, ETA, failures.
enum ProgressLine {
    static func show(_ p: PushProgress) {
        let t = p.tally
        let rate = p.elapsed > 0 ? Double(t.done) / p.elapsed : 0
        let left = rate > 0 ? Double(t.total - t.done) / rate : 0
        let percent = t.total > 0 ? t.done * 100 / t.total : 100
        let line = "\r\(t.done)/\(t.total) (\(percent)%) · \(String(format: "%.0f", rate)) rec/s · ETA \(String(format: "%.0f", left)) s · \(t.failed) failed · \(p.rateLimited) rate-limited "
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data(line.utf8)) }
    }

    static func finish() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
