import Foundation
import Testing
@testable import SwitchboardCore

/// A sync object's `associations`: how sync reads links the CRM's list does not return, checked
/// when the manifest loads.
@Suite("Association reads in a manifest")
struct AssociationReadSpecTests {
    static func hubspot(_ edit: (inout JSONValue) -> Void) throws -> [String] {
        let url = try #require(ConnectorCatalog.builtInManifestFiles().first { $0.lastPathComponent == "hubspot.json" })
        var document = try JSONParser.parse(try Data(contentsOf: url))
        edit(&document)
        return ManifestFixtures.validate(document).problems
    }

    @Test("HubSpot's contacts read their companies with the v4 batch read, HubSpot's shapes by default")
    func builtIn() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let spec = try #require(catalog.connector(id: "hubspot")?.syncObject(for: .contact)?.associations.first)
        #expect(spec.field == "contact_company_id" && spec.path == "/crm/v4/associations/contacts/companies/batch/read" && spec.perRequest == 100)
        #expect(spec.fromPointer.displayString == "/from/id" && spec.toIdPointer.displayString == "/toObjectId")
    }

    @Test("a field that is not an association and a path without / are reported with their place")
    func problems() throws {
        let problems = try Self.hubspot { d in
            d = ManifestFixtures.set(.array([["field": "contact_email", "path": "crm/v4/x", "perRequest": 0]]), at: ["syncObjects", "0", "associations"][...], in: d)
        }
        #expect(problems.contains { $0.contains("/syncObjects/0/associations/0/field: \"contact_email\" is not an association field (activity_company_id, ") && $0.contains("contact_company_id") }, "\(problems)")
        #expect(problems.contains { $0.hasSuffix("/syncObjects/0/associations/0/path: must start with /") }, "\(problems)")
        #expect(problems.contains { $0.contains("/syncObjects/0/associations/0/perRequest") }, "\(problems)")
    }
}
