import Foundation
import SwitchboardCore
import Testing

/// Pulling undoes each built-in connector's default transforms.
@Suite("Reverse mapping")
struct ReverseMapperTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    func reverse(_ connector: String, _ action: String) -> ReverseMapper {
        ReverseMapper(mapping: .defaults(catalog.connector(id: connector)!, actionId: action))
    }

    @Test("HubSpot deal: amount text back to a number, the close date back to a day")
    func hubspotDeal() throws {
        let r = reverse("hubspot", "createDeal")
        let fields = r.fields(of: try JSONParser.parse(#"{"id": "9", "properties": {"dealname": "Big", "amount": "75000", "closedate": "2026-12-24T00:00:00Z"}}"#))
        #expect(fields["deal_name"] == "Big")
        #expect(fields["deal_amount"] == .number(75000))
        #expect(fields["deal_close_date"] == "2026-12-24")
    }

    @Test("Copper person: the joined name is push-only by default, emails and phones come back; pulled both ways, the joined name splits and the email comes out of its array")
    func copperPerson() throws {
        let defaults = reverse("copper", "createPerson").pullableFields
        #expect(defaults.isDisjoint(with: ["contact_first_name", "contact_last_name"]) && defaults.isSuperset(of: ["contact_email", "contact_phone"]))
        var mapping = FieldMapping.defaults(catalog.connector(id: "copper")!, actionId: "createPerson")
        mapping.rules = mapping.rules.map { var rule = $0; rule.direction = .both; return rule }
        let r = ReverseMapper(mapping: mapping)
        let fields = r.fields(of: try JSONParser.parse(#"{"id": 1, "name": "Ada King Lovelace", "emails": [{"email": "ada@example.com", "category": "work"}]}"#))
        #expect(fields["contact_first_name"] == "Ada King")
        #expect(fields["contact_last_name"] == "Lovelace")
        #expect(fields["contact_email"] == "ada@example.com")
    }

    @Test("Copper opportunity: cents back to units, unix seconds back to a day")
    func copperDeal() throws {
        let r = reverse("copper", "createOpportunity")
        let fields = r.fields(of: try JSONParser.parse(#"{"name": "Big", "monetary_value": 7500000, "close_date": 1798070400}"#))
        #expect(fields["deal_amount"] == .number(75000))
        #expect(fields["deal_close_date"] == "2026-12-24")
    }

    @Test("a property missing from the answer is unknown, one that is null is cleared")
    func knownFields() throws {
        let r = reverse("hubspot", "createContact")
        let read = r.read(try JSONParser.parse(#"{"properties": {"email": "a@b.co", "phone": null}}"#))
        #expect(read.known.contains("contact_phone") && read.values["contact_phone"] == nil)
        #expect(!read.known.contains("contact_title"))
        #expect(read.values["contact_email"] == "a@b.co")
    }
}
