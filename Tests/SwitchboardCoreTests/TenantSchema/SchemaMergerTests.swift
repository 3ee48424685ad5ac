import Foundation
import SwitchboardCore
import Testing

/// The tenant's fields merged into the manifest's action schemas, checked with bodies a push would send.
@Suite struct SchemaMergerTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    static let tier = RemoteField(name: "customer_tier", label: "Customer tier", kind: .enumeration, rawType: "enumeration",
                                  options: [.init(value: "gold", label: "Gold"), .init(value: "silver", label: "Silver")], custom: true)
    static let nps = RemoteField(name: "nps_score", label: "NPS score", kind: .number, rawType: "number", custom: true)
    static let email = RemoteField(name: "email", label: "Email", kind: .string, rawType: "string")
    static let created = RemoteField(name: "createdate", label: "Create Date", kind: .datetime, rawType: "datetime", readOnly: true)

    func hubspot(_ fields: [RemoteField]) throws -> ConnectorManifest {
        let manifest = try #require(catalog.connector(id: "hubspot"))
        return SchemaMerger.merge(manifest, schemas: [.contact: TenantObjectSchema(connectorID: "hubspot", object: .contact, fields: fields, readAt: Date())])
    }

    func violations(_ manifest: ConnectorManifest, _ action: String, _ body: JSONValue) throws -> [String] {
        try #require(manifest.action(id: action)?.action.requestSchema).validate(body).map(\.description)
    }

    @Test("a picklist value outside the account's options, a non-number, an unknown and a read-only property are refused with their pointers")
    func hubspotViolations() throws {
        let merged = try hubspot([Self.email, Self.tier, Self.nps, Self.created])
        #expect(try violations(merged, "createContact", ["properties": ["email": "a@example.com", "customer_tier": "gold", "nps_score": "9"]]).isEmpty)
        let bad = try violations(merged, "createContact", ["properties": ["email": "a@example.com", "customer_tier": "Diamond", "nps_score": "nine",
                                                                          "tier": "x", "createdate": "2026-01-01"]])
        #expect(bad.contains { $0.hasPrefix("/properties/customer_tier") && $0.contains("gold") })
        #expect(bad.contains { $0.hasPrefix("/properties/nps_score") })
        #expect(bad.contains { $0 == "/properties/tier: is not a field of this HubSpot account" })
        #expect(bad.contains { $0 == "/properties/createdate: is read-only in HubSpot; it cannot be written" })
        // The batch create carries the same rules in each input.
        let batch = try violations(merged, "batchCreateContacts", ["inputs": [["properties": ["email": "a@example.com", "customer_tier": "Diamond"]]]])
        #expect(batch.contains { $0.hasPrefix("/inputs/0/properties/customer_tier") })
        // Without a schema the manifest's own rules stand: custom properties pass through.
        let plain = try #require(catalog.connector(id: "hubspot"))
        #expect(try violations(plain, "createContact", ["properties": ["email": "a@example.com", "customer_tier": "Diamond"]]).isEmpty)
    }

    @Test("Salesforce: required fields join required on create only, lengths become maxLength, unrestricted picklists take any value")
    func salesforceRules() throws {
        let manifest = try #require(catalog.connector(id: "salesforce"))
        let region = RemoteField(name: "Region__c", label: "Region", kind: .enumeration, rawType: "picklist",
                                 options: [.init(value: "EMEA", label: "EMEA")], required: true, custom: true)
        let source = RemoteField(name: "LeadSource", label: "Lead Source", kind: .enumeration, rawType: "picklist",
                                 options: [.init(value: "Web", label: "Web")], restrictedOptions: false)
        let last = RemoteField(name: "LastName", label: "Last Name", kind: .string, rawType: "string", required: true, length: 5)
        let merged = SchemaMerger.merge(manifest, schemas: [.contact: TenantObjectSchema(connectorID: "salesforce", object: .contact,
                                                                                         fields: [region, source, last], readAt: Date())])
        let create = try violations(merged, "createContact", ["LastName": "Lovelace", "LeadSource": "Fax"])
        #expect(create.contains("/Region__c: is required"))
        #expect(create.contains { $0.hasPrefix("/LastName") && $0.contains("5") })
        #expect(!create.contains { $0.hasPrefix("/LeadSource") })
        #expect(try violations(merged, "updateContact", ["LeadSource": "Fax"]).isEmpty)
    }

    @Test("the diff names fields added, removed and changed (type, options, required)")
    func diff() {
        var changed = Self.tier
        changed.options.append(.init(value: "platinum", label: "Platinum"))
        changed.required = true
        let diff = SchemaDiff(from: [Self.email, Self.tier, Self.created], to: [Self.email, changed, Self.nps])
        #expect(diff.added.map(\.name) == ["nps_score"] && diff.removed.map(\.name) == ["createdate"])
        #expect(diff.changed.map(\.name) == ["customer_tier"] && diff.changed.first?.what == ["options +platinum", "now required"])
        #expect(SchemaDiff(from: [Self.tier], to: [Self.tier]).isEmpty)
    }

    @Test("record fields match the account's fields by name or label; values that differ by case or label get a lookup")
    func autoMapping() throws {
        let schema = TenantObjectSchema(connectorID: "hubspot", object: .contact, fields: [Self.email, Self.tier, Self.nps], readAt: Date())
        let write = MetadataWriteSpec(target: JSONPointer(parsing: "/properties"), customTarget: nil, values: .string)
        let samples = [UniversalRecord(object: .contact, fields: JSONObject([("contact_customer_tier", "Gold"), ("NPS score", .number(9))])),
                       UniversalRecord(object: .contact, fields: JSONObject([("contact_customer_tier", "silver")]))]
        let proposals = TenantAutoMapper.propose(samples: samples, schema: schema, write: write, operation: .create, existing: [])
        let tier = try #require(proposals.first { $0.rule.target == JSONPointer(parsing: "/properties/customer_tier") })
        #expect(tier.rule.source == .fields(["contact_customer_tier"]))
        #expect(tier.rule.transforms.map(\.description) == ["lookup:Gold=gold:Silver=silver"])
        let nps = try #require(proposals.first { $0.rule.target == JSONPointer(parsing: "/properties/nps_score") })
        #expect(nps.rule.transforms.map(\.description) == ["numberToString"])
        // Values that are options already need no lookup; values that name no option get none either.
        let exact = [UniversalRecord(object: .contact, fields: JSONObject([("customer_tier", "gold")]))]
        #expect(TenantAutoMapper.propose(samples: exact, schema: schema, write: write, operation: .create, existing: []).first?.rule.transforms.isEmpty == true)
        let unknown = [UniversalRecord(object: .contact, fields: JSONObject([("customer_tier", "Diamond")]))]
        #expect(TenantAutoMapper.propose(samples: unknown, schema: schema, write: write, operation: .create, existing: []).first?.rule.transforms.isEmpty == true)
    }
}
