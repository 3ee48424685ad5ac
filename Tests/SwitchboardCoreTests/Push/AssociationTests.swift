import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// Associations through the push engine: a contact names its company by our id
/// (`contact_company_id`), the plan sends the company's CRM id from its record link in each CRM's
/// own form (HubSpot associations, Salesforce AccountId, Copper company_id, Pipedrive org_id, Zoho
/// Account_Name.id), and the sandbox stores it; a contact whose company is not in the CRM yet waits.
@Suite(.serialized) struct AssociationTests {
    func push(_ w: Workspace, _ tenant: Tenant, _ connector: String, _ action: String, _ records: [UniversalRecord]) async throws -> (PushPlan, [String]) {
        let target = try await w.pushTarget(connector: connector, action: action, tenant: tenant, requireCredential: true)
        let plan = try w.pushPlan(target, records: records, tenant: tenant)
        guard !plan.sendable.isEmpty else { return (plan, []) }
        let run = try w.startPushRun(plan, tenant: tenant, source: "test", onlyValid: true)
        _ = try await w.pushExecutor(target, plan: plan).execute(run)
        let items = try w.stores().journal.items(run: run.id)
        let errors = items.compactMap(\.errorMessage)
        #expect(errors.isEmpty, "\(connector) \(action): \(errors)")
        return (plan, items.compactMap(\.remoteID))
    }

    @Test("a contact pushed after its company carries the company's CRM id; one whose company is not there yet waits",
          arguments: [("hubspot", "createCompany", "createContact", "contacts"), ("salesforce", "createAccount", "createContact", "Contact"),
                      ("copper", "createCompany", "createPerson", "people"), ("pipedrive", "createOrganization", "createPerson", "persons"),
                      ("zoho-crm", "createAccount", "createContact", "Contacts")])
    func contactToCompany(_ connector: String, _ companyAction: String, _ contactAction: String, _ object: String) async throws {
        try await TestWorkspace.with("sbassoc", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect(connector)
            let company = UniversalRecord(id: "co-1", object: .company, fields: JSONObject([("company_name", "Widgets Ltd"), ("company_domain", "widgets.example")]))
            let (_, companyIDs) = try await push(w, t.tenant, connector, companyAction, [company])
            let companyID = try #require(companyIDs.first, "the company was created")

            func contact(_ id: String, _ email: String, _ companyRef: String) -> UniversalRecord {
                UniversalRecord(id: id, object: .contact, fields: JSONObject([("contact_email", .string(email)), ("contact_first_name", "Ada"),
                                                                              ("contact_last_name", "Lovelace"), ("contact_company_id", .string(companyRef))]))
            }
            let (plan, contactIDs) = try await push(w, t.tenant, connector, contactAction,
                                                    [contact("ct-1", "ada.assoc@example.com", "co-1"), contact("ct-2", "bob.assoc@example.com", "co-missing")])
            #expect(contactIDs.count == 1, "\(plan.entries.map(\.problems))")
            #expect(plan.entries[1].problems.first?.contains("contact_company_id co-missing: that company is not in") == true, "\(plan.entries[1].problems)")
            let base = try #require(t.sandbox).baseURL.absoluteString
            let listed = try await t.transport.send(HTTPRequestValue(method: "GET", url: "\(base)/admin/records/\(connector)/\(object)?account=acme"))
            let stored = try JSONParser.parse(listed.body)["results"]?.arrayValue ?? []
            let mine = try #require(stored.first { JSONWriter.compact($0).contains("ada.assoc@example.com") })
            #expect(JSONWriter.compact(mine["fields"] ?? .null).contains(companyID), "the contact names company \(companyID): \(JSONWriter.compact(mine))")
            #expect(!stored.contains { JSONWriter.compact($0).contains("bob.assoc@example.com") }, "the waiting contact was not sent")
            // Alone (the console's Preview send), the waiting record is refused with its own reason.
            let target = try await w.pushTarget(connector: connector, action: contactAction, tenant: t.tenant, requireCredential: true)
            let alone = try w.pushPlan(target, records: [contact("ct-3", "cy.assoc@example.com", "co-missing")], tenant: t.tenant)
            #expect(throws: WorkspaceError.self) { try w.startPush(alone, tenant: t.tenant, source: "test") }
            #expect(alone.firstKeyProblem?.message.hasPrefix("record 1: contact_company_id co-missing: that company is not in") == true,
                    "\(alone.firstKeyProblem?.message ?? "-")")
        }
    }

    @Test("HubSpot: a deal associated with its company and two contacts (deal_contact_ids); the read with ?associations= returns them; a wrong type is refused")
    func hubspotDeal() async throws {
        try await TestWorkspace.with("sbassoc", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            let w = t.workspace
            let company = UniversalRecord(id: "co-1", object: .company, fields: JSONObject([("company_name", "Widgets Ltd"), ("company_domain", "widgets.example")]))
            let contact = UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "deal.assoc@example.com")]))
            let second = UniversalRecord(id: "ct-2", object: .contact, fields: JSONObject([("contact_email", "deal.two@example.com")]))
            let companyID = try #require(try await push(w, t.tenant, "hubspot", "createCompany", [company]).1.first)
            let contactIDs = try await push(w, t.tenant, "hubspot", "createContact", [contact, second]).1
            #expect(contactIDs.count == 2)
            let deal = UniversalRecord(id: "dl-1", object: .deal, fields: JSONObject([("deal_name", "Widgets renewal"), ("deal_amount", 5000), ("deal_stage", "appointmentscheduled"),
                                                                                      ("deal_company_id", "co-1"), ("deal_contact_ids", "ct-1, ct-2")]))
            let (plan, dealIDs) = try await push(w, t.tenant, "hubspot", "createDeal", [deal])
            let dealID = try #require(dealIDs.first, "\(plan.entries.map(\.problems))")
            let body = JSONWriter.compact(plan.entries[0].prepared.body)
            #expect(body.contains(#"{"to":{"id":"\#(companyID)"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":341}]}"#), "\(body)")
            let token = try await t.mintToken()
            let base = try #require(t.sandbox).baseURL.absoluteString
            let read = try await t.transport.send(HTTPRequestValue(method: "GET", url: "\(base)/hubspot/crm/v3/objects/deals/\(dealID)?associations=companies,contacts",
                                                                   headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
            let associations = try JSONParser.parse(read.body)["associations"]
            #expect(associations?["companies"]?["results"]?.arrayValue?.first?["id"]?.stringValue == companyID, "\(read.text)")
            #expect(Set(associations?["contacts"]?["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == Set(contactIDs), "both contacts: \(read.text)")
            let wrong = try await t.transport.send(HTTPRequestValue(method: "POST", url: "\(base)/hubspot/crm/v3/objects/deals", headers: [
                HTTPHeaderField("Authorization", "Bearer \(token)"), HTTPHeaderField("Content-Type", "application/json")], body: Data(#"""
                {"properties": {"dealname": "x"}, "associations": [{"to": {"id": "\#(companyID)"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}
                """#.utf8)))
            #expect(wrong.status == 400 && wrong.text.contains("not valid for deals"), "\(wrong.text)")
        }
    }

    @Test("Salesforce: an opportunity names its account (AccountId) and its primary contact (ContactId) by their CRM ids")
    func salesforceOpportunity() async throws {
        try await TestWorkspace.with("sbassoc", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect("salesforce")
            let company = UniversalRecord(id: "co-1", object: .company, fields: JSONObject([("company_name", "Widgets Ltd"), ("company_domain", "widgets.example")]))
            let contact = UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "opp.assoc@example.com"), ("contact_last_name", "Hopper")]))
            let accountID = try #require(try await push(w, t.tenant, "salesforce", "createAccount", [company]).1.first)
            let contactID = try #require(try await push(w, t.tenant, "salesforce", "createContact", [contact]).1.first)
            let deal = UniversalRecord(id: "dl-1", object: .deal, fields: JSONObject([("deal_name", "Widgets renewal"), ("deal_stage", "Prospecting"),
                                                                                      ("deal_close_date", "2026-12-31"), ("deal_company_id", "co-1"),
                                                                                      ("deal_contact_ids", .array(["ct-1"]))]))
            let (plan, ids) = try await push(w, t.tenant, "salesforce", "createOpportunity", [deal])
            #expect(ids.count == 1, "\(plan.entries.map(\.problems))")
            let base = try #require(t.sandbox).baseURL.absoluteString
            let listed = try await t.transport.send(HTTPRequestValue(method: "GET", url: "\(base)/admin/records/salesforce/Opportunity?account=acme"))
            let stored = try JSONParser.parse(listed.body)["results"]?.arrayValue ?? []
            let mine = try #require(stored.first { $0["fields"]?["Name"] == "Widgets renewal" })
            #expect(mine["fields"]?["AccountId"]?.stringValue == accountID && mine["fields"]?["ContactId"]?.stringValue == contactID, "\(JSONWriter.compact(mine))")
        }
    }
}
