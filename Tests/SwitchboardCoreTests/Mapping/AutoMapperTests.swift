import SwitchboardCore
import Testing

@Suite("Auto-mapping by name similarity")
struct AutoMapperTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    @Test("similarity of body field names and universal fields", arguments: [
        ("firstname", UniversalField.contactFirstName, 1.0),
        ("FirstName", .contactFirstName, 1.0),
        ("email", .contactEmail, 1.0),
        ("dealname", .dealName, 1.0),
        ("closedate", .dealCloseDate, 1.0),
        ("jobtitle", .contactTitle, 0.8),
        ("city", .contactAddressCity, 0.8),
        ("MailingCity", .contactAddressCity, 0.78),
    ])
    func similar(target: String, field: UniversalField, expected: Double) {
        #expect(abs(AutoMapper.similarity(target: target, field: field) - expected) < 0.001)
    }

    @Test("unrelated names score below the threshold", arguments: [
        ("zip", UniversalField.contactAddressPostal), ("lifecyclestage", .contactEmail), ("hubspot_owner_id", .contactPhone),
        ("AccountId", .contactCompany), ("Salutation", .contactTitle),
    ])
    func dissimilar(target: String, field: UniversalField) {
        #expect(AutoMapper.similarity(target: target, field: field) < AutoMapper.threshold)
    }

    /// The connector with no default mappings, so only name similarity proposes.
    func withoutDefaults(_ id: String) throws -> ConnectorManifest {
        var manifest = try #require(catalog.connector(id: id))
        manifest.defaultMappings = []
        return manifest
    }

    @Test("by names alone, HubSpot createContact gets the manifest's defaults back except zip (no name in common) and the company association")
    func hubspotByName() throws {
        let bare = try withoutDefaults("hubspot")
        let action = try #require(bare.action(id: "createContact")?.action)
        let proposed = AutoMapper.propose(connector: bare, action: action)
        let got = Dictionary(uniqueKeysWithValues: proposed.map { ($0.rule.target.description, $0.rule.source.fieldNames) })
        let full = try #require(catalog.connector(id: "hubspot"))
        for spec in full.defaultMappings(forAction: "createContact") where spec.target.description != "/properties/zip" && spec.target.tokens.first != "associations" {
            #expect(got[spec.target.description] == spec.sources.map(\.rawValue), "\(spec.target)")
        }
        #expect(got["/properties/zip"] == nil)
        #expect(got["/properties/mobilephone"] == nil, "contact_phone is used once, by the exact match")
        #expect(proposed.allSatisfy { if case .nameSimilarity = $0.origin { true } else { false } })
    }

    @Test("by names alone, Salesforce's Mailing* fields match the address fields by their last word")
    func salesforceByName() throws {
        let bare = try withoutDefaults("salesforce")
        let action = try #require(bare.action(id: "createContact")?.action)
        let got = Dictionary(uniqueKeysWithValues: AutoMapper.propose(connector: bare, action: action).map { ($0.rule.target.description, $0.rule.source.fieldNames) })
        #expect(got["/LastName"] == ["contact_last_name"])
        #expect(got["/MailingCity"] == ["contact_address_city"])
        #expect(got["/MailingStreet"] == ["contact_address_street"])
        #expect(got["/Title"] == ["contact_title"])
        #expect(got["/MailingPostalCode"] == nil)
    }

    @Test("manifest defaults come first; kept rules win; a number going into a string gets numberToString")
    func defaultsAndKept() throws {
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "createContact")?.action)
        let mine = MappingRule(target: JSONPointer(parsing: "/properties/email"), source: .constant("fixed@example.com"))
        let proposed = AutoMapper.propose(connector: hubspot, action: action,
                                          keeping: FieldMapping(connectorId: "hubspot", actionId: "createContact", rules: [mine]))
        #expect(proposed.first == AutoMapper.Proposal(rule: mine, origin: .existing))
        #expect(proposed.filter { $0.rule.target == mine.target }.count == 1)
        #expect(proposed.contains { $0.origin == .manifestDefault && $0.rule.target.description == "/properties/zip" })

        var deals = try withoutDefaults("hubspot")
        deals.defaultMappings = []
        let createDeal = try #require(deals.action(id: "createDeal")?.action)
        let amount = try #require(AutoMapper.propose(connector: deals, action: createDeal).first { $0.rule.target.description == "/properties/amount" })
        #expect(amount.rule.source.fieldNames == ["deal_amount"])
        #expect(amount.rule.transforms.map(\.name) == ["numberToString"])
    }
}

@Suite("Checking a mapping field by field")
struct MappingCheckTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    @Test("the defaults are valid for the sample; clearing the required email says so on that field")
    func missingRequired() throws {
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "createContact")?.action)
        var mapping = FieldMapping.defaults(hubspot, actionId: "createContact")
        let ok = MappingCheck.run(mapping, record: .sample(.contact), action: action)
        #expect(ok.problemCount == 0)
        #expect(ok.fields.first?.target.pointer.description == "/properties/email", "required first")
        #expect(ok.fields.first?.value == "sarah.jones@techcorp.com")
        mapping.clear(JSONPointer(parsing: "/properties/email"))
        let bad = MappingCheck.run(mapping, record: .sample(.contact), action: action)
        let email = try #require(bad.fields.first { $0.target.name == "email" })
        #expect(!email.isValid)
        #expect(email.problems.contains { $0.contains("required") })
    }

    @Test("a type error is reported on its field: a number constant into a HubSpot string property")
    func typeError() throws {
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "createContact")?.action)
        var mapping = FieldMapping.defaults(hubspot, actionId: "createContact")
        mapping.set(MappingRule(target: JSONPointer(parsing: "/properties/phone"), source: .constant(5551234)))
        let check = MappingCheck.run(mapping, record: .sample(.contact), action: action)
        let phone = try #require(check.fields.first { $0.target.name == "phone" })
        #expect(phone.problems.count == 1)
        #expect(phone.problems[0].contains("string"), "\(phone.problems)")
        #expect(check.fields.filter { !$0.isValid }.count == 1)
    }
}
