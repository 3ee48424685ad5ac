import ConsoleKit
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The console over gateway manifests (what `--platform alloy` loads from Alloy): the header says
/// alloy, the catalog lists Alloy's connectors, the schema viewer and the preview show the execute call.
@Suite("Console through Alloy")
struct AlloyCatalogTests {
    /// Gateway manifests for HubSpot and Salesforce CRM, described the way Alloy's API describes them.
    static func gatewayCatalog() -> ConnectorCatalog {
        let local = ConnectorCatalog.load(userDirectories: []).catalog
        let connectors = [("hubspot", "HubSpot", ["crm"]), ("salesforceCRM", "Salesforce CRM", ["sales-crm"])]
        let manifests = connectors.compactMap { id, name, categories -> ConnectorManifest? in
            let connector = PlatformConnector(id: id, name: name, categories: categories, manifestID: AlloyConnectorID.manifestID(forAlloy: id))
            guard let m = connector.manifestID.flatMap({ local.connector(id: $0) }) else { return nil }
            let resources = m.resources.map { r in PlatformResource(name: r.id, description: r.description, actions: r.actions.map { PlatformActionSummary(id: $0.id, name: $0.name, description: $0.description) }) }
            let actions = m.allActions.map { PlatformAction(id: $0.id, name: $0.name, description: $0.description, method: $0.method, path: $0.path, pathParameters: $0.pathParameters, requestSchema: $0.requestSchema?.document) }
            return AlloyGateway.manifest(connector: connector, local: m, baseURL: "https://production.runalloy.com", userID: "675987329f2bda83f0dff233",
                                         resources: resources, actions: actions, credentialID: "cred_xyz789abc")
        }
        return ConnectorCatalog(connectors: manifests)
    }

    private func console(_ size: Size = Size(width: 200, height: 50)) -> ProgramHarness<SwitchboardApp> {
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        let dependencies = Dependencies(loadTheme: { name throws(ThemeError) in try loader.load(name) },
                                        availableThemes: { loader.availableThemes() }, now: { testNow })
        let model = AppModel(catalog: Self.gatewayCatalog(), context: SessionContext(platform: PlatformKind.alloy.rawValue), size: size)
        return ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
    }

    @Test("the header says alloy and the catalog lists Alloy's connectors")
    func catalog() {
        let console = console()
        let header = console.text.components(separatedBy: "\n").first ?? ""
        #expect(header.contains("alloy") && !header.contains("direct"), "\(header)")
        #expect(console.text.contains("Salesforce CRM"))
        #expect(console.text.contains("HubSpot"))
    }

    @Test("the connector shows execute calls; the schema is the execute body with Alloy's action schema inside; the preview is the exact call")
    func schemaAndPreview() {
        let console = console()
        console.press(":")
        console.type("connector alloy:hubspot")
        console.press("enter")
        #expect(console.text.contains("createContact") && console.text.contains("POST /connectors/hubspot/actions/"), "execute calls (the column shortens the path)")
        console.press("enter")
        #expect(console.text.contains("* credentialId"))
        #expect(console.text.contains("* requestBody"))
        #expect(console.text.contains("* properties"))
        console.press("p")
        #expect(console.text.contains("https://production.runalloy.com/connectors/hubspot/actions/createContact/execute"), "\(console.text)")
        #expect(console.text.contains("x-api-version: 2025-09"))
        #expect(console.text.contains("x-alloy-userid: 675987329f2bda83f0dff233"))
        #expect(console.text.contains("cred_xyz789abc"))
    }
}
