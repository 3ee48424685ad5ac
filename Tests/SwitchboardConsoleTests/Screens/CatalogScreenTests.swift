import ConsoleKit
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Catalog screen")
struct CatalogScreenTests {
    @Test("lists every connector of the catalog with id, name and categories")
    func listsConnectors() {
        let console = makeConsole()
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        #expect(catalog.connectors.count >= 5)
        for connector in catalog.connectors.prefix(15) {
            let row = console.screen.row(containing: connector.id + " ")
            #expect(row != nil, "\(connector.id) is listed")
            if let row { #expect(console.screen.text(row: row).contains(connector.name)) }
        }
    }

    @Test("/ filters as you type, highlights matches, Enter keeps the filter and Esc clears it")
    func filtering() {
        let console = makeConsole()
        console.press("/")
        console.type("hub")
        #expect(console.text.contains("HubSpot"))
        #expect(!console.text.contains("Salesforce"))
        #expect(console.text.contains("filter: hub"))
        let match = console.screen.style(of: "Hub")
        #expect(match == console.model.theme.style(.selection) || match?.attributes.contains(.underline) == true)
        console.press("enter")
        #expect(console.model.mode == .normal)
        #expect(!console.text.contains("Salesforce"), "the filter stays after Enter")
        console.press("esc")
        #expect(console.text.contains("Salesforce"), "Esc clears the filter before leaving the screen")
    }

    @Test("a filter that matches nothing says so instead of showing an empty table")
    func emptyFilter() {
        let console = makeConsole()
        console.press("/")
        console.type("zzzz-no-such")
        #expect(console.text.contains("No connector matches \"zzzz-no-such\""))
    }

    @Test("c cycles through categories and the breadcrumb shows the one in force")
    func categories() {
        let console = makeConsole()
        console.press("c")
        let first = ConnectorCatalog.load(userDirectories: []).catalog.categories[0]
        #expect(console.text.contains("Catalog [\(first)]"))
        console.press("C")
        #expect(!console.text.contains("Catalog ["))
    }

    @Test("Enter opens the selected connector, the breadcrumbs follow, Esc comes back")
    func openAndBack() {
        let console = makeConsole()
        console.press("/")
        console.type("hubspot")
        console.press("enter", "enter")
        #expect(console.text.contains("Catalog › HubSpot"))
        #expect(console.screen.text(row: 0).contains("HubSpot"), "the header names the connector")
        console.press("esc")
        #expect(console.screen.text(row: 1).trimmingCharacters(in: .whitespaces).hasPrefix("Catalog"))
        #expect(!console.text.contains("›"))
    }

    @Test("↓ and ↑ move the selection highlight")
    func selectionMoves() {
        let console = makeConsole()
        let selection = console.model.theme.style(.selection)
        let firstRow = 3
        #expect(console.screen[1, firstRow].style == selection)
        console.press("down")
        #expect(console.screen[1, firstRow + 1].style == selection)
        #expect(console.screen[1, firstRow].style != selection)
        console.press("up")
        #expect(console.screen[1, firstRow].style == selection)
    }
}
