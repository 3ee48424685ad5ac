import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard mapping show|set|edit|auto|…`: field mappings from the universal model to an action's body.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Show and check field mappings (universal fields → the CRM's request body).",
        subcommands: [Show.self, SetVersion.self, Edit.self, Auto.self, Reset.self, History.self, Restore.self, Check.self, Transforms.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the mapping of an action: the tenant's newest version, else the connector's defaults.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id, e.g. copper.") var connector: String
        @Argument(help: "The action id, e.g. createPerson.") var action: String
        @Option(help: "The tenant whose mapping to show (default: the connector's defaults).") var tenant: String?
        @Flag(help: "Print the mapping document (the format `mapping set` and `mapping check` read).") var json = false
        func run() throws {
            let workspace = try global.workspace()
            let (manifest, spec) = try workspace.requireAction(connector, action)
            var mapping = FieldMapping.defaults(manifest, actionId: spec.id)
            var origin = "the connector's defaults"
            if let tenant {
                let (store, t) = (try workspace.stores().mappings, try workspace.tenant(tenant))
                if let current = try storeCall({ try store.current(tenantID: t.id, connectorID: manifest.id, actionID: spec.id) }) {
                    mapping = current.mapping
                    origin = "\(t.name)'s version \(current.version)"
                } else {
                    origin = "the connector's defaults (\(t.name) has no saved version)"
                }
            }
            if !json { print("Mapping: \(origin)") }
            if json {
                print(JSONWriter.pretty(FieldMappingCodec.encode(mapping)))
                return
            }
            print("\(manifest.name) · \(spec.id): \(mapping.rules.count) rules (→ push, ← pull, ↔ both)")
            for rule in mapping.rules { print("  " + rule.summary) }
            if let outline = spec.requestSchema?.outline {
                let unmapped = SchemaFieldSummary.unmappedRequired(outline, targets: mapping.rules.filter(\.pushes).map(\.target))
                if !unmapped.isEmpty { print("Required but not mapped: " + unmapped.joined(separator: ", ")) }
            }
        }
    }

    struct SetVersion: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Save a mapping document as the tenant's newest version (checked first; nothing saved on error).")
        @OptionGroup var target: TenantMappingTarget
        @Argument(help: "The mapping file (JSON).") var file: String
        @Option(help: "Why it changed (kept in the history).") var note: String = ""
        func run() throws {
            let (manifest, spec, _, t, workspace) = try target.resolve()
            let (version, mapping) = try storeCall { try workspace.setMapping(file: file, connector: manifest.id, action: spec.id, tenant: t, note: note) }
            print("Saved \(t.name)'s \(manifest.id) \(spec.id) mapping as version \(version) (\(mapping.rules.count) rules)")
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Go back to the connector's defaults (saved as a new version, so it can be undone).")
        @OptionGroup var target: TenantMappingTarget
        func run() throws {
            let (manifest, spec, _, t, workspace) = try target.resolve()
            let version = try storeCall { try workspace.saveMapping(.defaults(manifest, actionId: spec.id), tenant: t, note: "reset to the connector's defaults") }
            print("Reset \(t.name)'s \(manifest.id) \(spec.id) mapping to the defaults (version \(version))")
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the saved versions of a tenant's mapping.")
        @OptionGroup var target: TenantMappingTarget
        func run() throws {
            let (manifest, spec, store, t, _) = try target.resolve()
            let versions = try storeCall { try store.versions(tenantID: t.id, connectorID: manifest.id, actionID: spec.id) }
            if versions.isEmpty { print("\(t.name) has no saved mapping for \(manifest.id) \(spec.id); the connector's defaults apply."); return }
            print(TextTable.render(header: ["VERSION", "SAVED", "RULES", "NOTE"], rows: versions.reversed().map {
                [String($0.version), isoDate($0.savedAt), String($0.mapping.rules.count), $0.note]
            }))
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make an earlier version the newest again.")
        @OptionGroup var target: TenantMappingTarget
        @Argument(help: "The version to restore.") var version: Int
        func run() throws {
            let (manifest, spec, store, t, workspace) = try target.resolve()
            let versions = try storeCall { try store.versions(tenantID: t.id, connectorID: manifest.id, actionID: spec.id) }
            guard let old = versions.first(where: { $0.version == version }) else {
                throw CLIError("no version \(version); \(t.name) has \(versions.isEmpty ? "none" : versions.map { String($0.version) }.joined(separator: ", "))")
            }
            let saved = try storeCall { try workspace.saveMapping(old.mapping, tenant: t, note: "restored version \(version)") }
            print("Restored version \(version) as version \(saved)")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a mapping for an action: a document (JSON), or with --tenant the tenant's saved mapping against its account's schema.",
            discussion: """
                With a FILE: checks the document (every problem with its JSON path); with --tenant too, also against the \
                tenant's own fields. With --tenant and no FILE: checks the tenant's saved mapping, and flags rules whose \
                target field the account no longer has, or whose type or options changed since the mapping was saved \
                (run `switchboard schema refresh` first to read the account's fields). Exit 1 when anything is wrong.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id.") var connector: String
        @Argument(help: "The action id.") var action: String
        @Argument(help: "The mapping file (JSON, as `mapping show --json` prints).") var file: String?
        @Option(help: "The tenant whose account's fields the mapping is checked against.") var tenant: String?

        func validate() throws {
            if file == nil, tenant == nil { throw ValidationError("give a mapping FILE, or --tenant to check the tenant's saved mapping") }
        }

        func run() throws {
            let workspace = try global.workspace()
            let (manifest, spec) = try workspace.requireAction(connector, action)
            let fromFile = try file.map { try MappingDocument.load($0, connector: manifest.id, action: spec.id) }
            guard let tenant else {
                let problems = try storeCall { try workspace.targetProblems(fromFile ?? .defaults(manifest, actionId: spec.id)) }
                guard problems.isEmpty else {
                    print("\(file ?? ""): \(problems.count) problem(s) against the \(manifest.id) \(spec.id) schema:")
                    for problem in problems { print("  " + problem.terminalSafe) }
                    throw ExitCode(1)
                }
                print("\(file ?? ""): ok")
                return
            }
            let t = try storeCall { try workspace.tenant(tenant) }
            let saved = try storeCall { try workspace.stores().mappings.current(tenantID: t.id, connectorID: manifest.id, actionID: spec.id) }
            let mapping = fromFile ?? saved?.mapping ?? .defaults(manifest, actionId: spec.id)
            let review = try storeCall { try workspace.reviewMapping(mapping, tenant: t, saved: fromFile == nil ? saved?.targetFields ?? [:] : [:]) }
            let what = file ?? (saved.map { "\(t.name)'s \(manifest.id) \(spec.id) mapping (version \($0.version))" } ?? "the \(manifest.id) \(spec.id) defaults")
            guard let readAt = review.schemaReadAt else {
                print("\(what): ok against the manifest; \(t.name)'s schema was never read (run `switchboard schema refresh \(manifest.id) --tenant \(t.name)`)")
                return
            }
            if review.isClean {
                print("\(what): ok against \(t.name)'s account (schema read \(RelativeTime.describe(readAt)))")
                return
            }
            print("\(what): \(review.problems.count + review.drift.count) problem(s) against \(t.name)'s account (schema read \(RelativeTime.describe(readAt))):")
            for problem in review.problems { print("  " + problem.terminalSafe) }
            for drift in review.drift { print("  schema changed: " + drift.description.terminalSafe) }
            throw ExitCode(1)
        }
    }

    struct Transforms: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the transforms a mapping rule can use.")
        func run() {
            let rows = TransformSpec.known.map { [$0.name + ($0.arguments > 0 ? ":ARG" : ""), $0.summary] }
            print(TextTable.render(header: ["TRANSFORM", "WHAT IT DOES"], rows: rows))
        }
    }
}

/// The connector action and tenant every versioned-mapping command names.
struct TenantMappingTarget: ParsableArguments {
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The connector id.") var connector: String
    @Argument(help: "The action id.") var action: String
    @Option(help: "The tenant.") var tenant: String

    /// The manifest, the action, the mapping store and the tenant — or a one-line error.
    func resolve() throws -> (ConnectorManifest, ActionSpec, MappingStore, Tenant, Workspace) {
        let workspace = try global.workspace()
        let (manifest, spec) = try workspace.requireAction(connector, action)
        let (store, tenant) = (try workspace.stores().mappings, try workspace.tenant(self.tenant))
        return (manifest, spec, store, tenant, workspace)
    }
}
