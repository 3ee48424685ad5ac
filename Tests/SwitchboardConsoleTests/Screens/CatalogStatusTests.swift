import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Catalog connection status")
struct CatalogStatusTests {
    struct NoLogin: Error {}

    @Test("with a tenant selected, the Status column shows its credential state per connector")
    func statusColumn() {
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        let auth = ConsoleAuth(
            tenants: { [ConsoleAuth.TenantRow(name: "acme", externalID: nil, connections: ["hubspot: valid", "salesforce: needs re-auth"])] },
            createTenant: { _ in },
            credentialState: { tenant, connector in
                guard tenant == "acme" else { return nil }
                return ["hubspot": "valid", "salesforce": "needs re-auth"][connector]
            },
            startLogin: { _, _ in throw NoLogin() })
        let dependencies = Dependencies(loadTheme: { name throws(ThemeError) in try loader.load(name) },
                                        availableThemes: { loader.availableThemes() }, now: { testNow }, auth: auth)
        let size = Size(width: 100, height: 24)
        let model = AppModel(catalog: ConnectorCatalog.load(userDirectories: []).catalog, context: SessionContext(isSandbox: true), size: size)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
        #expect(console.screen.row(containing: "hubspot ").map { console.screen.text(row: $0).contains("valid") } == false, "no tenant: no states")
        console.press(":")
        console.type("tenant acme")
        console.press("enter")
        let hubspot = console.screen.row(containing: "hubspot ").map { console.screen.text(row: $0) } ?? ""
        let salesforce = console.screen.row(containing: "salesforce ").map { console.screen.text(row: $0) } ?? ""
        let copper = console.screen.row(containing: "copper ").map { console.screen.text(row: $0) } ?? ""
        #expect(hubspot.trimmingCharacters(in: .whitespaces).hasSuffix("valid"), "\(hubspot)")
        #expect(salesforce.contains("needs re-auth"), "\(salesforce)")
        #expect(copper.trimmingCharacters(in: .whitespaces).hasSuffix("—"), "\(copper)")
        #expect(console.screen.style(of: "needs re-auth") == console.model.theme.style(.warning))
    }

    @Test("a connector whose account changed under a saved mapping says \"schema changed\" instead of valid")
    func schemaChanged() {
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        let auth = ConsoleAuth(
            tenants: { [ConsoleAuth.TenantRow(name: "acme", externalID: nil, connections: ["hubspot: valid", "salesforce: valid"])] },
            createTenant: { _ in },
            credentialState: { _, connector in ["hubspot": "valid", "salesforce": "valid"][connector] },
            startLogin: { _, _ in throw NoLogin() },
            schemaChanged: { tenant, connector in tenant == "acme" && connector == "hubspot" })
        let dependencies = Dependencies(loadTheme: { name throws(ThemeError) in try loader.load(name) },
                                        availableThemes: { loader.availableThemes() }, now: { testNow }, auth: auth)
        let size = Size(width: 100, height: 24)
        let model = AppModel(catalog: ConnectorCatalog.load(userDirectories: []).catalog, context: SessionContext(isSandbox: true), size: size)
        let console = ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
        console.press(":")
        console.type("tenant acme")
        console.press("enter")
        let hubspot = console.screen.row(containing: "hubspot ").map { console.screen.text(row: $0) } ?? ""
        let salesforce = console.screen.row(containing: "salesforce ").map { console.screen.text(row: $0) } ?? ""
        #expect(hubspot.contains("schema changed"), "\(hubspot)")
        #expect(salesforce.trimmingCharacters(in: .whitespaces).hasSuffix("valid"), "\(salesforce)")
        #expect(console.screen.style(of: "schema changed") == console.model.theme.style(.warning))
    }
}
