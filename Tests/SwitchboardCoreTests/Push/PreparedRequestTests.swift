import SwitchboardCore
import Testing

@Suite("Request preview")
struct PreparedRequestTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    @Test("the preview is the exact request: method, URL on the credential's instance, masked token, mapped body")
    func salesforce() throws {
        let sf = try #require(catalog.connector(id: "salesforce"))
        let action = try #require(sf.action(id: "createContact")?.action)
        let record = UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "ada@example.com"), ("contact_last_name", "Lovelace")]))
        let token = "00Dxx0000001gPL!AR8AQJXg5oS5lnwQdf1234abcd"
        let preview = try RequestBuilder.build(record: record, mapping: .defaults(sf, actionId: action.id), action: action, connector: sf,
                                                      access: .init(accessToken: token, apiHost: "https://acme.my.salesforce.com/"))
        #expect(preview.method == "POST")
        #expect(preview.url.hasPrefix("https://acme.my.salesforce.com/services/data/"))
        #expect(preview.url.hasSuffix("/sobjects/Contact"))
        #expect(preview.headers.contains(NameValue("Authorization", "Bearer " + token)), "the real request carries the token")
        #expect(!preview.displayText.contains(token), "the display never shows it whole")
        #expect(preview.displayText.contains("Bearer ••••abcd"))
        #expect(preview.body?["LastName"] == "Lovelace")
        #expect(preview.isValid, "\(preview.violations)")
    }

    @Test("a body that breaks the schema is flagged with JSON Pointer paths")
    func violations() throws {
        let sf = try #require(catalog.connector(id: "salesforce"))
        let action = try #require(sf.action(id: "createOpportunity")?.action)
        let record = UniversalRecord(object: .deal, fields: JSONObject([("deal_name", "Big")]))
        let preview = try RequestBuilder.build(record: record, mapping: .defaults(sf, actionId: action.id), action: action, connector: sf, access: .notConnected)
        #expect(!preview.isValid)
        let paths = preview.violations.map(\.description)
        #expect(paths.contains { $0.contains("StageName") }, "\(paths)")
        #expect(paths.contains { $0.contains("CloseDate") }, "\(paths)")
    }

    @Test("an update needs the CRM id in its path, and says so when it is missing")
    func pathParameters() throws {
        let hubspot = try #require(catalog.connector(id: "hubspot"))
        let action = try #require(hubspot.action(id: "updateContact")?.action)
        let record = UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "ada@example.com")]))
        let parameter = try #require(action.pathParameters.first)
        #expect(throws: RequestBuilder.Failure.self) {
            try RequestBuilder.build(record: record, mapping: .defaults(hubspot, actionId: action.id), action: action, connector: hubspot, access: .notConnected)
        }
        let preview = try RequestBuilder.build(record: record, mapping: .defaults(hubspot, actionId: action.id), action: action, connector: hubspot,
                                                      access: .notConnected, pathValues: [parameter: "901"])
        #expect(preview.url == "https://api.hubapi.com/crm/v3/objects/contacts/901")
        #expect(preview.method == "PATCH")
    }
}
