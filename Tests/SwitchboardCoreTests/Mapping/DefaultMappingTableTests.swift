import SwitchboardCore
import Testing

/// The connectors the seeds have no payload for (Pipedrive, Zoho CRM): their default mappings
/// produce the request bodies of their public APIs, and those bodies validate.
@Suite("Default mappings of Pipedrive and Zoho CRM")
struct DefaultMappingTableTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var connector: String
        var action: String
        var record: [(String, JSONValue)]
        var expected: String
        var testDescription: String { "\(connector) \(action)" }
    }

    static let ada: [(String, JSONValue)] = [("contact_first_name", "Ada"), ("contact_last_name", "Lovelace"),
                                             ("contact_email", "ada@example.com"), ("contact_phone", "+44 20 7946 0000")]
    static let deal: [(String, JSONValue)] = [("deal_name", "Analytical Engine"), ("deal_amount", .number(75000)), ("deal_currency", "GBP"),
                                              ("deal_stage", "3"), ("deal_close_date", "2026-12-24"), ("deal_probability", .number(60))]

    static let cases: [Case] = [
        Case(connector: "pipedrive", action: "createPerson", record: ada, expected: """
            {"name": "Ada Lovelace", "emails": [{"value": "ada@example.com", "primary": true, "label": "work"}],
             "phones": [{"value": "+44 20 7946 0000", "primary": true, "label": "work"}]}
            """),
        Case(connector: "pipedrive", action: "createDeal", record: deal, expected: """
            {"title": "Analytical Engine", "value": 75000, "currency": "GBP", "stage_id": 3, "expected_close_date": "2026-12-24", "probability": 60}
            """),
        Case(connector: "zoho-crm", action: "createContact", record: ada, expected: """
            {"data": [{"Email": "ada@example.com", "First_Name": "Ada", "Last_Name": "Lovelace", "Phone": "+44 20 7946 0000"}]}
            """),
        Case(connector: "zoho-crm", action: "createDeal", record: deal, expected: """
            {"data": [{"Deal_Name": "Analytical Engine", "Amount": 75000, "Stage": "3", "Closing_Date": "2026-12-24", "Probability": 60}]}
            """),
    ]

    @Test("the default mapping gives the API's body, valid against the action's schema", arguments: cases)
    func body(_ c: Case) throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let connector = try #require(catalog.connector(id: c.connector))
        let action = try #require(connector.action(id: c.action)?.action)
        let record = UniversalRecord(object: try #require(action.object), fields: JSONObject(c.record))
        let mapped = Mapper.map(record, with: .defaults(connector, actionId: c.action))
        #expect(mapped.issues.isEmpty, "\(mapped.issues)")
        let expected = try JSONParser.parse(c.expected)
        #expect(JSONWriter.compact(mapped.body) == JSONWriter.compact(expected), "\(JSONWriter.compact(mapped.body))")
        #expect(action.requestSchema?.validate(mapped.body).isEmpty == true, "\(action.requestSchema?.validate(mapped.body) ?? [])")
    }
}
