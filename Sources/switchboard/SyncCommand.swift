import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard sync`: bidirectional sync runs, their status and history, and the strategies.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Sync the tenant's records with a CRM both ways; conflicts go to `switchboard conflicts`.",
        subcommands: [Run.self, Status.self, History.self, Retry.self, StrategyCommand.self, Schedule.self, Due.self], defaultSubcommand: Run.self)

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Run one sync pass (the default: `switchboard sync hubspot contact --tenant acme`).")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: ArgumentHelp("The connector id.", valueName: "connector")) var connector: String
        @Argument(help: ArgumentHelp("contact, company, deal, lead, activity or ticket.", valueName: "object")) var object: String
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Pull every CRM record (not just those changed since the last checkpoint) and compare every local record.") var full = false
        @Option(help: "to-crm, from-crm or both (default both).") var direction: String = "both"
        @Flag(help: "Also match unlinked records by name + company (off by default).") var fuzzy = false
        @Flag(help: "Print the report as JSON.") var json = false

        func run() async throws {
            guard let dir = SyncDirection(rawValue: direction) else { throw CLIError("--direction: use to-crm, from-crm or both, not \"\(direction)\"", exitCode: 2) }
            let kind = try parseObject(object)
            let workspace = try options.open()
            try workspace.requireSyncPlatform()
            let t = try workspace.tenant(tenant)
            let engine = try workspace.syncEngine(connector: connector, object: kind, tenant: t)
            let (full, fuzzy) = (self.full, self.fuzzy)
            let report = try await runSyncPass { () async throws(SyncError) -> SyncReport in try await engine.run(direction: dir, full: full, fuzzy: fuzzy) }
            SyncFormat.print(report, json: json)
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sync again, comparing the records a run failed on even if unchanged.")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: ArgumentHelp("The sync run id (see `switchboard sync history`).", valueName: "run")) var id: String
        @Flag(help: "Print the report as JSON.") var json = false

        func run() async throws {
            let workspace = try options.open()
            try workspace.requireSyncPlatform()
            let (old, t, failed) = try workspace.failedSync(id)
            let engine = try workspace.syncEngine(connector: old.connectorID, object: old.object, tenant: t)
            let direction = old.direction
            let report = try await runSyncPass { () async throws(SyncError) -> SyncReport in try await engine.run(direction: direction, forced: failed) }
            SyncFormat.print(report, json: json)
            if !report.failures.isEmpty { throw ExitCode(1) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per tenant × connector × object: the last run and its counts, the checkpoint, open conflicts.")
        @Option(help: "Only this tenant.") var tenant: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let only = try tenant.map { try workspace.tenant($0) }
            var rows: [JSONValue] = []
            var table: [[String]] = []
            for status in try workspace.syncStatus(tenant: only) {
                let run = status.run
                var o = SyncFormat.runJSON(run, tenant: status.tenant).objectValue ?? JSONObject()
                o["checkpoint"] = status.checkpoint.map { .string(ISOTime.format($0)) } ?? .null
                o["openConflicts"] = .number(Double(status.openConflicts))
                let next = status.nextRun
                o["nextRun"] = next.map { .string(isoDate($0)) } ?? .null
                o["every"] = status.schedule.map { .string(SyncSchedule.describe($0.every)) } ?? .null
                rows.append(.object(o))
                table.append([status.tenant, run.connectorID, run.object.rawValue, isoDate(run.startedAt), run.status.rawValue,
                              "\(run.counts.synced)/\(run.counts.createdLocal + run.counts.createdRemote)/\(run.counts.updatedLocal + run.counts.updatedRemote)/\(run.counts.errors)",
                              String(status.openConflicts), next.map { $0 <= Date() ? "due now" : isoDate($0) } ?? "manual"])
            }
            if json { print(JSONWriter.pretty(.array(rows))); return }
            if table.isEmpty { print("No sync runs yet; start one with `switchboard sync CONNECTOR OBJECT --tenant T`."); return }
            print(TextTable.render(header: ["TENANT", "CONNECTOR", "OBJECT", "LAST RUN", "STATUS", "SYNCED/CREATED/UPDATED/ERRORS", "OPEN CONFLICTS", "NEXT RUN"], rows: table))
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sync runs, newest first, with their counts.")
        @Option(help: "Only this tenant.") var tenant: String?
        @Option(help: "At most this many runs.") var limit = 50
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let syncStore = stores.sync
            let tenantID = try tenant.map { try workspace.tenant($0).id }
            let names = try workspace.tenantNames()
            let runs = try storeCall { try syncStore.runs(tenantID: tenantID, limit: limit) }
            if json { print(JSONWriter.pretty(.array(runs.map { SyncFormat.runJSON($0, tenant: names[$0.tenantID]) }))); return }
            if runs.isEmpty { print("No sync runs."); return }
            print(TextTable.render(header: ["RUN", "TENANT", "CONNECTOR", "OBJECT", "DIRECTION", "STATUS", "PULLED", "CREATED", "UPDATED", "CONFLICTS", "ERRORS", "REQUESTS"], rows: runs.map { r in
                [r.id, names[r.tenantID] ?? "?", r.connectorID, r.object.rawValue, r.direction.rawValue + (r.full ? " (full)" : ""), r.status.rawValue,
                 String(r.counts.pulled), "\(r.counts.createdLocal)+\(r.counts.createdRemote)", "\(r.counts.updatedLocal)+\(r.counts.updatedRemote)",
                 String(r.counts.conflicts), String(r.counts.errors), String(r.counts.requests)]
            }))
            print("(created / updated: here + in the CRM)")
        }
    }
}

extension SyncCommand {
    /// `sync schedule`: how often a pass should run (`sync due` runs the passes that are due).
    struct Schedule: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set how often a tenant × connector × object syncs (30s, 15m, 2h, 1d, or off); `sync due` runs what is due.")
        @OptionGroup var target: StrategyCommand.Target
        @Option(help: "The interval (30s, 15m, 2h, 1d; a plain number is minutes) or off.") var every: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(target.tenant)
            let kind = try parseObject(target.object)
            let interval: TimeInterval?
            if every.lowercased() == "off" { interval = nil } else {
                guard let parsed = SyncSchedule.parseInterval(every) else { throw CLIError("--every \(every): use 30s, 15m, 2h, 1d or off", exitCode: 2) }
                interval = parsed
            }
            try storeCall { try stores.sync.setSchedule(every: interval, tenantID: t.id, connectorID: target.connector, object: kind) }
            print("\(t.name) · \(target.connector) · \(kind.rawValue): " + (interval.map { "every \(SyncSchedule.describe($0)) (`switchboard sync due` runs it when due)" } ?? "no schedule"))
        }
    }

    /// `sync due`: one pass for every schedule whose time has come (run it from cron or a timer).
    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every scheduled sync that is due (for cron or a systemd timer); exit 1 if any failed.")
        @OptionGroup var options: WorkspaceOptions
        @Option(help: "Only this tenant's.") var tenant: String?
        @Flag(help: "Print the reports as JSON.") var json = false

        func run() async throws {
            let workspace = try options.open()
            try workspace.requireSyncPlatform()
            let only = try tenant.map { try workspace.tenant($0) }
            var reports: [JSONValue] = []
            var failed = false, ran = 0
            for (schedule, t) in try workspace.dueSyncs(tenant: only) {
                ran += 1
                do {
                    let engine = try workspace.syncEngine(connector: schedule.connectorID, object: schedule.object, tenant: t)
                    let report = try await runSyncPass { () async throws(SyncError) -> SyncReport in try await engine.run() }
                    if json { reports.append(SyncFormat.runJSON(report.run, tenant: t.name)) } else { SyncFormat.print(report, json: false) }
                    failed = failed || !report.failures.isEmpty
                } catch let error as CLIError {
                    failed = true
                    warn("\(t.name) · \(schedule.connectorID) · \(schedule.object.rawValue): \(error.message)")
                } catch let error as WorkspaceError {
                    failed = true
                    warn("\(t.name) · \(schedule.connectorID) · \(schedule.object.rawValue): switchboard: \(error.message)")
                }
            }
            if json { print(JSONWriter.pretty(.array(reports))) } else if ran == 0 { print("Nothing due.") }
            if failed { throw ExitCode(1) }
        }
    }
}

/// `switchboard sync strategy`: how fields changed on both sides are settled.
struct StrategyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strategy", abstract: "Conflict strategies per tenant × connector × object, with per-field overrides.",
        subcommands: [Show.self, SetStrategy.self, Clear.self], defaultSubcommand: Show.self)

    struct Target: ParsableArguments {
        @Argument(help: ArgumentHelp("The connector id.", valueName: "connector")) var connector: String
        @Argument(help: ArgumentHelp("contact, company, deal, lead, activity or ticket.", valueName: "object")) var object: String
        @Option(help: "The tenant.") var tenant: String
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the default strategy and the overrides.")
        @OptionGroup var target: Target
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(target.tenant)
            let kind = try parseObject(target.object)
            let set = try storeCall { try stores.sync.strategies(tenantID: t.id, connectorID: target.connector, object: kind) }
            if json {
                print(JSONWriter.pretty(.object(JSONObject([("default", .string(set.standard.rawValue)),
                                                            ("fields", .object(JSONObject(set.fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })))]))))
                return
            }
            print("\(t.name) · \(target.connector) · \(kind.rawValue): default \(set.standard.rawValue)")
            for (field, s) in set.fields.sorted(by: { $0.key < $1.key }) { print("  \(field): \(s.rawValue)") }
        }
    }

    struct SetStrategy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set the default strategy, or one field's with --field: local_wins, remote_wins, latest_wins, manual.")
        @OptionGroup var target: Target
        @Argument(help: ArgumentHelp("local_wins, remote_wins, latest_wins or manual.", valueName: "strategy")) var strategy: String
        @Option(help: "A universal field (e.g. contact_email) to override.") var field: String?
        func run() throws {
            guard let s = SyncStrategy.parse(strategy) else { throw CLIError("unknown strategy \"\(strategy)\"; use \(SyncStrategy.choices)", exitCode: 2) }
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(target.tenant)
            let kind = try parseObject(target.object)
            try storeCall { try stores.sync.setStrategy(s, field: field, tenantID: t.id, connectorID: target.connector, object: kind) }
            print("\(t.name) · \(target.connector) · \(kind.rawValue): \(field ?? "default") = \(s.rawValue)")
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a field's override (it follows the default again).")
        @OptionGroup var target: Target
        @Option(help: "The field whose override to remove.") var field: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(target.tenant)
            let kind = try parseObject(target.object)
            try storeCall { try stores.sync.setStrategy(nil, field: field, tenantID: t.id, connectorID: target.connector, object: kind) }
            print("\(t.name) · \(target.connector) · \(kind.rawValue): \(field) follows the default")
        }
    }
}

/// Printing sync reports and runs.
enum SyncFormat {
    static func runJSON(_ r: SyncRun, tenant: String?) -> JSONValue {
        var o = JSONObject([("run", .string(r.id)), ("connector", .string(r.connectorID)), ("object", .string(r.object.rawValue)),
                            ("direction", .string(r.direction.rawValue)), ("full", .bool(r.full)), ("status", .string(r.status.rawValue)),
                            ("pulled", .number(Double(r.counts.pulled))), ("synced", .number(Double(r.counts.synced))),
                            ("createdLocal", .number(Double(r.counts.createdLocal))), ("updatedLocal", .number(Double(r.counts.updatedLocal))),
                            ("createdRemote", .number(Double(r.counts.createdRemote))), ("updatedRemote", .number(Double(r.counts.updatedRemote))),
                            ("conflicts", .number(Double(r.counts.conflicts))), ("errors", .number(Double(r.counts.errors))),
                            ("requests", .number(Double(r.counts.requests))), ("startedAt", .string(isoDate(r.startedAt)))])
        if let tenant { o["tenant"] = .string(tenant) }
        o["finishedAt"] = r.finishedAt.map { .string(isoDate($0)) } ?? .null
        if let m = r.message { o["message"] = .string(m) }
        return .object(o)
    }

    static func print(_ report: SyncReport, json: Bool) {
        if json {
            var o = runJSON(report.run, tenant: nil).objectValue ?? JSONObject()
            o["failures"] = .array(report.failures.map { f in
                .object(JSONObject([("local", f.localID.map(JSONValue.string) ?? .null), ("remote", f.remoteID.map(JSONValue.string) ?? .null),
                                    ("code", .string(f.code)), ("message", .string(f.message))]))
            })
            o["conflictIds"] = .array(report.conflictIDs.map { .number(Double($0)) })
            Swift.print(JSONWriter.pretty(.object(o)))
            return
        }
        let c = report.run.counts
        Swift.print("Sync \(report.run.id): \(report.run.connectorID) \(report.run.object.plural), \(report.run.direction.rawValue)")
        Swift.print("  \(c.pulled) pulled, \(c.synced) compared; here: \(c.createdLocal) created, \(c.updatedLocal) updated; "
                    + "in the CRM: \(c.createdRemote) created, \(c.updatedRemote) updated; \(c.conflicts) conflicts, \(c.errors) errors; \(c.requests) requests")
        for f in report.failures { Swift.print("  failed: \(f.localID ?? f.remoteID ?? "?"): \(f.code) \(f.message)") }
        if !report.conflictIDs.isEmpty { Swift.print("  conflicts waiting: `switchboard conflicts list` (ids \(report.conflictIDs.map(String.init).joined(separator: ", ")))") }
    }
}

/// Runs a sync pass to the end, with ctrl+c cancelling after the request in flight.
func runSyncPass(_ body: @escaping @Sendable () async throws(SyncError) -> SyncReport) async throws -> SyncReport {
    let result = await runInterruptible { () -> Result<SyncReport, SyncError> in
        do throws(SyncError) { return .success(try await body()) } catch { return .failure(error) }
    }
    switch result {
    case .success(let report): return report
    case .failure(let error): throw CLIError("sync: \(error.description)")
    }
}
