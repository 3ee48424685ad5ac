import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Sync for every CRM from its manifest's `syncObjects` against the sandbox: each CRM's
/// updated-since filter (`minimum_modified_date`, `updated_since`, `If-Modified-Since`, SOQL
/// `LastModifiedDate >`, HubSpot's `lastmodifieddate GTE`) and paging, edits on both sides, and a
/// conflict when both change the same field.
@Suite("Sync with every CRM", .serialized)
struct CRMSyncTests {
    /// A phone number as the CRM's contact object stores it (what a CRM user's edit sends).
    static func remotePhone(_ connector: String, _ phone: String) -> (field: String, value: String) {
        switch connector {
        case "copper": return ("phone_numbers", #"[{"number": "\#(phone)", "category": "work"}]"#)
        case "pipedrive": return ("phones", #"[{"value": "\#(phone)", "primary": true, "label": "work"}]"#)
        case "hubspot": return ("phone", phone)
        default: return ("Phone", phone)
        }
    }

    @Test("first sync creates in the CRM; a local edit goes out, a CRM edit comes in, the same field changed on both sides is one conflict",
          arguments: ["copper", "pipedrive", "zoho-crm", "salesforce", "hubspot"])
    func bothSides(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let records = LocalRecordStore(store: b.store)
            let queue = ConflictQueue(store: b.store)
            func sync() async throws -> SyncReport {
                try await Task.sleep(nanoseconds: 5_000_000)
                return try await SyncEngine(connector: b.manifest, object: .contact, tenantID: b.tenant.id, store: b.store, transport: b.transport,
                                            access: StaticAccess(.init(accessToken: b.token)), limiter: RateLimiter(limit: nil, window: 1),
                                            retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)).run()
            }
            let rows = [("ada@example.com", "Ada"), ("bob@example.com", "Bob"), ("cy@example.com", "Cy")]
            _ = try records.importRecords(rows.enumerated().map { i, row in
                UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string(row.0)), ("contact_first_name", .string(row.1)),
                                                                      ("contact_last_name", "Tester"), ("contact_phone", .string("+1 555 010\(i)"))]))
            }, object: .contact, tenantID: b.tenant.id, file: "test")
            let first = try await sync()
            #expect(first.run.counts.createdRemote == 3 && first.failures.isEmpty, "\(first.run.counts) \(first.failures)")
            func local(_ email: String) throws -> LocalRecord { try #require(try records.find(naturalKey: email, tenantID: b.tenant.id, object: .contact).first) }
            func remoteID(_ email: String) throws -> String {
                try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: connector, object: .contact, localID: try local(email).id))
            }
            try SyncStore(store: b.store).setStrategy(.manual, field: nil, tenantID: b.tenant.id, connectorID: connector, object: .contact)

            try await Task.sleep(nanoseconds: 5_000_000)
            try records.update(try local("bob@example.com").id, tenantID: b.tenant.id, changes: [("contact_phone", "+1 555 0201")])
            try records.update(try local("ada@example.com").id, tenantID: b.tenant.id, changes: [("contact_phone", "+1 555 0300")])
            for (email, phone) in [("cy@example.com", "+1 555 0202"), ("ada@example.com", "+1 555 0301")] {
                let edit = Self.remotePhone(connector, phone)
                let response = try await b.transport.send(HTTPRequestValue(
                    method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/\(connector)/\(b.contactObject)/\(try remoteID(email))",
                    headers: [HTTPHeaderField("Content-Type", "application/json")],
                    body: Data(JSONWriter.compact(["fields": [edit.field: .string(edit.value)]]).utf8)))
                #expect(response.status == 200, "\(response.text)")
            }
            let second = try await sync()
            #expect(second.failures.isEmpty, "\(second.failures)")
            #expect(second.run.counts.updatedRemote == 1 && second.run.counts.updatedLocal == 1 && second.run.counts.conflicts == 1, "\(second.run.counts)")
            #expect(try local("cy@example.com").value("contact_phone")?.stringValue == "+1 555 0202", "the CRM edit came in")
            let bob = try await b.call("GET", CRMPushTests.recordPath(connector, try remoteID("bob@example.com")))
            #expect(bob.text.contains("+1 555 0201"), "the local edit went out: \(bob.text)")
            let open = try queue.list(tenantID: b.tenant.id)
            #expect(open.count == 1 && open.first?.fields.first?.local == "+1 555 0300" && open.first?.fields.first?.remote == "+1 555 0301", "\(open)")
            let third = try await sync()
            let stillOpen = try queue.list(tenantID: b.tenant.id).count
            #expect(third.run.counts.updatedRemote == 0 && third.run.counts.updatedLocal == 0 && stillOpen == 1, "nothing new: \(third.run.counts)")
        }
    }
}

/// Associations through sync: a local contact naming its local company goes to the CRM with the
/// company's CRM id; one naming a company that is not in the CRM waits and says why.
@Suite("Sync with associations", .serialized)
struct AssociationSyncTests {
    @Test("Pipedrive: the person is created in the company's organization; a person whose company is not there waits; a move in the CRM comes back as our company id")
    func pipedrivePersonInOrganization() async throws {
        try await CRMBench.with("pipedrive") { b in
            let records = LocalRecordStore(store: b.store)
            func sync(_ object: UniversalObject) async throws -> SyncReport {
                try await SyncEngine(connector: b.manifest, object: object, tenantID: b.tenant.id, store: b.store, transport: b.transport,
                                     access: StaticAccess(.init(accessToken: b.token)), limiter: RateLimiter(limit: nil, window: 1),
                                     retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)).run(direction: .toCRM)
            }
            _ = try records.importRecords([UniversalRecord(id: "co-1", object: .company, fields: JSONObject([("company_name", "Widgets Ltd"), ("company_domain", "widgets.example")]))],
                                          object: .company, tenantID: b.tenant.id, file: "test")
            let companies = try await sync(.company)
            #expect(companies.failures.isEmpty, "\(companies.failures)")
            let orgID = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "pipedrive", object: .company, localID: "co-1"))
            _ = try records.importRecords([
                UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "ada.org@example.com"), ("contact_first_name", "Ada"),
                                                                                  ("contact_last_name", "Lovelace"), ("contact_company_id", "co-1")])),
                UniversalRecord(id: "ct-2", object: .contact, fields: JSONObject([("contact_email", "bob.org@example.com"), ("contact_first_name", "Bob"),
                                                                                  ("contact_last_name", "Stone"), ("contact_company_id", "co-404")])),
            ], object: .contact, tenantID: b.tenant.id, file: "test")
            let contacts = try await sync(.contact)
            #expect(contacts.failures.count == 1 && contacts.failures.first?.message.contains("contact_company_id co-404") == true, "\(contacts.failures)")
            let personID = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "pipedrive", object: .contact, localID: "ct-1"))
            let person = try await b.call("GET", "/api/v2/persons/\(personID)")
            #expect(person.text.contains("\"org_id\":\(orgID)") || person.text.contains("\"org_id\": \(orgID)"), "\(person.text)")

            // The way back: a CRM user moves the person to another organization that is ours too.
            _ = try records.importRecords([UniversalRecord(id: "co-2", object: .company, fields: JSONObject([("company_name", "Gears Inc"), ("company_domain", "gears.example")]))],
                                          object: .company, tenantID: b.tenant.id, file: "test")
            #expect(try await sync(.company).failures.isEmpty)
            let otherOrg = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "pipedrive", object: .company, localID: "co-2"))
            try await Task.sleep(nanoseconds: 5_000_000)
            let moved = try await b.transport.send(HTTPRequestValue(
                method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/pipedrive/persons/\(personID)",
                headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(#"{"fields": {"org_id": \#(otherOrg)}}"#.utf8)))
            #expect(moved.status == 200, "\(moved.text)")
            let pulled = try await SyncEngine(connector: b.manifest, object: .contact, tenantID: b.tenant.id, store: b.store, transport: b.transport,
                                              access: StaticAccess(.init(accessToken: b.token)), limiter: RateLimiter(limit: nil, window: 1),
                                              retry: RetryPolicy(maxAttempts: 4, baseDelay: 0.01, maxDelay: 0.05)).run(direction: .fromCRM)
            #expect(pulled.run.counts.updatedLocal >= 1, "\(pulled.run.counts) \(pulled.failures)")
            let ada = try #require(try records.get("ct-1", tenantID: b.tenant.id, object: .contact))
            #expect(ada.value("contact_company_id")?.stringValue == "co-2", "the CRM's organization comes back as our company id: \(ada.fields)")
        }
    }
}

/// HubSpot's search does not return associations: sync reads them beside each page through the v4
/// associations batch read (the sync object's `associations`), so a contact's company and a deal's
/// company and contacts come back as our ids.
@Suite("Sync reads HubSpot associations", .serialized)
struct HubSpotAssociationSyncTests {
    @Test("contacts and deals made in HubSpot come back with their company and contacts as our ids; one with none has none")
    func associationsComeBack() async throws {
        try await CRMBench.with("hubspot") { b in
            let records = LocalRecordStore(store: b.store)
            func sync(_ object: UniversalObject, _ direction: SyncDirection) async throws -> SyncReport { try await b.sync(object, direction) }
            _ = try records.importRecords([
                UniversalRecord(id: "co-1", object: .company, fields: JSONObject([("company_name", "Widgets Ltd"), ("company_domain", "widgets.example")])),
                UniversalRecord(id: "co-2", object: .company, fields: JSONObject([("company_name", "Gears Inc"), ("company_domain", "gears.example")])),
            ], object: .company, tenantID: b.tenant.id, file: "test")
            #expect(try await sync(.company, .toCRM).failures.isEmpty)
            _ = try records.importRecords([
                UniversalRecord(id: "ct-1", object: .contact, fields: JSONObject([("contact_email", "ada@example.com"), ("contact_first_name", "Ada"),
                                                                                  ("contact_last_name", "Lovelace"), ("contact_company_id", "co-1")])),
            ], object: .contact, tenantID: b.tenant.id, file: "test")
            let pushed = try await sync(.contact, .toCRM)
            #expect(pushed.failures.isEmpty && pushed.run.counts.createdRemote == 1, "\(pushed.run.counts) \(pushed.failures)")
            func link(_ object: UniversalObject, _ id: String) throws -> String {
                try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "hubspot", object: object, localID: id))
            }
            let (gears, widgets, ada) = (try link(.company, "co-2"), try link(.company, "co-1"), try link(.contact, "ct-1"))

            // Made by a HubSpot user: a contact at Gears, a contact with no company, a deal with Widgets and Ada.
            func create(_ path: String, _ body: String) async throws {
                let r = try await b.call("POST", path, body: try JSONParser.parse(Data(body.utf8)))
                #expect(r.status == 201, "\(r.text)")
            }
            try await create("/crm/v3/objects/contacts", #"{"properties": {"email": "cy@example.com", "firstname": "Cy"}, "associations": [{"to": {"id": "\#(gears)"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]}]}"#)
            try await create("/crm/v3/objects/contacts", #"{"properties": {"email": "dee@example.com", "firstname": "Dee"}}"#)
            try await create("/crm/v3/objects/deals", #"{"properties": {"dealname": "Widgets renewal", "dealstage": "appointmentscheduled", "pipeline": "default"}, "associations": [{"to": {"id": "\#(widgets)"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 341}]}, {"to": {"id": "\#(ada)"}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}]}]}"#)
            _ = try await b.transport.send(HTTPRequestValue(method: "DELETE", url: b.sandbox.baseURL.absoluteString + "/admin/requests"))

            let contacts = try await sync(.contact, .fromCRM)
            #expect(contacts.failures.isEmpty && contacts.run.counts.createdLocal == 2, "\(contacts.run.counts) \(contacts.failures)")
            func localByEmail(_ email: String) throws -> LocalRecord { try #require(try records.find(naturalKey: email, tenantID: b.tenant.id, object: .contact).first) }
            #expect(try localByEmail("cy@example.com").value("contact_company_id")?.stringValue == "co-2", "Gears in HubSpot is our co-2")
            #expect(try localByEmail("dee@example.com").value("contact_company_id") == nil, "no company")
            #expect(try localByEmail("ada@example.com").value("contact_company_id")?.stringValue == "co-1", "unchanged")
            let deals = try await sync(.deal, .fromCRM)
            #expect(deals.failures.isEmpty && deals.run.counts.createdLocal == 1, "\(deals.run.counts) \(deals.failures)")
            let deal = try #require(try records.list(tenantID: b.tenant.id, object: .deal).first)
            #expect(deal.value("deal_company_id")?.stringValue == "co-1" && deal.value("deal_contact_ids") == .array(["ct-1"]), "\(deal.fields)")
            let log = try await b.transport.send(HTTPRequestValue(method: "GET", url: b.sandbox.baseURL.absoluteString + "/admin/requests")).text
            for path in ["/crm/v4/associations/contacts/companies/batch/read", "/crm/v4/associations/deals/companies/batch/read",
                         "/crm/v4/associations/deals/contacts/batch/read"] {
                #expect(log.contains(path), "read beside the search: \(path)")
            }
        }
    }
}

/// Activities sync like contacts: a local task goes to the CRM linked to its contact, and an
/// edit made in the CRM comes back.
@Suite("Sync activities at every CRM", .serialized)
struct ActivitySyncTests {
    /// The sandbox object of the synced activity and its subject field, per CRM.
    static let crms: [(String, String, String)] = [
        ("hubspot", "tasks", "hs_task_subject"), ("salesforce", "Task", "Subject"), ("pipedrive", "activities", "subject"),
        ("zoho-crm", "Tasks", "Subject"), ("copper", "tasks", "name"),
    ]

    @Test("a local task goes out linked to its contact; a subject changed in the CRM comes back", arguments: crms)
    func activities(_ crm: (String, String, String)) async throws {
        let (connector, object, subjectField) = crm
        try await CRMBench.with(connector) { b in
            let records = LocalRecordStore(store: b.store)
            let sync = b.syncLater
            #expect(try await b.contactOut(email: "ada.sync@example.com", first: "Ada", last: "Lovelace"))
            _ = try records.importRecords([UniversalRecord(id: "ac-1", object: .activity, fields: JSONObject([
                ("activity_type", "task"), ("activity_subject", "Send the mapping"), ("activity_body", "Custom fields first."),
                ("activity_due_at", "2026-12-10T09:00:00Z"), ("activity_occurred_at", "2026-12-10T09:00:00Z"), ("activity_contact_id", "ct-1")]))],
                object: .activity, tenantID: b.tenant.id, file: "test")
            let out = try await sync(.activity, .both)
            #expect(out.failures.isEmpty && out.run.counts.createdRemote == 1, "\(out.run.counts) \(out.failures)")
            let remoteID = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: connector, object: .activity, localID: "ac-1"))
            let edit = try await b.transport.send(HTTPRequestValue(
                method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/\(connector)/\(object)/\(remoteID)",
                headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(JSONWriter.compact(["fields": [subjectField: "Send the mapping today"]]).utf8)))
            #expect(edit.status == 200, "\(edit.text)")
            let back = try await sync(.activity, .both)
            #expect(back.failures.isEmpty && back.run.counts.updatedLocal == 1, "\(back.run.counts) \(back.failures)")
            let local = try #require(try records.get("ac-1", tenantID: b.tenant.id, object: .activity))
            #expect(local.value("activity_subject")?.stringValue == "Send the mapping today", "\(local.fields)")
            #expect(local.value("activity_contact_id")?.stringValue == "ct-1", "the contact link stays: \(local.fields)")
        }
    }
}

@Suite("Sync Pipedrive leads (no changed-since filter)", .serialized)
struct PipedriveLeadSyncTests {
    @Test("a local lead goes out; a title changed in Pipedrive comes back; a pass with no change pulls no lead although every page is read")
    func leads() async throws {
        try await CRMBench.with("pipedrive") { b in
            let records = LocalRecordStore(store: b.store)
            let sync = b.syncLater
            #expect(try await b.contactOut(email: "lead.sync@example.com", first: "Lea", last: "Sync"))
            _ = try records.importRecords([UniversalRecord(id: "ld-1", object: .lead, fields: JSONObject([
                ("lead_email", "lead.sync@example.com"), ("lead_first_name", "Lea"), ("lead_last_name", "Sync"), ("lead_company", "Sync Ltd"),
                ("lead_contact_id", "ct-1")]))], object: .lead, tenantID: b.tenant.id, file: "test")
            let out = try await sync(.lead, .both)
            #expect(out.failures.isEmpty && out.run.counts.createdRemote == 1, "\(out.run.counts) \(out.failures)")
            let quiet = try await sync(.lead, .fromCRM)
            #expect(quiet.failures.isEmpty && quiet.run.counts.updatedLocal == 0 && quiet.run.counts.createdLocal == 0, "\(quiet.run.counts)")
            let remoteID = try #require(try b.journal.link(tenantID: b.tenant.id, connectorID: "pipedrive", object: .lead, localID: "ld-1"))
            try await Task.sleep(nanoseconds: 1_100_000_000)  // Pipedrive's v1 times are to the second
            let edit = try await b.transport.send(HTTPRequestValue(
                method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/pipedrive/leads/\(remoteID)",
                headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(JSONWriter.compact(["fields": ["title": "Sync Ltd (renewal)"]]).utf8)))
            #expect(edit.status == 200, "\(edit.text)")
            let back = try await sync(.lead, .both)
            #expect(back.failures.isEmpty && back.run.counts.updatedLocal == 1, "\(back.run.counts) \(back.failures)")
        }
    }
}
