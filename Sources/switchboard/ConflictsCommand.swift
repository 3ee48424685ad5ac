import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard conflicts`: the queue of fields changed on both sides, and their resolution.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts", abstract: "The conflict queue: list, show, resolve (writes both sides, audited).",
        subcommands: [List.self, Show.self, Resolve.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open conflicts, oldest first.")
        @Option(help: "Only this tenant's.") var tenant: String?
        @Flag(help: "Resolved ones too.") var all = false
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let tenantID = try tenant.map { try workspace.tenant($0).id }
            let names = Dictionary(uniqueKeysWithValues: try storeCall { try stores.tenants.list() }.map { ($0.id, $0.name) })
            let list = try storeCall { try stores.conflicts.list(tenantID: tenantID, status: all ? nil : .open) }
            if json { print(JSONWriter.pretty(.array(list.map { ConflictFormat.json($0, tenant: names[$0.tenantID]) }))); return }
            if list.isEmpty { print("No \(all ? "" : "open ")conflicts\(tenant.map { " for \($0)" } ?? "")."); return }
            let now = Date()
            print(TextTable.render(header: ["ID", "TENANT", "CONNECTOR", "RECORD", "FIELDS", "AGE", "STATUS"], rows: list.map { c in
                [String(c.id), names[c.tenantID] ?? "?", c.connectorID, "\(c.label) (\(c.localID) ↔ \(c.remoteID))",
                 (c.status == .open ? c.openFields : c.fields).map(\.field).joined(separator: ", "), c.age(at: now), c.status.rawValue]
            }))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One conflict field by field: base, ours (local), theirs (CRM), and the audit trail.")
        @Argument(help: ArgumentHelp("The conflict id.", valueName: "id")) var id: Int64
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let queue = try workspace.stores().conflicts
            guard let c = try storeCall({ try queue.get(id) }) else { throw CLIError("no conflict \(id); `switchboard conflicts list` shows the open ones") }
            let audit = try storeCall { try queue.audit(conflictID: id) }
            if json {
                var o = ConflictFormat.json(c, tenant: nil).objectValue ?? JSONObject()
                o["audit"] = .array(audit.map(ConflictFormat.auditJSON))
                print(JSONWriter.pretty(.object(o)))
                return
            }
            print("Conflict \(c.id): \(c.connectorID) \(c.object.rawValue) \(c.label) — local \(c.localID) (modified \(isoDate(c.localModified))), "
                  + "CRM \(c.remoteID)\(c.remoteModified.map { " (modified \(isoDate($0)))" } ?? ""); \(c.status.rawValue)")
            print(TextTable.render(header: ["FIELD", "BASE", "OURS (LOCAL)", "THEIRS (CRM)", "RESOLVED"], rows: c.fields.map { f in
                [f.field, ConflictFormat.text(f.base), ConflictFormat.text(f.local), ConflictFormat.text(f.remote),
                 f.resolution.map { "\($0) → \(ConflictFormat.text(f.value))" } ?? ""]
            }))
            for a in audit { print("  \(isoDate(a.at)) \(a.actor) took \(a.choice) for \(a.field): \(ConflictFormat.text(a.value))") }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply a choice to both sides (CRM first, then here and the base), with an audit entry.",
            discussion: "Without --field the choice applies to every open field of the conflict. --dry-run shows the two writes (and the CRM request) without applying.")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: ArgumentHelp("The conflict id.", valueName: "id")) var id: Int64
        @Option(help: "local, remote or base.") var take: String?
        @Option(help: "A value to write instead (JSON number/true/false/null, else text).") var value: String?
        @Option(help: "Only this field (repeatable).") var field: [String] = []
        @Option(help: "Who resolves, for the audit trail (default $USER).") var by: String?
        @Flag(name: .customLong("dry-run"), help: "Show what would be written; write nothing.") var dryRun = false

        func validate() throws {
            guard (take == nil) != (value == nil) else { throw ValidationError("give exactly one of --take local|remote|base or --value V") }
            if let take, !["local", "remote", "base", "ours", "theirs"].contains(take) { throw ValidationError("--take: use local, remote or base") }
        }

        func run() async throws {
            let workspace = try options.open()
            try workspace.requireSyncPlatform()
            let queue = try workspace.stores().conflicts
            guard let c = try storeCall({ try queue.get(id) }) else { throw CLIError("no conflict \(id); `switchboard conflicts list` shows the open ones") }
            let choice: ConflictChoice
            switch take {
            case "local"?, "ours"?: choice = .local
            case "remote"?, "theirs"?: choice = .remote
            case "base"?: choice = .base
            default: choice = .typed(value ?? "")
            }
            let fields = field.isEmpty ? c.openFields.map(\.field) : field
            let choices = Dictionary(uniqueKeysWithValues: fields.map { ($0, choice) })
            let resolver = try workspace.conflictResolver()
            let plan: ConflictResolutionPlan
            do { plan = try resolver.plan(c, choices: choices) } catch { throw CLIError(error.description) }
            ConflictFormat.printPlan(plan, conflict: c)
            if dryRun { print("Dry run: nothing written."); return }
            let actor = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            do throws(SyncError) {
                _ = try await resolver.resolve(c.id, choices: choices, actor: actor)
                print("Resolved \(fields.joined(separator: ", ")) of conflict \(c.id) (by \(actor)).")
            } catch {
                throw CLIError(error.description)
            }
        }
    }
}

/// Printing conflicts.
enum ConflictFormat {
    static func text(_ v: JSONValue?) -> String {
        guard let v, !v.isNull else { return "—" }
        return v.stringValue ?? JSONWriter.compact(v)
    }



    static func json(_ c: SyncConflict, tenant: String?) -> JSONValue {
        var o = JSONObject([("id", .number(Double(c.id))), ("connector", .string(c.connectorID)), ("object", .string(c.object.rawValue)),
                            ("local", .string(c.localID)), ("remote", .string(c.remoteID)), ("label", .string(c.label)), ("status", .string(c.status.rawValue)),
                            ("localModified", .string(isoDate(c.localModified))), ("createdAt", .string(isoDate(c.createdAt)))])
        if let tenant { o["tenant"] = .string(tenant) }
        o["remoteModified"] = c.remoteModified.map { .string(isoDate($0)) } ?? .null
        o["fields"] = .array(c.fields.map { f in
            .object(JSONObject([("field", .string(f.field)), ("base", f.base ?? .null), ("local", f.local ?? .null), ("remote", f.remote ?? .null),
                                ("resolution", f.resolution.map(JSONValue.string) ?? .null), ("value", f.value ?? .null)]))
        })
        return .object(o)
    }

    static func auditJSON(_ a: SyncAuditEntry) -> JSONValue {
        .object(JSONObject([("field", .string(a.field)), ("actor", .string(a.actor)), ("at", .string(isoDate(a.at))), ("choice", .string(a.choice)),
                            ("value", a.value ?? .null), ("oldLocal", a.oldLocal ?? .null), ("oldRemote", a.oldRemote ?? .null), ("oldBase", a.oldBase ?? .null)]))
    }

    static func printPlan(_ plan: ConflictResolutionPlan, conflict c: SyncConflict) {
        print("Conflict \(c.id) (\(c.label)):")
        for (field, value) in plan.values { print("  \(field) = \(text(value))") }
        print("  here: " + (plan.localWrites.isEmpty ? "no change" : plan.localWrites.keys.sorted().joined(separator: ", ")))
        print("  \(c.connectorID): " + (plan.remoteWrites.isEmpty ? "no change" : plan.remoteWrites.keys.sorted().joined(separator: ", ")))
        if let r = plan.request {
            print("  \(r.method) \(r.url)")
            if let body = r.body { print("  " + JSONWriter.compact(body)) }
        }
    }
}
