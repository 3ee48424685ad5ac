import Foundation
import SwitchboardCore
import Testing

/// `mapping show`'s "required but not mapped" list: array indexes, transforms that build a whole
/// structure, and required fields under optional parents.
@Suite("Required fields a mapping leaves empty")
struct UnmappedRequiredTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    func missing(_ connector: String, _ action: String, without target: String? = nil) throws -> [String] {
        let manifest = try #require(catalog.connector(id: connector))
        let spec = try #require(manifest.action(id: action)?.action)
        let outline = try #require(spec.requestSchema?.outline)
        var mapping = FieldMapping.defaults(manifest, actionId: action)
        if let target { mapping.rules.removeAll { $0.target.description == target } }
        return SchemaFieldSummary.unmappedRequired(outline, targets: mapping.rules.filter(\.pushes).map(\.target))
    }

    @Test("every built-in default mapping of a create action fills its schema's required fields", arguments: [
        ("hubspot", "createContact"), ("hubspot", "createDeal"), ("salesforce", "createContact"), ("salesforce", "createOpportunity"),
        ("copper", "createPerson"), ("pipedrive", "createPerson"), ("zoho-crm", "createContact"),
    ])
    func defaultsComplete(_ connector: String, _ action: String) throws {
        #expect(try missing(connector, action) == [])
    }

    @Test("an index in the target writes the schema's array items: removing Zoho's Last_Name rule shows /data/[]/Last_Name")
    func zohoIndex() throws {
        #expect(try missing("zoho-crm", "createContact", without: "/data/0/Last_Name") == ["/data/[]/Last_Name"])
    }

    @Test("a rule that builds a structure (Copper name by join) counts; removing it shows the field")
    func copperName() throws {
        #expect(try missing("copper", "createPerson", without: "/name") == ["/name"])
    }
}
