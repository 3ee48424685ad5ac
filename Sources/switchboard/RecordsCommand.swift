import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard records`: the tenant's own records, the local side of sync and a source for push.
struct RecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "The tenant's own records (the local side of sync).",
        subcommands: [Import.self, List.self, Show.self, Edit.self, Delete.self], defaultSubcommand: List.self)

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import records from JSON, JSON Lines or CSV: upsert by id, else by email (contacts) / domain (companies) / name (deals).")
        @Argument(help: ArgumentHelp("The file (- for standard input).", valueName: "file")) var file: String
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "contact, company, deal, lead, activity or ticket.") var object: String
        @Flag(help: "Print the report as JSON.") var json = false
        func run() throws {
            let kind = try parseObject(object)
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(tenant)
            let read: (records: [UniversalRecord], invalid: [RecordFileError], places: [String])
            do { read = try RecordReader.readSkippingInvalid(path: file, object: kind) } catch { throw CLIError(error.description, prefixed: false) }
            var report = try storeCall { try stores.records.importRecords(read.records, object: kind, tenantID: t.id, file: file) }
            report.rejected = read.invalid + report.rejected
            if json {
                print(JSONWriter.pretty(.object(JSONObject([
                    ("created", .array(report.created.map(JSONValue.string))), ("updated", .array(report.updated.map(JSONValue.string))),
                    ("unchanged", .array(report.unchanged.map(JSONValue.string))),
                    ("rejected", .array(report.rejected.map { e in .object(JSONObject([("line", e.line.map { .number(Double($0)) } ?? .null), ("reason", .string(e.message))])) })),
                ]))))
            } else {
                print("\(t.name): \(report.created.count) created, \(report.updated.count) updated, \(report.unchanged.count) unchanged, \(report.rejected.count) rejected")
                for r in report.rejected { print("  rejected: \(r.description)") }
            }
            if !report.rejected.isEmpty { throw ExitCode(1) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tenant's records.")
        @Option(help: "The tenant.") var tenant: String
        @Option(help: "Only records of this object: contact, company, deal, lead, activity or ticket.") var object: String?
        @Option(help: "Only records whose id or a value contains this text.") var filter: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let kind = try object.map(parseObject)
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(tenant)
            let list = try storeCall { try stores.records.list(tenantID: t.id, object: kind, matching: filter) }
            if json { print(JSONWriter.pretty(.array(list.map(recordJSON)))); return }
            if list.isEmpty { print("No records for \(t.name)\(kind.map { " (\($0.rawValue))" } ?? ""); import some with `switchboard records import FILE --tenant \(t.name) --object contact`."); return }
            print(TextTable.render(header: ["ID", "OBJECT", "RECORD", "FIELDS", "MODIFIED"], rows: list.map { r in
                [r.id, r.object.rawValue, r.label, String(r.fields.count), isoDate(r.modifiedAt)]
            }))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one record with its CRM links.")
        @Argument(help: ArgumentHelp("The record id.", valueName: "id")) var id: String
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(tenant)
            guard let r = try storeCall({ try stores.records.get(id, tenantID: t.id) }) else {
                throw CLIError(LocalRecordError.notFound(id).description)
            }
            let links = try storeCall { try stores.journal.links(tenantID: t.id, object: r.object, localID: r.id) }
            if json {
                var o = recordJSON(r).objectValue ?? JSONObject()
                o["links"] = .object(JSONObject(links.map { ($0.key, JSONValue.string($0.value)) }.sorted { $0.0 < $1.0 }))
                print(JSONWriter.pretty(.object(o)))
                return
            }
            print("\(r.object.rawValue) \(r.id) — created \(isoDate(r.createdAt)), modified \(isoDate(r.modifiedAt))")
            print(TextTable.render(header: ["FIELD", "VALUE"], rows: r.fields.map { [$0.key, $0.value.stringValue ?? JSONWriter.compact($0.value)] }))
            for (connector, remote) in links.sorted(by: { $0.key < $1.key }) { print("linked: \(connector) \(remote)") }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change fields of a record (bumps its modified time); field= clears a field.")
        @Argument(help: ArgumentHelp("The record id.", valueName: "id")) var id: String
        @Argument(help: ArgumentHelp("field=value pairs, e.g. contact_first_name=Ada.", valueName: "field=value")) var assignments: [String]
        @Option(help: "The tenant.") var tenant: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(tenant)
            let changes: [(String, JSONValue?)]
            do { changes = try LocalRecordStore.parseAssignments(assignments) } catch { throw CLIError(error.description) }
            do {
                let r = try stores.records.update(id, tenantID: t.id, changes: changes)
                print("\(r.id) updated (\(changes.map(\.0).joined(separator: ", "))), modified \(isoDate(r.modifiedAt))")
            } catch { throw CLIError(error.description) }
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a record here (its CRM copy stays; sync will not recreate it).")
        @Argument(help: ArgumentHelp("The record id.", valueName: "id")) var id: String
        @Option(help: "The tenant.") var tenant: String
        func run() throws {
            let workspace = try Workspace.forCommand(acceptsSandbox: false)
            let stores = try workspace.stores()
            let t = try workspace.tenant(tenant)
            guard try storeCall({ try stores.records.delete(id, tenantID: t.id) }) else { throw CLIError(LocalRecordError.notFound(id).description) }
            print("\(id) deleted")
        }
    }
}

/// The objects' names, for help and errors: `contact, company, deal, lead, activity or ticket`.
let objectNames = UniversalObject.allCases.dropLast().map(\.rawValue).joined(separator: ", ") + " or " + (UniversalObject.allCases.last?.rawValue ?? "")

/// The object `text` names, singular or plural (`activities`).
func parseObject(_ text: String) throws -> UniversalObject {
    let singular = text.lowercased().hasSuffix("ies") ? String(text.lowercased().dropLast(3)) + "y" : (text.lowercased().hasSuffix("s") ? String(text.lowercased().dropLast()) : text.lowercased())
    guard let kind = UniversalObject(rawValue: singular) ?? UniversalObject(rawValue: text.lowercased()) else {
        throw CLIError("unknown object \"\(text)\"; use \(objectNames)", exitCode: 2)
    }
    return kind
}

func recordJSON(_ r: LocalRecord) -> JSONValue {
    .object(JSONObject([("id", .string(r.id)), ("object", .string(r.object.rawValue)), ("fields", .object(r.fields)),
                        ("createdAt", .string(isoDate(r.createdAt))), ("modifiedAt", .string(isoDate(r.modifiedAt)))]))
}

