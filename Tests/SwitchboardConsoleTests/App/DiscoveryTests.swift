import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// Issue 24, finding 6 (discovery): what `:` lists while typing, argument completion, the
/// palette's search and `!`.
@Suite("Discovery (issue 24, finding 6)")
struct DiscoveryTests {
    @Test("finding 6: `:` lists every command with its description above the prompt at 80×24")
    func colonListsEveryCommand() {
        let console = makeConsole()
        console.press(":")
        let text = console.text
        for spec in PaletteCommands.specs {
            #expect(text.contains(":" + spec.name), "\(spec.name) is listed:\n\(text)")
        }
        #expect(text.contains("list, create and select tenants"), "with its description:\n\(text)")
        console.type("con")
        let narrowed = console.text
        #expect(narrowed.contains(":connector ID") && narrowed.contains(":connect [ID] [METHOD]") && narrowed.contains(":conflicts"))
        #expect(!narrowed.contains(":history"), "typing narrows the list:\n\(narrowed)")
    }

    @Test("finding 6: tab's candidates are on screen while the prompt is open, not in a flash seen after esc")
    func tabCandidatesWhileOpen() {
        let console = makeConsole()
        console.press(":")
        console.type("connector ")
        console.press("tab")
        if case .command = console.model.mode {} else { Issue.record("the prompt stays open") }
        let text = console.text
        for id in ["hubspot", "salesforce", "copper", "pipedrive", "zoho"] {
            #expect(text.contains(id), "\(id) is offered under the prompt:\n\(text)")
        }
        #expect(text.contains("HubSpot"), "with the connector's name")
    }

    @Test("finding 6: arguments complete: a connector's actions, its token methods, categories")
    func argumentCompletion() {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let context = CommandSuggestions.Context(
            connectors: catalog.connectors.map { ($0.id, $0.name) }, categories: catalog.categories, tenants: { ["acme", "acme-co", "globex"] },
            methods: { id in catalog.connector(id: id)?.authMethods.map { ($0.id, $0.name) } ?? [] },
            actions: { id in catalog.connector(id: id)?.allActions.map { ($0.id, "\($0.method) \($0.path)") } ?? [] })
        let actions = CommandSuggestions.suggestions(for: "mapping hubspot createC", context: context).map(\.completion)
        #expect(actions.contains("mapping hubspot createContact"), "\(actions)")
        #expect(actions.allSatisfy { $0.hasPrefix("mapping hubspot createC") })
        #expect(CommandSuggestions.suggestions(for: "connect hubspot p", context: context).map(\.completion) == ["connect hubspot private-app"])
        #expect(CommandSuggestions.suggestions(for: "tenant ac", context: context).map(\.completion) == ["tenant acme", "tenant acme-co"])
        #expect(CommandSuggestions.suggestions(for: "  tenant ac", context: context).map(\.completion) == ["tenant acme", "tenant acme-co"],
                "spaces before the command are ignored, as running it ignores them")
        #expect(CommandSuggestions.suggestions(for: "mapping h", context: context).map(\.completion) == ["mapping hubspot "])
    }

    @Test("finding 6: `:bulk PATH` completes file and folder names")
    func bulkCompletesPaths() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-complete-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("batches"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("id\n".utf8).write(to: folder.appendingPathComponent("people.csv"))
        let context = CommandSuggestions.Context(files: { CommandSuggestions.listFolder($0) })
        let found = CommandSuggestions.suggestions(for: "bulk \(folder.path)/pe", context: context).map(\.completion)
        #expect(found == ["bulk \(folder.path)/people.csv"])
        let all = CommandSuggestions.suggestions(for: "bulk \(folder.path)/", context: context).map(\.label)
        #expect(all == ["batches/", "people.csv"], "each labelled by its name")
        #expect(CommandSuggestions.suggestions(for: "bulk ~", context: context).map(\.completion) == ["bulk ~/"], "~ completes to the home folder")
        // Through the console: tab completes the one match.
        let console = makeConsole()
        console.press(":")
        console.type("bulk \(folder.path)/peo")
        console.press("tab")
        #expect(console.model.mode == .command(TextInput("bulk \(folder.path)/people.csv")))
    }

    @Test("finding 6 at 80×24: the files of a folder with a long path are told apart in the list above the prompt")
    func longFolderNames() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-complete-\(UUID().uuidString.prefix(8))/support/imports/2027/january/acme-corporation")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()) }
        for name in ["contacts-final-v2.csv", "contacts-final-v3.csv", "companies-with-a-rather-long-name-for-its-folder.jsonl"] {
            try Data("id\n".utf8).write(to: folder.appendingPathComponent(name))
        }
        let console = makeConsole(size: Size(width: 80, height: 24))
        console.press(":")
        console.type("bulk \(folder.path)/")
        let text = console.text
        #expect(text.contains("contacts-final-v2.csv") && text.contains("contacts-final-v3.csv"), "\(text)")
        #expect(text.contains("-for-its-folder.jsonl"), "a long name keeps its end: \(text)")
    }

    @Test("finding 6: the palette finds commands by name, description and synonym (ten, hist, sync)")
    func paletteSearchesCommands() {
        let console = makeConsole()
        let entries = PaletteEntries.all(console.model, themes: [])
        for (query, command) in [("ten", ":tenants"), ("hist", ":history"), ("sync", ":sync"), ("customers", ":tenants"), ("login", ":connect")] {
            let found = PaletteEntries.filtered(entries, query: query)
            #expect(found.contains { $0.keyLabel.hasPrefix(command) }, "\"\(query)\" finds \(command): \(found.map(\.keyLabel))")
        }
        console.press("ctrl+p")
        console.type("hist")
        #expect(console.text.contains(":history"), "\(console.text)")
        console.press("enter")
        #expect(console.model.mode == .normal)
    }

    @Test("finding 6: a palette command that needs an argument opens the command line with it")
    func paletteOpensCommandLine() {
        let console = makeConsole()
        console.press("ctrl+p")
        console.type("upload")
        console.press("enter")
        #expect(console.model.mode == .command(TextInput("bulk ")))
    }

    @Test("finding 6: ! shows the last messages, newest first, after they cleared themselves")
    func bangShowsMessages() throws {
        let console = makeConsole()
        #expect(!console.app.bindings(console.model).contains { $0.id == "app.messages" && $0.disabledReason(console.model) == nil })
        console.press(":")
        console.type("connector nope")
        console.press("enter")
        console.press(":")
        console.type("theme no-such-theme")
        console.press("enter")
        console.tick(now: testNow.addingTimeInterval(60))
        #expect(console.model.flash == nil, "the flash line cleared itself")
        console.press("!")
        let text = console.text
        #expect(text.contains("Messages — newest first"))
        let theme = text.range(of: "Theme not changed"), connector = text.range(of: "No connector \"nope\"")
        let (newer, older) = (try #require(theme, "\(text)"), try #require(connector, "\(text)"))
        #expect(newer.lowerBound < older.lowerBound, "newest first:\n\(text)")
        console.press("esc")
        #expect(console.model.mode == .normal)
    }
}
