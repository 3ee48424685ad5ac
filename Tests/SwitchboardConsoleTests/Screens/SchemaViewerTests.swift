import ConsoleKit
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Connector detail and schema viewer")
struct SchemaViewerTests {
    /// Opens HubSpot from the catalog.
    private func openHubSpot(_ size: Size = Size(width: 100, height: 30)) -> ProgramHarness<SwitchboardApp> {
        let console = makeConsole(size: size)
        console.press(":")
        console.type("connector hubspot")
        console.press("enter")
        return console
    }

    @Test("a connector shows its resources and actions as a tree with method and path")
    func connectorTree() {
        let console = openHubSpot()
        #expect(console.text.contains("Catalog › HubSpot"))
        #expect(console.text.contains("▾ Contacts"))
        #expect(console.text.contains("createContact"))
        #expect(console.text.contains("POST /crm/v3/objects/contacts"))
        #expect(console.text.contains("rate limit 100 per 10 s"))
        console.press("left")
        console.press("left")
        #expect(!console.text.contains("createContact"), "← on an action goes to its resource, ← again folds it")
        #expect(console.text.contains("▸ Contacts"))
    }

    @Test("enter on an action opens its schema: required fields marked, types, enums, details of the selection")
    func schemaTree() {
        let console = openHubSpot()
        console.press("enter")
        #expect(console.text.contains("HubSpot · Create a contact (createContact)"))
        #expect(console.screen.row(containing: "* properties") != nil)
        #expect(console.text.contains("* email"), "email is required inside properties")
        #expect(console.text.contains("string (email)"))
        #expect(console.text.contains("lifecyclestage"))
        #expect(console.text.contains("8 values"))
        #expect(console.screen.style(of: "* email") == console.model.theme.style(.required))
        #expect(console.text.contains("/properties  object  required"), "the detail pane describes the selected field")
        console.press("esc")
        #expect(console.text.contains("▾ Contacts"), "esc goes back to the connector")
    }

    @Test("/ finds a field by name, expanding its parents, and n finds the next match")
    func search() {
        let console = openHubSpot()
        console.press("enter")
        console.press("C")
        #expect(!console.text.contains("lifecyclestage"), "C collapses everything")
        console.press("/")
        console.type("lifecycle")
        console.press("enter")
        #expect(console.text.contains("lifecyclestage"), "the match is revealed")
        #expect(console.text.contains("/properties/lifecyclestage"), "and selected: the detail pane shows it")
        #expect(console.text.contains("subscriber"), "its enum values are listed in the details")
        console.press("n")
        #expect(console.text.contains("/properties/lifecyclestage") || console.text.contains("wrapped"))
    }

    @Test("an action without a body says so, and the viewer works at 80×24")
    func smallTerminal() {
        let console = openHubSpot(Size(width: 80, height: 24))
        console.press("enter")
        #expect(console.text.contains("* properties"))
        #expect(console.text.contains("enter") == false || console.text.contains("q quit"))
        for row in 0..<24 { #expect(CharacterWidth.of(console.screen.text(row: row)) <= 80) }
    }
}

@Suite("Preview screen")
struct PreviewScreenTests {
    @Test("p on a schema previews the seed's sample record: request line, masked auth, coloured body, validation")
    func preview() {
        let console = makeConsole(size: Size(width: 100, height: 40))
        console.press(":")
        console.type("connector copper")
        console.press("enter")
        console.press("enter")
        #expect(console.text.contains("createPerson"))
        console.press("p")
        #expect(console.text.contains("Preview"))
        #expect(console.text.contains("POST https://api.copper.com/developer_api/v1/people"))
        #expect(console.text.contains("✓ valid against the createPerson schema"))
        #expect(console.text.contains("\"name\": \"Sarah Jones\""), "Copper's name joins first and last")
        #expect(console.text.contains("<not connected>"), "no token before the tenant connects")
        #expect(console.screen.style(of: "\"Sarah Jones\"") == console.model.theme.style(.jsonString))
    }

    @Test("a body that breaks the schema is shown with its JSON Pointer")
    func invalid() {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let salesforce = catalog.connector(id: "salesforce")!
        let action = salesforce.action(id: "createContact")!.action
        let record = UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "a@b.co")]))
        let screen = PreviewScreen(connector: salesforce, action: action, record: record)
        var buffer = ScreenBuffer(size: Size(width: 100, height: 30))
        screen.render(in: buffer.bounds, buffer: &buffer, theme: .builtInDefault)
        #expect(buffer.plainText.contains("would not be sent"))
        #expect(buffer.plainText.contains("LastName"))
    }
}
