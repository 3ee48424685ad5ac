import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard mapping show|check`: field mappings from the universal model to an action's body.
struct MappingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Show and check field mappings (universal fields → the CRM's request body).",
        subcommands: [Show.self, Check.self, Transforms.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the mapping of an action (the connector's defaults).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id, e.g. copper.") var connector: String
        @Argument(help: "The action id, e.g. createPerson.") var action: String
        @Flag(help: "Print the mapping document (the format `mapping check` reads).") var json = false
        func run() throws {
            let (manifest, spec) = try global.requireAction(connector, action)
            let mapping = FieldMapping.defaults(manifest, actionId: spec.id)
            if json {
                print(JSONWriter.pretty(FieldMappingCodec.encode(mapping)))
                return
            }
            print("\(manifest.name) · \(spec.id): \(mapping.rules.count) rules (→ push, ← pull, ↔ both)")
            for rule in mapping.rules { print("  " + rule.summary) }
            if let outline = spec.requestSchema?.outline {
                let mapped = Set(mapping.rules.map(\.target.description))
                let unmapped = SchemaFieldSummary.requiredPointers(outline).filter { pointer in
                    !mapped.contains(pointer) && !mapped.contains { $0.hasPrefix(pointer + "/") }
                }
                if !unmapped.isEmpty { print("Required but not mapped: " + unmapped.joined(separator: ", ")) }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a mapping document (JSON) for an action; prints every problem with its JSON path.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id.") var connector: String
        @Argument(help: "The action id.") var action: String
        @Argument(help: "The mapping file (JSON, as `mapping show --json` prints).") var file: String
        func run() throws {
            let (manifest, spec) = try global.requireAction(connector, action)
            _ = try MappingFile.load(file, connector: manifest.id, action: spec.id)
            print("\(file): ok")
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

/// Reads mapping documents for the CLI, with errors that name the file and the JSON path.
enum MappingFile {
    static func load(_ path: String, connector: String, action: String) throws -> FieldMapping {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(path): cannot read the file") }
        let value: JSONValue
        do { value = try JSONParser.parse(data) } catch { throw CLIError("\(path): \(error.description)") }
        switch FieldMappingCodec.decode(value, connectorId: connector, actionId: action) {
        case .success(let mapping): return mapping
        case .failure(let problems):
            throw CLIError(problems.list.map { "\(path): \($0.description)" }.joined(separator: "\n"), prefixed: false)
        }
    }
}

extension GlobalOptions {
    /// The connector and action, or a one-line error listing what exists.
    func requireAction(_ connector: String, _ action: String) throws -> (ConnectorManifest, ActionSpec) {
        let manifest = try loadCatalogReportingProblems().requireConnector(connector)
        guard let found = manifest.action(id: action) else {
            throw CLIError("\(manifest.id) has no action \"\(action)\"; known: \(manifest.allActions.map(\.id).joined(separator: ", "))")
        }
        return (manifest, found.action)
    }
}
