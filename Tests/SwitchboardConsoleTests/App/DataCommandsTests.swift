import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The `:mapping`, `:history`, `:bulk` and `:send` commands say what they need when it is missing.
@Suite("Data commands: clear refusals", .serialized)
struct DataCommandsTests {
    @Test("each command names what is missing: a tenant, a file, an action on screen, a known connector and action")
    func refusals() async throws {
        try await ConsoleDataFixture.with { f in
            let console = f.console
            await f.command("history")
            #expect(console.text.contains("Select a tenant first (:tenants, Enter): history is per tenant"))
            await f.command("send")
            #expect(console.text.contains("Open a preview first"))
            await f.command("mapping nope createContact")
            #expect(console.text.contains("No connector \"nope\" in the catalog"))
            await f.command("mapping hubspot nope")
            #expect(console.text.contains("HubSpot has no action \"nope\""))
            await f.command("mapping")
            #expect(console.text.contains("Open an action first"))
            await f.command("tenant acme")
            await f.command("bulk")
            #expect(console.text.contains("Usage: :bulk FILE"))
            await f.command("bulk /no/such/file.csv")
            #expect(console.text.contains("Open the action to push through first"))
            await f.command("connector hubspot")
            await f.command("bulk /no/such/file.csv")
            #expect(console.text.contains("/no/such/file.csv: cannot read the file"), "\(console.text)")
            await f.command("history")
            #expect(console.text.contains("No push runs for acme yet"))
        }
    }

    @Test("the commands are listed for help and complete: :mapping completes connector ids")
    func listed() {
        let names = PaletteCommands.specs.map(\.name)
        for name in ["mapping", "send", "send!", "bulk", "history"] { #expect(names.contains(name)) }
        #expect(PaletteCommands.completions(for: "mapping hub", themes: [], connectors: ["hubspot", "copper"], categories: []) == ["mapping hubspot "], "a space: the action comes next")
    }
}
