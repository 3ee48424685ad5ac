import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard schema refresh|fields`: the tenant's own CRM schema (custom fields, picklists,
/// required and read-only fields) read from the CRM's metadata API.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Read and list the tenant's own CRM fields (custom fields, picklists, required, read-only).",
        subcommands: [Refresh.self, Fields.self, Pipelines.self])

    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the tenant's fields of every object of a connector from the CRM; print what changed since the last read.")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Option(help: "The tenant whose connection is used.") var tenant: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let workspace = try options.open()
            let t = try storeCall { try workspace.tenant(tenant) }
            let report = try await storeCallAsync { try await workspace.refreshSchema(tenant: t, connector: connector) }
            if json {
                print(JSONWriter.pretty(Self.json(report)))
                return
            }
            say("\(report.tenant) · \(report.connectorID): read \(report.objects.count) objects in \(String(format: "%.2f", report.seconds)) s, \(report.requests) requests")
            for read in report.objects {
                let custom = read.schema.customFields.count
                var line = "  \(read.object.rawValue) (\(read.resourceID)): \(read.schema.fields.count) fields, \(custom) custom"
                if read.notModified { line += " — not modified since the last read" }
                say(line.terminalSafe)
                guard let diff = read.diff else { say("    first read"); continue }
                if diff.isEmpty { if !read.notModified { say("    no change since the last read") }; continue }
                for f in diff.added { say("    + \(f.name) (\(f.kind.rawValue)\(f.custom ? ", custom" : ""))".terminalSafe) }
                for f in diff.removed { say("    − \(f.name)".terminalSafe) }
                for c in diff.changed { say("    ~ \(c.name): \(c.what.joined(separator: "; "))".terminalSafe) }
            }
            for read in report.objects where !read.schema.pipelines.isEmpty {
                let stages = read.schema.pipelines.reduce(0) { $0 + $1.stages.count }
                say("  \(read.object.rawValue) pipelines: \(read.schema.pipelines.count), \(stages) stages (`switchboard schema pipelines \(report.connectorID) \(read.object.rawValue) --tenant \(report.tenant)`)".terminalSafe)
            }
        }

        static func json(_ report: SchemaRefreshReport) -> JSONValue {
            var o = JSONObject()
            o["connector"] = .string(report.connectorID)
            o["tenant"] = .string(report.tenant)
            o["requests"] = .number(Double(report.requests))
            o["seconds"] = .number((report.seconds * 1000).rounded() / 1000)
            o["objects"] = .array(report.objects.map { read in
                var r = JSONObject()
                r["object"] = .string(read.object.rawValue)
                r["resource"] = .string(read.resourceID)
                r["readAt"] = .string(isoDate(read.schema.readAt))
                r["fields"] = .number(Double(read.schema.fields.count))
                r["customFields"] = .number(Double(read.schema.customFields.count))
                r["notModified"] = .bool(read.notModified)
                r["pipelines"] = .number(Double(read.schema.pipelines.count))
                r["firstRead"] = .bool(read.diff == nil)
                r["added"] = .array((read.diff?.added ?? []).map { .string($0.name) })
                r["removed"] = .array((read.diff?.removed ?? []).map { .string($0.name) })
                r["changed"] = .array((read.diff?.changed ?? []).map { ["name": .string($0.name), "what": .array($0.what.map(JSONValue.string))] })
                return .object(r)
            })
            return .object(o)
        }
    }

    struct Fields: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tenant's fields of one object as last read (schema refresh reads them).")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Argument(help: "The object: contact, company, deal, lead, activity or ticket.") var object: String
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Only the custom fields.") var custom = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let workspace = try options.open()
            let kind = try parseObject(object)
            let t = try storeCall { try workspace.tenant(tenant) }
            let manifest = try storeCall { try workspace.manifest(connector) }
            guard let schema = try storeCall({ try workspace.tenantSchemas(tenant: t, connector: manifest.id) })[kind] else {
                throw CLIError("no \(kind.rawValue) schema of \(manifest.id) read for \(t.name) yet; run `switchboard schema refresh \(manifest.id) --tenant \(t.name)`")
            }
            let fields = custom ? schema.customFields : schema.fields
            if json {
                print(JSONWriter.pretty(["connector": .string(manifest.id), "object": .string(kind.rawValue), "tenant": .string(t.name),
                                         "readAt": .string(isoDate(schema.readAt)), "fields": .array(fields.map(\.json))]))
                return
            }
            say("\(t.name) · \(manifest.name) \(kind.rawValue): \(fields.count) fields\(custom ? " (custom)" : ""), read \(RelativeTime.describe(schema.readAt))".terminalSafe)
            let rows = fields.map { f -> [String] in
                let options = f.options.prefix(8).map { $0.label == $0.valueText ? $0.valueText : "\($0.valueText) (\($0.label))" }.joined(separator: ", ")
                    + (f.options.count > 8 ? ", … \(f.options.count - 8) more" : "")
                return [f.name, f.label, f.kind.rawValue, f.required ? "yes" : "", f.readOnly ? "yes" : (f.readOnlyOnUpdate ? "on update" : ""),
                        f.custom ? "yes" : "", options]
            }
            print(TextTable.render(header: ["NAME", "LABEL", "TYPE", "REQUIRED", "READ-ONLY", "CUSTOM", "OPTIONS"], rows: rows))
        }
    }
}

extension SchemaCommand {
    /// `schema pipelines`: the tenant's pipelines and their stages for one object, as last read.
    struct Pipelines: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the tenant's pipelines and their stages for deals or tickets as last read (schema refresh reads them).")
        @OptionGroup var options: WorkspaceOptions
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Argument(help: "The object: deal or ticket.") var object: String = "deal"
        @Option(help: "The tenant.") var tenant: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let workspace = try options.open()
            let kind = try parseObject(object)
            let t = try storeCall { try workspace.tenant(tenant) }
            let manifest = try storeCall { try workspace.manifest(connector) }
            guard manifest.pipelineSpec(for: kind) != nil else {
                throw CLIError("\(manifest.name) has no pipelines for \(kind.plural) in its manifest (stages may be a picklist: `switchboard schema fields \(manifest.id) \(kind.rawValue) --tenant \(t.name)`)")
            }
            guard let schema = try storeCall({ try workspace.tenantSchemas(tenant: t, connector: manifest.id) })[kind], !schema.pipelines.isEmpty else {
                throw CLIError("no \(kind.rawValue) pipelines of \(manifest.id) read for \(t.name) yet; run `switchboard schema refresh \(manifest.id) --tenant \(t.name)`")
            }
            if json {
                print(JSONWriter.pretty(["connector": .string(manifest.id), "object": .string(kind.rawValue), "tenant": .string(t.name),
                                         "readAt": .string(isoDate(schema.readAt)), "pipelines": .array(schema.pipelines.map(\.json))]))
                return
            }
            say("\(t.name) · \(manifest.name) \(kind.rawValue) pipelines, read \(RelativeTime.describe(schema.readAt))".terminalSafe)
            var rows: [[String]] = []
            for pipeline in schema.pipelines {
                for (i, stage) in pipeline.stages.enumerated() {
                    rows.append([i == 0 ? pipeline.id : "", i == 0 ? pipeline.label : "", stage.id, stage.label])
                }
            }
            print(TextTable.render(header: ["PIPELINE", "LABEL", "STAGE", "STAGE LABEL"], rows: rows))
        }
    }
}

/// Runs an async store or workspace call, turning its error into a one-line CLI error.
func storeCallAsync<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as CLIError { throw error } catch let error as WorkspaceError { throw CLIError(error) } catch {
        throw CLIError(String(describing: error))
    }
}
