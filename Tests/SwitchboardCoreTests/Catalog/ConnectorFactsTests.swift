import Foundation
import Testing
@testable import SwitchboardCore

/// Facts about each CRM that the manifests promise, from the seeds and the providers' API docs.
@Suite("Connector facts")
struct ConnectorFactsTests {
    let catalog = BuiltInCatalogTests.load.catalog

    private func schema(_ connector: String, _ action: String) throws -> JSONValue {
        let m = try #require(catalog.connector(id: connector))
        return try #require(m.action(id: action)?.action.requestSchema?.document, "\(connector).\(action) has no request schema")
    }

    @Test("HubSpot: OAuth URLs, client auth and scopes from the connector seed")
    func hubspotAuth() throws {
        let oauth = try #require(catalog.connector(id: "hubspot")?.auth.oauth2)
        #expect(oauth.authorizationURL == "https://app.hubspot.com/oauth/authorize")
        #expect(oauth.tokenURL == "https://api.hubapi.com/oauth/v1/token")
        #expect(oauth.refreshURL == "https://api.hubapi.com/oauth/v1/token")
        #expect(oauth.clientAuthentication == .clientSecretPost)
        for scope in ["oauth", "crm.objects.contacts.write", "crm.objects.companies.write", "crm.objects.deals.write"] {
            #expect(oauth.scopes.contains(scope))
        }
        #expect(oauth.scopeParameter.hasPrefix("oauth crm.objects."))
    }

    @Test("HubSpot: batch create takes at most 100 inputs and OAuth apps get 100 requests per 10 s")
    func hubspotLimits() throws {
        let m = try #require(catalog.connector(id: "hubspot"))
        #expect(m.batch?.maxRecords == 100)
        let batch = try #require(m.action(id: "batchCreateContacts")?.action)
        #expect(batch.isBatch && batch.maxBatchSize == 100)
        #expect(batch.batch?.recordsPointer == JSONPointer(parsing: "/inputs"))
        #expect(batch.path == "/crm/v3/objects/contacts/batch/create")
        #expect(m.rateLimits.requestsPerWindow == 100 && m.rateLimits.windowSeconds == 10)
        #expect(m.rateLimits.headers.limit == "X-HubSpot-RateLimit-Max")
        #expect(m.rateLimits.headers.remaining == "X-HubSpot-RateLimit-Remaining")
        #expect(m.rateLimits.headers.intervalMilliseconds == "X-HubSpot-RateLimit-Interval-Milliseconds")
    }

    @Test("HubSpot: createContact posts string properties, email formatted and required")
    func hubspotContactSchema() throws {
        let s = try schema("hubspot", "createContact")
        #expect(s["required"] == ["properties"])
        let props = try #require(s.value(at: JSONPointer(parsing: "/properties/properties")))
        #expect(props["required"] == ["email"])
        #expect(props.value(at: JSONPointer(parsing: "/properties/email/format")) == "email")
        for (_, p) in props["properties"]?.objectValue ?? JSONObject() { #expect(p["type"] == "string") }
        #expect(props["additionalProperties"] == ["type": "string"])
        let update = try #require(catalog.connector(id: "hubspot")?.action(id: "updateContact")?.action)
        #expect(update.method == "PATCH" && update.path == "/crm/v3/objects/contacts/{contactId}" && update.pathParameters == ["contactId"])
    }

    @Test("Salesforce: composite sObject collections take 200 records; Opportunity needs Name, StageName and a CloseDate date")
    func salesforce() throws {
        let m = try #require(catalog.connector(id: "salesforce"))
        #expect(m.batch?.maxRecords == 200)
        let batch = try #require(m.action(id: "batchCreateContacts")?.action)
        #expect(batch.maxBatchSize == 200 && batch.path.hasSuffix("/composite/sobjects"))
        let opp = try schema("salesforce", "createOpportunity")
        #expect(opp["required"] == ["Name", "StageName", "CloseDate"])
        #expect(opp.value(at: JSONPointer(parsing: "/properties/CloseDate/format")) == "date")
        #expect(try schema("salesforce", "createContact")["required"] == ["LastName"])
        #expect(m.auth.oauth2?.apiHostFields == ["instance_url"])
        #expect(m.rateLimits.headers.usage == "Sforce-Limit-Info")
        #expect(m.errorRule(status: 400, body: [["errorCode": "REQUIRED_FIELD_MISSING", "message": "Required fields are missing: [LastName]", "fields": ["LastName"]]])?.code == .validationError)
    }

    @Test("Zoho CRM: inserts take {\"data\": [...]} with at most 100 records, and the API host comes from api_domain")
    func zoho() throws {
        let m = try #require(catalog.connector(id: "zoho-crm"))
        #expect(m.batch?.maxRecords == 100)
        let s = try schema("zoho-crm", "batchCreateContacts")
        #expect(s["required"] == ["data"])
        #expect(s.value(at: JSONPointer(parsing: "/properties/data/type")) == "array")
        #expect(m.action(id: "batchCreateContacts")?.action.maxBatchSize == 100)
        #expect(try schema("zoho-crm", "createContact").value(at: JSONPointer(parsing: "/properties/data/items/required")) == ["Last_Name"])
        let oauth = try #require(m.auth.oauth2)
        #expect(oauth.apiHostFields == ["api_domain"])
        #expect(oauth.headerValue(forToken: "t") == "Zoho-oauthtoken t")
        #expect(oauth.scopeSeparator == ",")
        #expect(oauth.extraAuthorizeParams.contains(NameValue("access_type", "offline")))
        #expect(m.api.region(id: "eu")?.tokenURL == "https://accounts.zoho.eu/oauth/v2/token")
        #expect(m.api.region(id: "eu")?.baseURL == "https://www.zohoapis.eu")
    }

    @Test("Pipedrive: the token request uses HTTP Basic client authentication and api_domain")
    func pipedrive() throws {
        let oauth = try #require(catalog.connector(id: "pipedrive")?.auth.oauth2)
        #expect(oauth.clientAuthentication == .clientSecretBasic)
        #expect(oauth.tokenURL == "https://oauth.pipedrive.com/oauth/token")
        #expect(oauth.apiHostFields == ["api_domain"])
    }

    @Test("Copper: the OAuth callback is an HTTPS form POST to a fixed URI; emails are {email, category} arrays")
    func copper() throws {
        let m = try #require(catalog.connector(id: "copper"))
        let oauth = try #require(m.auth.oauth2)
        #expect(oauth.callback == .formPost)
        guard case .fixed(let uri) = oauth.redirect else { Issue.record("Copper needs a fixed redirect"); return }
        #expect(uri.hasPrefix("https://"))
        #expect(oauth.scopes == ["developer/v1/all"])
        #expect(m.api.headers.contains(NameValue("X-PW-Application", "developer_api")))
        let person = try schema("copper", "createPerson")
        #expect(person.value(at: JSONPointer(parsing: "/properties/emails/items/required")) == ["email", "category"])
        #expect(try schema("copper", "createOpportunity").value(at: JSONPointer(parsing: "/properties/close_date/type")) == "integer")
    }
}
