import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard connectors list|show|validate`.
struct ConnectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors", abstract: "List, show and validate connector manifests.",
        subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the connectors in the catalog.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only connectors in this category, e.g. crm.") var category: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            let load = global.loadCatalog()
            for p in load.problems { FileHandle.standardError.write(Data("warning: \(p.description)\n".utf8)) }
            let connectors = category.map { load.catalog.connectors(inCategory: $0) } ?? load.catalog.connectors
            for c in connectors { print("\(c.id)\t\(c.name)\t\(c.categories.joined(separator: ","))") }
        }
    }
}

/// `switchboard actions list|schema`.
struct ActionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "actions", abstract: "List a connector's actions and show their request schemas.")
}
