import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Copper, Pipedrive and Zoho through the same push engine as HubSpot, against the sandbox's
/// strict copies of their APIs: what the manifests send is what those APIs take.
@Suite("Push to Copper, Pipedrive and Zoho", .serialized)
struct CRMPushTests {
    /// Where one record is read back, relative to the connector's API base.
    static func recordPath(_ connector: String, _ id: String) -> String {
        switch connector {
        case "copper": return "/people/\(id)"
        case "pipedrive": return "/api/v2/persons/\(id)"
        case "salesforce": return "/services/data/v62.0/sobjects/Contact/\(id)"
        case "hubspot": return "/crm/v3/objects/contacts/\(id)?properties=phone,email"
        default: return "/crm/v8/Contacts/\(id)"
        }
    }

    @Test("create one by one, read back, update, and list every page through the sync object", arguments: ["copper", "pipedrive", "zoho-crm"])
    func createReadUpdateList(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let people = contacts(5, prefix: "\(connector)-crud")
            let run = try b.run(people, action: b.createContact)
            let report = try await b.executor(b.createContact, useBatch: false).execute(run)
            let createErrors = try b.journal.items(run: run.id).compactMap(\.errorMessage)
            #expect(report.tally.succeeded == 5, "\(report.tally) \(createErrors)")
            let ids = try b.journal.items(run: run.id).compactMap(\.remoteID)
            #expect(Set(ids).count == 5)
            let first = try await b.call("GET", Self.recordPath(connector, ids[0]))
            #expect(first.status == 200 && first.text.contains("\(connector)-crud0@example.com"), "\(first.status) \(first.text)")

            let renamed = people.map { r -> UniversalRecord in
                var copy = r
                copy.fields["contact_first_name"] = .string("Renamed" + (r.value("contact_first_name")?.stringValue ?? ""))
                return copy
            }
            let update = try b.run(renamed, action: b.updateContact)
            let updated = try await b.executor(b.updateContact, useBatch: false).execute(update)
            let updateErrors = try b.journal.items(run: update.id).compactMap(\.errorMessage)
            #expect(updated.tally.succeeded == 5, "\(updated.tally) \(updateErrors)")
            let again = try await b.call("GET", Self.recordPath(connector, ids[0]))
            #expect(again.text.contains("RenamedFirst0"), "\(again.text)")

            var spec = try #require(b.manifest.syncObject(for: .contact))
            spec.paging.pageSize = 2
            let puller = try RemotePuller(connector: b.manifest, spec: spec, transport: b.transport, access: StaticAccess(.init(accessToken: b.token)),
                                          limiter: RateLimiter(limit: nil, window: 1))
            let pulled = try await puller.pull(since: nil)
            #expect(Set(pulled.records.map(\.id)) == Set(ids), "every record, once: \(pulled.records.map(\.id))")
            #expect(pulled.requests >= 3, "pages of 2: \(pulled.requests) requests")
        }
    }

    @Test("a company and a deal through each CRM's default mapping", arguments: ["copper", "pipedrive", "zoho-crm"])
    func companyAndDeal(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let company = UniversalRecord(object: .company, fields: JSONObject([("company_name", "Northwind Traders"), ("company_domain", "northwind.example"),
                                                                                ("company_website", "https://northwind.example")]))
            let createCompany = try #require(b.manifest.actions(for: .company, .create).first { !$0.isBatch })
            let companyRun = try b.run([company], action: createCompany)
            let companyReport = try await b.executor(createCompany, useBatch: false).execute(companyRun)
            let companyItems = try b.journal.items(run: companyRun.id)
            #expect(companyReport.tally.succeeded == 1, "\(companyItems.map { $0.errorMessage ?? "-" })")
            let stage: JSONValue = connector == "zoho-crm" ? "Qualification" : "2"
            let deal = UniversalRecord(object: .deal, fields: JSONObject([("deal_name", "Northwind renewal"), ("deal_amount", 45000), ("deal_stage", stage),
                                                                          ("deal_close_date", "2026-06-30"), ("deal_probability", 40)]))
            let createDeal = try #require(b.manifest.actions(for: .deal, .create).first { !$0.isBatch })
            let dealRun = try b.run([deal], action: createDeal)
            let dealReport = try await b.executor(createDeal, useBatch: false).execute(dealRun)
            let dealItems = try b.journal.items(run: dealRun.id)
            #expect(dealReport.tally.succeeded == 1, "\(dealItems.map { $0.errorMessage ?? "-" })")
        }
    }

    @Test("a refused token stops the run with INVALID_CREDENTIAL in each CRM's own 401 shape", arguments: ["copper", "pipedrive", "zoho-crm"])
    func refusedToken(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let run = try b.run(contacts(2, prefix: "denied"), action: b.createContact)
            let executor = PushExecutor(connector: b.manifest, action: b.createContact, mapping: .defaults(b.manifest, actionId: b.createContact.id),
                                        transport: b.transport, access: StaticAccess(.init(accessToken: "sbx-\(connector)-at-not-a-token")), journal: b.journal)
            await #expect(throws: PushStop.self) { try await executor.execute(run) }
            #expect(try await b.contactsByEmail().isEmpty)
        }
    }

    @Test("Zoho: batches of 100 in {data: [...]}, a result per record; a batch update by id")
    func zohoBatches() async throws {
        try await CRMBench.with("zoho-crm") { b in
            let people = contacts(250, prefix: "zoho-batch")
            let run = try b.run(people, action: b.createContact)
            let report = try await b.executor(b.createContact).execute(run)
            #expect(report.tally.succeeded == 250, "\(report.tally)")
            #expect(report.requests == 3, "three batches: \(report.requests)")
            let inZoho = try await b.contactsByEmail()
            let items = try b.journal.items(run: run.id)
            for item in items {
                let email = people[item.position].value("contact_email")?.stringValue ?? ""
                #expect(inZoho[email] == [item.remoteID ?? "-"], "\(email) linked to its own record")
            }
            let renamed = people.map { r -> UniversalRecord in
                var copy = r
                copy.fields["contact_last_name"] = "Batched"
                return copy
            }
            let update = try b.run(renamed, action: b.updateContact)
            let updated = try await b.executor(b.updateContact).execute(update)
            #expect(updated.tally.succeeded == 250 && updated.requests == 3, "\(updated.tally), \(updated.requests) requests")
            let one = try await b.call("GET", Self.recordPath("zoho-crm", items[7].remoteID ?? ""))
            #expect(one.text.contains(#""Last_Name":"Batched""#), "\(one.text)")
        }
    }

    @Test("Zoho: a contact whose email exists answers DUPLICATE_DATA with the existing id, and the push links it")
    func zohoDuplicateData() async throws {
        try await CRMBench.with("zoho-crm") { b in
            // Someone created the contact in Zoho already.
            let made = try await b.call("POST", "/crm/v8/Contacts", body: ["data": [["Last_Name": "Tester", "Email": "Dup0@Example.com"]]])
            let existing = try #require(try JSONParser.parse(made.body)["data"]?[0]?["details"]?["id"]?.stringValue, "\(made.text)")
            var again = contacts(1, prefix: "dup")[0]
            again.fields["contact_first_name"] = "Other"
            let second = try b.run([again], action: b.createContact)
            let report = try await b.executor(b.createContact, useBatch: false).execute(second)
            let item = try #require(try b.journal.items(run: second.id).first)
            #expect(report.tally.succeeded == 1 && item.remoteID == existing && item.errorCode == "CONFLICT", "\(item) \(report.tally)")
            #expect(try await b.contactsByEmail().values.allSatisfy { $0.count == 1 })
        }
    }
}
