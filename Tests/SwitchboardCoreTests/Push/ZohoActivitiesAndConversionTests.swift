import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// Zoho's Events (a meeting with a start and an end), activities linked to a deal through the
/// polymorphic `What_Id` + `$se_module`, and lead conversion (`/Leads/{id}/actions/convert`),
/// through the application layer against the sandbox over real sockets.
@Suite("Zoho events, What_Id and lead conversion", .serialized)
struct ZohoActivitiesAndConversionTests {
    let objects = ObjectTests()

    func zohoCall(_ t: TestWorkspace, _ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> HTTPResponseValue {
        let token = try await t.mintToken("zoho-crm")
        let base = try #require(t.sandbox).baseURL.absoluteString + "/zoho-crm/crm/v8"
        return try await t.transport.send(HTTPRequestValue(method: method, url: base + path,
                                                           headers: [HTTPHeaderField("Authorization", "Zoho-oauthtoken \(token)"), HTTPHeaderField("Content-Type", "application/json")],
                                                           body: body.map { Data(JSONWriter.compact($0).utf8) }))
    }

    @Test("an event about a contact and a deal is created with Who_Id, What_Id and $se_module Deals; an event without its end is refused before sending")
    func eventOnADeal() async throws {
        try await TestWorkspace.with("sbzoho", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect("zoho-crm")
            let contact = UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "ada.ev@example.com"), ("contact_last_name", "Lovelace")]))
            let contactID = try #require(try await objects.push(w, t.tenant, "zoho-crm", "createContact", [contact]).1.first)
            let deal = UniversalRecord(id: "dl-1", object: .deal, fields: JSONObject([("deal_name", "Renewal 2027"), ("deal_stage", "Qualification"),
                                                                                   ("deal_close_date", "2027-01-31")]))
            let dealID = try #require(try await objects.push(w, t.tenant, "zoho-crm", "createDeal", [deal]).1.first)
            let meeting = UniversalRecord(id: "ev-1", object: .activity, fields: JSONObject([
                ("activity_type", "meeting"), ("activity_subject", "Kick-off"), ("activity_body", "Scope and dates."),
                ("activity_occurred_at", "2026-12-10T09:00:00Z"), ("activity_due_at", "2026-12-10T10:00:00Z"),
                ("activity_contact_id", "ct-1"), ("activity_deal_id", "dl-1"),
            ]))
            let eventID = try #require(try await objects.push(w, t.tenant, "zoho-crm", "createEvent", [meeting]).1.first)
            let stored = try #require(try await objects.stored(t, "zoho-crm", "Events").first { $0["id"]?.stringValue == eventID })
            #expect(objects.linked(stored, "/Who_Id/id") == contactID && objects.linked(stored, "/What_Id/id") == dealID, "\(JSONWriter.compact(stored))")
            #expect(objects.linked(stored, "/$se_module") == "Deals" && objects.linked(stored, "/End_DateTime") != nil, "\(JSONWriter.compact(stored))")

            // A task with no deal sends no $se_module (ifPresent gives nothing without the value).
            let task = UniversalRecord(id: "ts-1", object: .activity, fields: JSONObject([("activity_subject", "Send the mapping"), ("activity_contact_id", "ct-1")]))
            let target = try await w.pushTarget(connector: "zoho-crm", action: "createTask", tenant: t.tenant, requireCredential: true)
            let plan = try w.pushPlan(target, records: [task], tenant: t.tenant)
            let body = try plan.request(for: plan.entries[0], access: AccessGrant(accessToken: "t")).body.map(JSONWriter.compact) ?? ""
            #expect(!body.contains("$se_module") && !body.contains("What_Id") && body.contains("Who_Id"), "\(body)")

            let endless = UniversalRecord(id: "ev-2", object: .activity, fields: JSONObject([("activity_subject", "Open-ended"), ("activity_occurred_at", "2026-12-11T09:00:00Z")]))
            let eventTarget = try await w.pushTarget(connector: "zoho-crm", action: "createEvent", tenant: t.tenant, requireCredential: true)
            let refused = try w.pushPlan(eventTarget, records: [endless], tenant: t.tenant)
            #expect(refused.sendable.isEmpty && refused.entries[0].problems.contains { $0.contains("End_DateTime") }, "\(refused.entries[0].problems)")
        }
    }

    @Test("the sandbox refuses a What_Id without $se_module, and one naming a module it cannot be")
    func whatNeedsItsModule() async throws {
        try await TestWorkspace.with("sbzoho", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let deal = try await zohoCall(t, "POST", "/Deals", ["data": [["Deal_Name": "D", "Stage": "Qualification"]]])
            let dealID = try #require(try JSONParser.parse(deal.body)["data"]?[0]?["details"]?["id"]?.stringValue)
            let missing = try await zohoCall(t, "POST", "/Tasks", ["data": [["Subject": "S", "What_Id": ["id": .string(dealID)]]]])
            #expect(missing.status == 400 && missing.text.contains("MANDATORY_NOT_FOUND") && missing.text.contains("$se_module"), "\(missing.text)")
            let wrong = try await zohoCall(t, "POST", "/Tasks", ["data": [["Subject": "S", "What_Id": ["id": .string(dealID)], "$se_module": "Contacts"]]])
            #expect(wrong.status == 400 && wrong.text.contains("INVALID_DATA"), "\(wrong.text)")
            let right = try await zohoCall(t, "POST", "/Tasks", ["data": [["Subject": "S", "What_Id": ["id": .string(dealID)], "$se_module": "Deals"]]])
            #expect(right.status == 201, "\(right.text)")
        }
    }

    @Test("a pushed lead is converted with convertLead: a contact and an account from it, the lead gone from Leads; a second conversion is refused")
    func convertLead() async throws {
        try await TestWorkspace.with("sbzoho", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect("zoho-crm")
            let lead = UniversalRecord(id: "ld-1", object: .lead, fields: JSONObject([
                ("lead_email", "li.conv@northwind.example"), ("lead_first_name", "Li"), ("lead_last_name", "Conv"), ("lead_company", "Northwind Converts"),
            ]))
            let leadID = try #require(try await objects.push(w, t.tenant, "zoho-crm", "createLead", [lead]).1.first)
            let (plan, ids) = try await objects.push(w, t.tenant, "zoho-crm", "convertLead", [lead])
            #expect(ids == [leadID], "the lead keeps its link")
            let body = try plan.request(for: plan.entries[0], access: AccessGrant(accessToken: "t"))
            #expect(body.url.hasSuffix("/crm/v8/Leads/\(leadID)/actions/convert"), "\(body.url)")

            let contacts = try await objects.stored(t, "zoho-crm", "Contacts")
            let made = try #require(contacts.first { objects.linked($0, "/Email") == "li.conv@northwind.example" }, "a contact from the lead")
            let accountID = try #require(objects.linked(made, "/Account_Name/id"))
            let accounts = try await objects.stored(t, "zoho-crm", "Accounts")
            #expect(accounts.contains { $0["id"]?.stringValue == accountID && objects.linked($0, "/Account_Name") == "Northwind Converts" })
            let gone = try await zohoCall(t, "GET", "/Leads/\(leadID)")
            #expect(gone.status != 200, "the converted lead left Leads: \(gone.status) \(gone.text)")

            let again = try await zohoCall(t, "POST", "/Leads/\(leadID)/actions/convert", ["data": [["overwrite": false]]])
            #expect(again.status == 400 && again.text.contains("INVALID_DATA"), "\(again.text)")
        }
    }

    @Test("the sandbox checks a conversion whole before writing: a deal without its closing date, or an unknown contact, creates nothing")
    func conversionIsAllOrNothing() async throws {
        try await TestWorkspace.with("sbzoho", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let lead = try await zohoCall(t, "POST", "/Leads", ["data": [["Last_Name": "Half", "Company": "Half Ltd", "Email": "half@example.com"]]])
            let leadID = try #require(try JSONParser.parse(lead.body)["data"]?[0]?["details"]?["id"]?.stringValue)
            let before = try await objects.stored(t, "zoho-crm", "Accounts").count
            let noDate = try await zohoCall(t, "POST", "/Leads/\(leadID)/actions/convert", ["data": [["Deals": ["Deal_Name": "D", "Stage": "Qualification"]]]])
            #expect(noDate.status == 400 && noDate.text.contains("Deals.Closing_Date"), "\(noDate.text)")
            let unknown = try await zohoCall(t, "POST", "/Leads/\(leadID)/actions/convert", ["data": [["Contacts": "5725767001999999999"]]])
            #expect(unknown.status == 400 && unknown.text.contains("Contacts"), "\(unknown.text)")
            #expect(try await objects.stored(t, "zoho-crm", "Accounts").count == before, "nothing was written")
            let withDeal = try await zohoCall(t, "POST", "/Leads/\(leadID)/actions/convert",
                                              ["data": [["Deals": ["Deal_Name": "From Half", "Stage": "Qualification", "Closing_Date": "2027-02-01"]]]])
            #expect(withDeal.status == 200, "\(withDeal.text)")
            let details = try JSONParser.parse(withDeal.body)["data"]?[0]?["details"]
            #expect(details?["Contacts"]?["id"] != nil && details?["Accounts"]?["id"] != nil && details?["Deals"]?["id"] != nil, "\(withDeal.text)")
        }
    }
}
