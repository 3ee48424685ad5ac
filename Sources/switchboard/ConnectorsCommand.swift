import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard connectors list|show|validate`.
struct ConnectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors", abstract: "List, show and validate connector manifests.",
        subcommands: [List.self, Show.self, Validate.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connectors in the catalog.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only connectors in this category, e.g. crm.") var category: String?
        @Flag(help: "Print JSON.") var json = false
        func run() async throws {
            let workspace = try Workspace.forCommand(global: global, sandboxCatalog: false)
            let catalog = try await workspace.platformCatalog()
            let connectors = category.map { catalog.connectors(inCategory: $0) } ?? catalog.connectors
            if json {
                let list: [JSONValue] = connectors.map { c in
                    ["id": .string(c.id), "name": .string(c.name), "iconText": .string(c.iconText),
                     "categories": .array(c.categories.map(JSONValue.string)),
                     "auth": .string(c.auth.kind.rawValue), "baseURL": .string(c.api.baseURL),
                     "source": .string(c.sourceDescription)]
                }
                print(JSONWriter.pretty(["connectors": .array(list)]))
                return
            }
            let rows = connectors.map { [$0.id, $0.name, $0.categories.joined(separator: ","), $0.auth.kind.rawValue, $0.sourceDescription] }
            print(TextTable.render(header: ["ID", "NAME", "CATEGORIES", "AUTH", "SOURCE"], rows: rows))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one connector: auth, API, limits, resources and actions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The connector id, e.g. hubspot.") var id: String
        @Flag(help: "Print the effective manifest (overrides merged) as JSON.") var json = false
        func run() async throws {
            let workspace = try Workspace.forCommand(global: global, sandboxCatalog: false)
            let catalog = try await workspace.platformCatalog()
            let connector = try catalog.requireConnector(try workspace.catalogID(id))
            if json {
                print(JSONWriter.pretty(connector.document))
                return
            }
            print(ConnectorDescription.lines(connector).joined(separator: "\n"))
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check manifest files; prints every problem with its file and JSON path.",
            discussion: "Exits 0 when every file is valid, 1 otherwise. A file whose id is a built-in connector is checked as an override of it.")
        @Argument(help: "Manifest files to check.") var files: [String]
        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one manifest file") }
        }
        func run() throws {
            var failed = 0
            for file in files {
                let result = ManifestValidator.validate(fileAt: URL(fileURLWithPath: file))
                if result.problems.isEmpty, let manifest = result.manifest {
                    print("\(file): ok (\(manifest.id), \(manifest.allActions.count) actions)")
                } else {
                    failed += 1
                    for problem in result.problems { print(problem.description) }
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}

extension ConnectorManifest {
    /// "built-in", or "user: PATH" for a user manifest, "override: PATH" for one that overrides a built-in.
    var sourceDescription: String {
        switch source {
        case .builtIn: return "built-in"
        case .user(let path): return (overridesBuiltIn ? "override: " : "user: ") + path
        case .platform(let name): return name
        }
    }
}

extension ConnectorCatalog {
    /// The connector with `id`, or a one-line error that lists the known ids.
    func requireConnector(_ id: String) throws -> ConnectorManifest {
        guard let connector = connector(id: id) else {
            throw CLIError("unknown connector \"\(id)\"; known: \(connectors.map(\.id).joined(separator: ", "))")
        }
        return connector
    }
}
