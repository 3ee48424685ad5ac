import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard history`: every push run and record with status, attempts, errors and CRM ids.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Push runs and their records: status, attempts, errors, CRM ids.",
        subcommands: [List.self, Show.self, Retry.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List push runs, newest first.")
        @Option(help: "Only this tenant's runs.") var tenant: String?
        @Flag(help: "Only runs with failed records.") var failed = false
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let journal = stores.journal
            let tenantID = try tenant.map { try workspace.tenant($0).id }
            let names = Dictionary(uniqueKeysWithValues: try stores.tenants.list().map { ($0.id, $0.name) })
            var rows: [(PushRun, PushTally)] = []
            for run in try storeCall({ try journal.runs(tenantID: tenantID) }) {
                let tally = try storeCall { try journal.tally(run: run.id) }
                if failed && tally.failed == 0 { continue }
                rows.append((run, tally))
            }
            if json {
                print(JSONWriter.pretty(.array(rows.map { HistoryFormat.runJSON($0.0, tally: $0.1, items: nil, tenantName: names[$0.0.tenantID]) })))
                return
            }
            if rows.isEmpty { print("No push runs\(tenant.map { " for \($0)" } ?? "")."); return }
            print(TextTable.render(header: ["RUN", "TENANT", "CONNECTOR", "ACTION", "STATUS", "RECORDS", "RESULT"], rows: rows.map { run, tally in
                [run.id, names[run.tenantID] ?? "?", run.connectorID, run.actionID, run.status.rawValue, String(run.total), tally.description]
            }))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one run record by record.")
        @Argument(help: ArgumentHelp("The run id (see `switchboard history`).", valueName: "run")) var id: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let journal = stores.journal
            guard let found = try storeCall({ try journal.run(id) }) else { throw CLIError("no push run \"\(id)\"; `switchboard history` lists them") }
            let items = try storeCall { try journal.items(run: id) }
            let tally = try storeCall { try journal.tally(run: id) }
            if json { print(JSONWriter.pretty(HistoryFormat.runJSON(found, tally: tally, items: items))); return }
            print("Run \(found.id): \(found.connectorID) \(found.actionID), \(found.status.rawValue), from \(found.source)")
            print("Started \(isoDate(found.startedAt))\(found.finishedAt.map { ", finished \(isoDate($0))" } ?? ""); \(tally)")
            print(TextTable.render(header: ["#", "RECORD", "STATE", "ATTEMPTS", "CRM ID", "HTTP", "MS", "ERROR"], rows: items.map { i in
                [String(i.position + 1), i.localID, i.state.rawValue, String(i.attempts), i.remoteID ?? "", i.httpStatus.map(String.init) ?? "",
                 String(format: "%.0f", i.durationMilliseconds), [i.errorCode, i.errorMessage].compactMap { $0 }.joined(separator: " ")]
            }))
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Queue a run's failed records again; finish with `switchboard push --resume RUN`.")
        @Argument(help: ArgumentHelp("The run id (see `switchboard history`).", valueName: "run")) var id: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let journal = stores.journal
            guard try storeCall({ try journal.run(id) }) != nil else { throw CLIError("no push run \"\(id)\"") }
            let count = try storeCall { try journal.requeueFailed(run: id) }
            print("\(count) failed record\(count == 1 ? "" : "s") queued again; run `switchboard push --resume \(id)` to send \(count == 1 ? "it" : "them")")
        }
    }
}

/// The JSON shape of runs and items (`push --json`, `history --json`, `history show --json`).
enum HistoryFormat {
    static func runJSON(_ run: PushRun, tally: PushTally, items: [PushItem]?, tenantName: String? = nil, requests: Int? = nil, rateLimited: Int? = nil) -> JSONValue {
        var o = JSONObject([("run", .string(run.id)), ("connector", .string(run.connectorID)), ("action", .string(run.actionID)),
                            ("status", .string(run.status.rawValue)), ("total", .number(Double(run.total))),
                            ("succeeded", .number(Double(tally.succeeded))), ("failed", .number(Double(tally.failed))),
                            ("skipped", .number(Double(tally.skipped))), ("left", .number(Double(tally.queued + tally.sending))),
                            ("startedAt", .string(isoDate(run.startedAt)))])
        if let tenantName { o["tenant"] = .string(tenantName) }
        if let requests { o["requests"] = .number(Double(requests)) }
        if let rateLimited { o["rateLimited"] = .number(Double(rateLimited)) }
        if let items {
            o["items"] = .array(items.map { i in
                var item = JSONObject([("record", .string(i.localID)), ("state", .string(i.state.rawValue)), ("attempts", .number(Double(i.attempts)))])
                if let r = i.remoteID { item["crmId"] = .string(r) }
                if let s = i.httpStatus { item["httpStatus"] = .number(Double(s)) }
                if let c = i.errorCode { item["errorCode"] = .string(c) }
                if let m = i.errorMessage { item["errorMessage"] = .string(m) }
                return .object(item)
            })
        }
        return .object(o)
    }
}
