import SwitchboardCore
import Testing

@Suite("Mapping records to request bodies")
struct MapperTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog
    let ada = UniversalRecord(object: .contact, fields: JSONObject([
        ("contact_email", "ada@example.com"), ("contact_first_name", "Ada"), ("contact_last_name", "Lovelace"), ("contact_phone", "+44 20 7946 0000"),
    ]))

    @Test("Copper's defaults combine the name and wrap email and phone into arrays, as the seed shows")
    func copperPerson() throws {
        let copper = try #require(catalog.connector(id: "copper"))
        let mapped = Mapper.map(ada, with: FieldMapping.defaults(copper, actionId: "createPerson"))
        #expect(mapped.issues.isEmpty)
        #expect(mapped.body["name"] == "Ada Lovelace")
        #expect(mapped.body["emails"] == [["email": "ada@example.com", "category": "work"]])
    }

    @Test("a deal for Copper goes out in cents with a unix close date; for HubSpot as strings")
    func deals() throws {
        let deal = UniversalRecord(object: .deal, fields: JSONObject([("deal_name", "Big"), ("deal_amount", 1250.5), ("deal_close_date", "2026-12-31")]))
        let copper = try #require(catalog.connector(id: "copper"))
        let c = Mapper.map(deal, with: FieldMapping.defaults(copper, actionId: "createOpportunity")).body
        #expect(c["monetary_value"] == 125050)
        #expect(c["close_date"] == 1_798_675_200)
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let h = Mapper.map(deal, with: FieldMapping.defaults(hubspot, actionId: "createDeal")).body
        #expect(h["properties"]?["amount"] == "1250.5")
        #expect(h["properties"]?["dealname"] == "Big")
    }

    @Test("constants, edited rules and pull-only rules")
    func editing() throws {
        var mapping = FieldMapping(connectorId: "x", actionId: "y", rules: [])
        mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/email"), source: .fields(["contact_email"])))
        mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/lifecyclestage"), source: .constant("lead")))
        mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/hs_id"), source: .fields(["contact_phone"]), direction: .pull))
        let body = Mapper.map(ada, with: mapping).body
        #expect(body == ["properties": ["email": "ada@example.com", "lifecyclestage": "lead"]])
        mapping.clear(JSONPointer(parsing: "/properties/lifecyclestage"))
        #expect(Mapper.map(ada, with: mapping).body == ["properties": ["email": "ada@example.com"]])
    }

    @Test("a transform that fails is reported at its target and the rest is still mapped")
    func failures() {
        let mapping = FieldMapping(connectorId: "x", actionId: "y", rules: [
            MappingRule(target: JSONPointer(parsing: "/amount"), source: .fields(["contact_email"]), transforms: [try! TransformSpec.parse("toCents").get()]),
            MappingRule(target: JSONPointer(parsing: "/email"), source: .fields(["contact_email"])),
        ])
        let mapped = Mapper.map(ada, with: mapping)
        #expect(mapped.issues.map(\.target.description) == ["/amount"])
        #expect(mapped.body == ["email": "ada@example.com"])
    }

    @Test("mapping documents round-trip, and bad ones list every problem with its pointer")
    func codec() throws {
        let copper = try #require(catalog.connector(id: "copper"))
        let defaults = FieldMapping.defaults(copper, actionId: "createPerson")
        let decoded = FieldMappingCodec.decode(FieldMappingCodec.encode(defaults), connectorId: "copper", actionId: "createPerson")
        #expect(try decoded.get() == defaults)
        let bad: JSONValue = ["rules": [["target": "name", "source": "contact_email"], ["target": "/x", "transforms": ["nope"], "constant": 1], ["target": "/x", "source": "a", "colour": "red"]]]
        guard case .failure(let problems) = FieldMappingCodec.decode(bad, connectorId: "copper", actionId: "createPerson") else {
            Issue.record("a bad document must fail"); return
        }
        let text = problems.list.map(\.description)
        #expect(text.contains { $0.hasPrefix("/rules/0/target") })
        #expect(text.contains { $0.hasPrefix("/rules/1/transforms/0") && $0.contains("unknown transform") })
        #expect(text.contains { $0.hasPrefix("/rules/2/colour") })
        #expect(text.contains { $0.hasPrefix("/rules/2/target") && $0.contains("twice") })
    }
}
