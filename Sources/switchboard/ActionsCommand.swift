import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard actions list|schema`: a connector's actions and their request schemas.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions", abstract: "List a connector's actions and show their request schemas.",
        subcommands: [List.self, Schema.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the actions of a connector, by resource.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            let workspace = try Workspace.forCommand(global: global, sandboxCatalog: false)
            let manifest = try await workspace.platformCatalog().requireConnector(try workspace.catalogID(connector))
            if json {
                let resources: [JSONValue] = manifest.resources.map(Self.resourceJSON)
                print(JSONWriter.pretty(["connector": .string(manifest.id), "resources": .array(resources)]))
                return
            }
            let rows = manifest.resources.flatMap(Self.rows)
            print(TextTable.render(header: ["RESOURCE", "ACTION", "METHOD", "PATH", "BATCH", "NAME"], rows: rows))
        }

        /// The table rows of one resource's actions. Plain functions here and below: Swift 6.3's
        /// optimiser crashed (ownership verifier) on the same code written as nested loops and closures.
        static func rows(_ resource: ResourceSpec) -> [[String]] {
            resource.actions.map { a in [resource.id, a.id, a.method, a.path, batchText(a), a.name] }
        }

        static func batchText(_ a: ActionSpec) -> String {
            guard let max = a.maxBatchSize else { return "" }
            return "batch ≤ \(max)"
        }

        /// One resource and its actions as JSON.
        static func resourceJSON(_ resource: ResourceSpec) -> JSONValue {
            .object(JSONObject([("id", .string(resource.id)), ("name", .string(resource.name)),
                                ("actions", .array(resource.actions.map(actionJSON)))]))
        }

        static func actionJSON(_ a: ActionSpec) -> JSONValue {
            var o = JSONObject([("id", .string(a.id)), ("name", .string(a.name)), ("method", .string(a.method)),
                                ("path", .string(a.path)), ("operation", .string(a.operation.rawValue))])
            if let object = a.object { o["object"] = .string(object.rawValue) }
            if let max = a.maxBatchSize { o["maxBatchSize"] = .number(Double(max)) }
            return .object(o)
        }
    }


    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an action's request body schema: fields, types, required (*), enums, formats.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id, e.g. hubspot.") var connector: String
        @Argument(help: "The action id, e.g. createContact.") var action: String
        @Option(help: "A tenant: show the schema merged with its account's own fields (custom fields, options, required, read-only), as `schema refresh` last read them.")
        var tenant: String?
        @Flag(help: "Print JSON: the schema document plus the list of required field pointers.") var json = false
        func run() async throws {
            let workspace = try Workspace.forCommand(global: global, sandboxCatalog: false)
            let t = try tenant.map { name in try storeCall { try workspace.tenant(name) } }
            let listed = try await workspace.platformCatalog().requireConnector(try workspace.catalogID(connector))
            let manifest = workspace.tenantManifest(listed, tenant: t)
            let readAt = workspace.schemaReadAt(tenant: t, connector: manifest.id, action: action)
            guard let found = manifest.action(id: action) else {
                throw CLIError("\(manifest.id) has no action \"\(action)\"; known: \(manifest.allActions.map(\.id).joined(separator: ", "))")
            }
            let spec = found.action
            let outline = spec.requestSchema?.outline
            if json {
                var o = JSONObject([("connector", .string(manifest.id)), ("action", .string(spec.id)),
                                    ("method", .string(spec.method)), ("path", .string(spec.path))])
                o["required"] = .array((outline.map(SchemaFieldSummary.requiredPointers) ?? []).map(JSONValue.string))
                o["schema"] = spec.requestSchema?.document ?? .null
                if let t { o["tenant"] = .string(t.name); o["schemaReadAt"] = readAt.map { .string(isoDate($0)) } ?? .null }
                print(JSONWriter.pretty(.object(o)))
                return
            }
            print("\(manifest.name) · \(spec.name) (\(spec.id))")
            if let t {
                print(readAt.map { "\(t.name)'s account: fields read \(RelativeTime.describe($0)) (\(isoDate($0)))" }
                      ?? "\(t.name)'s account: never read; showing the manifest's schema (run `switchboard schema refresh \(manifest.id) --tenant \(t.name)`)")
            }
            print("\(spec.method) \(spec.path)")
            if !spec.description.isEmpty { print(spec.description) }
            guard let outline else {
                print("\nThis action takes no request body.")
                return
            }
            print("\nRequest body (* required):")
            for line in SchemaFieldSummary.outlineLines(outline) { print("  " + line.terminalSafe) }
        }
    }
}
