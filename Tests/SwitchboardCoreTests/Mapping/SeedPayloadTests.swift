import SwitchboardCore
import Testing

/// The real mapper (not the reference one of the catalog tests) produces the seed's payloads exactly.
@Suite("Mapper reproduces the seed payloads")
struct SeedPayloadTests {
    @Test("each seed record maps to the seed's request body and validates", arguments: SeedMappingTests.cases)
    func seed(_ c: SeedMappingTests.Case) throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let connector = try #require(catalog.connector(id: c.connector))
        let action = try #require(connector.action(id: c.action)?.action)
        let record = UniversalRecord(object: try #require(action.object), fields: JSONObject(c.record.map { ($0.key, $0.value) }))
        let mapped = Mapper.map(record, with: .defaults(connector, actionId: c.action))
        #expect(mapped.issues.isEmpty)
        #expect(mapped.body == c.expected)
        #expect(action.requestSchema?.validate(mapped.body).isEmpty == true)
    }
}
