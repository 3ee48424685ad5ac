import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The objects beyond contacts, companies and deals — leads, activities and tickets — through the
/// application layer against each CRM's sandbox: pushed with the default mappings, linked to the
/// contact they are about in the CRM's own form, read back, and refused before sending when the
/// CRM's required fields are missing.
@Suite("Leads, activities and tickets at every CRM", .serialized)
struct ObjectTests {
    /// Per CRM: the contact create action, the lead, activity (a call or the CRM's activity) and
    /// ticket actions (nil where the CRM has none), and the sandbox objects they land in.
    struct CRM: Sendable, CustomTestStringConvertible {
        var id: String
        var contact: String
        var lead: String?
        var activity: String
        var ticket: String?
        /// The sandbox objects the lead, the activity and the ticket land in.
        var sandbox: (lead: String?, activity: String, ticket: String?)
        /// Where in the stored activity (and ticket) the contact's CRM id is: the CRM's own link.
        var link: (activity: String, ticket: String?)
        var testDescription: String { id }
    }

    static let crms: [CRM] = [
        CRM(id: "hubspot", contact: "createContact", lead: "createLead", activity: "createCall", ticket: "createTicket", sandbox: ("leads", "calls", "tickets"),
            link: ("/_associations/0/id", "/_associations/0/id")),
        CRM(id: "salesforce", contact: "createContact", lead: "createLead", activity: "createTask", ticket: "createCase", sandbox: ("Lead", "Task", "Case"),
            link: ("/WhoId", "/ContactId")),
        CRM(id: "pipedrive", contact: "createPerson", lead: "createLead", activity: "createActivity", ticket: nil, sandbox: ("leads", "activities", nil),
            link: ("/participants/0/person_id", nil)),
        CRM(id: "zoho-crm", contact: "createContact", lead: "createLead", activity: "createCall", ticket: "createCase", sandbox: ("Leads", "Calls", "Cases"),
            link: ("/Who_Id/id", "/Related_To/id")),
        CRM(id: "copper", contact: "createPerson", lead: "createLead", activity: "createActivity", ticket: nil, sandbox: ("leads", "activities", nil),
            link: ("/parent/id", nil)),
    ]

    /// The text of the value at `pointer` in a stored record's fields.
    func linked(_ record: JSONValue, _ pointer: String) -> String? {
        guard let v = record["fields"]?.value(at: JSONPointer(tokens: pointer.split(separator: "/").map(String.init))) else { return nil }
        return v.stringValue ?? v.numberValue.map { JSONWriter.format(number: $0) }
    }

    func push(_ w: Workspace, _ tenant: Tenant, _ connector: String, _ action: String, _ records: [UniversalRecord]) async throws -> (PushPlan, [String]) {
        let target = try await w.pushTarget(connector: connector, action: action, tenant: tenant, requireCredential: true)
        let plan = try w.pushPlan(target, records: records, tenant: tenant)
        #expect(plan.sendable.count == records.count, "\(connector) \(action): \(plan.entries.map(\.problems))")
        guard !plan.sendable.isEmpty else { return (plan, []) }
        let run = try w.startPushRun(plan, tenant: tenant, source: "test", onlyValid: true)
        _ = try await w.pushExecutor(target, plan: plan).execute(run)
        let items = try w.stores().journal.items(run: run.id)
        #expect(items.compactMap(\.errorMessage).isEmpty, "\(connector) \(action): \(items.compactMap(\.errorMessage))")
        return (plan, items.compactMap(\.remoteID))
    }

    /// The acme records of `object` in the sandbox, as stored.
    func stored(_ t: TestWorkspace, _ connector: String, _ object: String) async throws -> [JSONValue] {
        let base = try #require(t.sandbox).baseURL.absoluteString
        let listed = try await t.transport.send(HTTPRequestValue(method: "GET", url: "\(base)/admin/records/\(connector)/\(object)?account=acme"))
        return try JSONParser.parse(listed.body)["results"]?.arrayValue ?? []
    }

    @Test("a lead, a call about a contact and a ticket from the contact are created, linked and read back", arguments: crms)
    func leadActivityTicket(_ crm: CRM) async throws {
        try await TestWorkspace.with("sbobj", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect(crm.id)
            let contact = UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "ada.obj@example.com"), ("contact_first_name", "Ada"),
                                                                                         ("contact_last_name", "Lovelace")]))
            let (_, contactIDs) = try await push(w, t.tenant, crm.id, crm.contact, [contact])
            let contactID = try #require(contactIDs.first)

            if let lead = crm.lead, let object = crm.sandbox.lead {
                let record = UniversalRecord(id: "ld-1", object: .lead, fields: JSONObject([
                    ("lead_email", "li.wei@northwind.example"), ("lead_first_name", "Li"), ("lead_last_name", "Wei"), ("lead_company", "Northwind Traders"),
                    ("lead_contact_id", "ct-1"),
                ]))
                let (_, ids) = try await push(w, t.tenant, crm.id, lead, [record])
                #expect(ids.count == 1)
                let leads = try await stored(t, crm.id, object)
                // HubSpot's lead has no email: its name, and its primary contact (578) as an association.
                #expect(leads.contains { JSONWriter.compact($0).contains("li.wei@northwind.example") || linked($0, "/person_id") == contactID
                            || (linked($0, "/hs_lead_name") == "Li Wei" && linked($0, "/_associations/0/id") == contactID) },
                        "\(leads.map { JSONWriter.compact($0) })")
            }

            let call = UniversalRecord(id: "ac-1", object: .activity, fields: JSONObject([
                ("activity_type", "call"), ("activity_subject", "Onboarding call"), ("activity_body", "Walked through the import."),
                ("activity_occurred_at", "2026-11-20T15:00:00Z"), ("activity_due_at", "2026-11-20T15:00:00Z"), ("activity_contact_id", "ct-1"),
            ]))
            let (_, callIDs) = try await push(w, t.tenant, crm.id, crm.activity, [call])
            let callID = try #require(callIDs.first, "the call was created")
            let calls = try await stored(t, crm.id, crm.sandbox.activity)
            let mine = try #require(calls.first { $0["id"]?.stringValue == callID })
            #expect(JSONWriter.compact(mine).contains("Walked through the import."), "\(JSONWriter.compact(mine))")
            #expect(linked(mine, crm.link.activity) == contactID, "the call names contact \(contactID): \(JSONWriter.compact(mine))")

            if let ticket = crm.ticket, let object = crm.sandbox.ticket {
                let record = UniversalRecord(id: "tk-1", object: .ticket, fields: JSONObject([
                    ("ticket_subject", "Import stops at row 1,204"), ("ticket_description", "A date error."),
                    ("ticket_status", crm.id == "hubspot" ? "1" : "New"), ("ticket_priority", crm.id == "hubspot" ? "high" : "High"), ("ticket_contact_id", "ct-1"),
                ]))
                let (_, ids) = try await push(w, t.tenant, crm.id, ticket, [record])
                let ticketID = try #require(ids.first)
                let found = try #require(try await stored(t, crm.id, object).first { $0["id"]?.stringValue == ticketID })
                #expect(JSONWriter.compact(found).contains("Import stops at row 1,204") && crm.link.ticket.map { linked(found, $0) } == contactID,
                        "\(JSONWriter.compact(found))")
            }
        }
    }

    @Test("HubSpot: a lead without its contact is refused in the plan and by the sandbox; a lead's stage must be one of the lead pipeline's")
    func hubspotLeadNeedsItsContact() async throws {
        try await TestWorkspace.with("sbobj", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            try await t.connect("hubspot")
            let lead = UniversalRecord(id: "ld-1", object: .lead, fields: JSONObject([("lead_first_name", "Li"), ("lead_last_name", "Alone")]))
            let target = try await t.workspace.pushTarget(connector: "hubspot", action: "createLead", tenant: t.tenant, requireCredential: true)
            let plan = try t.workspace.pushPlan(target, records: [lead], tenant: t.tenant)
            #expect(plan.sendable.isEmpty && plan.entries[0].problems.contains { $0.contains("associations") }, "\(plan.entries[0].problems)")
            let token = try await t.mintToken("hubspot")
            let base = try #require(t.sandbox).baseURL.absoluteString + "/hubspot"
            let headers = [HTTPHeaderField("Authorization", "Bearer \(token)"), HTTPHeaderField("Content-Type", "application/json")]
            let direct = try await t.transport.send(HTTPRequestValue(method: "POST", url: base + "/crm/v3/objects/leads", headers: headers,
                                                                     body: Data(#"{"properties": {"hs_lead_name": "Li Alone"}}"#.utf8)))
            #expect(direct.status == 400 && direct.text.contains("associated with an existing contact"), "\(direct.text)")
            let pipelines = try await t.transport.send(HTTPRequestValue(method: "GET", url: base + "/crm/v3/pipelines/leads", headers: headers))
            #expect(pipelines.status == 200 && pipelines.text.contains("qualified-stage-id"), "\(pipelines.text)")
            _ = try await t.workspace.refreshSchema(tenant: t.tenant, connector: "hubspot")
            let stages = try #require(try t.workspace.tenantSchemas(tenant: t.tenant, connector: "hubspot")[.lead]).pipelines
            #expect(stages.first?.stages.map(\.id).contains("connected-stage-id") == true, "\(stages)")
        }
    }

    @Test("HubSpot: a note without its time (hs_timestamp) is refused in the plan and nothing is sent; the sandbox refuses it too")
    func engagementNeedsItsTime() async throws {
        try await TestWorkspace.with("sbobj", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            try await t.connect("hubspot")
            let note = UniversalRecord(id: "nt-1", object: .activity, fields: JSONObject([("activity_type", "note"), ("activity_body", "Called back.")]))
            let target = try await t.workspace.pushTarget(connector: "hubspot", action: "createNote", tenant: t.tenant, requireCredential: true)
            let plan = try t.workspace.pushPlan(target, records: [note], tenant: t.tenant)
            #expect(plan.sendable.isEmpty && plan.entries[0].problems.contains { $0.contains("hs_timestamp") }, "\(plan.entries[0].problems)")
            let token = try await t.mintToken("hubspot")
            let base = try #require(t.sandbox).baseURL.absoluteString + "/hubspot"
            let direct = try await t.transport.send(HTTPRequestValue(method: "POST", url: base + "/crm/v3/objects/notes",
                                                                     headers: [HTTPHeaderField("Authorization", "Bearer \(token)"), HTTPHeaderField("Content-Type", "application/json")],
                                                                     body: Data(#"{"properties": {"hs_note_body": "Called back."}}"#.utf8)))
            #expect(direct.status == 400 && direct.text.contains("REQUIRED_PROPERTY") && direct.text.contains("hs_timestamp"), "\(direct.text)")
        }
    }

    @Test("HubSpot: with the account's schema read, each engagement keeps its own fields (tasks, notes, calls, meetings and emails are all activities)")
    func eachEngagementItsOwnSchema() async throws {
        try await TestWorkspace.with("sbobj", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            try await t.connect("hubspot")
            let refresh = try await t.workspace.refreshSchema(tenant: t.tenant, connector: "hubspot")
            #expect(Set(refresh.objects.map(\.resourceID)).isSuperset(of: ["tasks", "notes", "calls", "meetings", "emails"]))
            let activity = UniversalRecord(id: "ac-1", object: .activity, fields: JSONObject([
                ("activity_subject", "Follow up"), ("activity_body", "Send the mapping."), ("activity_occurred_at", "2026-12-01T10:00:00Z"),
                ("activity_due_at", "2026-12-02T10:00:00Z"), ("activity_status", "not_started"),
            ]))
            for action in ["createTask", "createNote", "createCall", "createMeeting", "createEmail"] {
                let target = try await t.workspace.pushTarget(connector: "hubspot", action: action, tenant: t.tenant, requireCredential: true)
                let plan = try t.workspace.pushPlan(target, records: [activity], tenant: t.tenant)
                #expect(plan.entries[0].problems.isEmpty, "\(action): \(plan.entries[0].problems)")
            }
            let manifest = try t.workspace.manifest("hubspot")
            let notesResource = try #require(manifest.resources.first { $0.id == "notes" })
            let notes = try #require(t.workspace.tenantSchema(tenant: t.tenant, manifest: manifest, resource: notesResource))
            #expect(notes.field("hs_note_body") != nil && notes.field("hs_task_subject") == nil, "the notes' own fields")
        }
    }
}
