import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Exactly once for companies and deals at every CRM: their key (a company's name, a deal's name)
/// is not unique, so an interrupted create is looked up by name among the records created since
/// the run started (the manifest's `duplicateSearch`: HubSpot's search with `createdate GTE`,
/// Salesforce's SOQL with `CreatedDate >=`, Copper's and Zoho's searches with each result's
/// creation time, Pipedrive's list of what changed since). A record of that name created before
/// the run, or one the run created for another record, is never taken.
@Suite("Companies and deals once at every CRM under faults", .serialized)
struct KeylessRecoveryTests {
    static let connectors = ["hubspot", "salesforce", "copper", "pipedrive", "zoho-crm"]

    /// The sandbox's object and name field for companies and deals of each CRM.
    static func sandboxObject(_ connector: String, _ object: UniversalObject) -> (name: String, field: String) {
        switch (connector, object) {
        case ("hubspot", .company): ("companies", "name")
        case ("hubspot", _): ("deals", "dealname")
        case ("salesforce", .company): ("Account", "Name")
        case ("salesforce", _): ("Opportunity", "Name")
        case ("copper", .company): ("companies", "name")
        case ("copper", _): ("opportunities", "name")
        case ("pipedrive", .company): ("organizations", "name")
        case ("pipedrive", _): ("deals", "title")
        case ("zoho-crm", .company): ("Accounts", "Account_Name")
        default: ("Deals", "Deal_Name")
        }
    }

    /// `n` companies with distinct names, or `n` deals whose names come twice (as renewals do).
    static func records(_ n: Int, _ object: UniversalObject, connector: String) -> [UniversalRecord] {
        let stage: JSONValue = switch connector {
        case "zoho-crm": "Qualification"
        case "hubspot": "appointmentscheduled"
        case "salesforce": "Prospecting"
        default: "2"
        }
        return (0..<n).map { i in
            if object == .company {
                return UniversalRecord(id: "co-\(i)", object: .company, fields: JSONObject([("company_name", .string("Company \(i)")),
                                                                                           ("company_domain", .string("company\(i).example"))]))
            }
            return UniversalRecord(id: "dl-\(i)", object: .deal, fields: JSONObject([
                ("deal_name", .string("Renewal \(i % (n / 2))")), ("deal_amount", .number(Double(1000 + i))), ("deal_stage", stage),
                ("deal_close_date", "2026-12-31"),
            ]))
        }
    }

    /// Name → ids of the acme records of `object` in the sandbox.
    static func byName(_ b: CRMBench, _ object: UniversalObject) async throws -> [String: [String]] {
        let (name, field) = sandboxObject(b.connectorID, object)
        let response = try await b.transport.send(HTTPRequestValue(method: "GET", url: b.sandbox.baseURL.absoluteString + "/admin/records/\(b.connectorID)/\(name)?account=acme"))
        guard response.status == 200 else { throw BenchError("listing \(name): \(response.status) \(response.text)") }
        var out: [String: [String]] = [:]
        for r in try JSONParser.parse(response.body)["results"]?.arrayValue ?? [] {
            guard let id = r["id"]?.stringValue, let n = r["fields"]?[field]?.stringValue else { continue }
            out[n, default: []].append(id)
        }
        return out
    }

    /// Creates one record of `object` named `name` through the connector's create action, dated a year back.
    static func existing(_ b: CRMBench, _ object: UniversalObject, _ record: UniversalRecord) async throws -> String {
        let create = try #require(b.manifest.actions(for: object, .create).first { !$0.isBatch })
        let run = try b.run([record], action: create)
        let report = try await b.executor(create, useBatch: false).execute(run)
        let item = try #require(try b.journal.items(run: run.id).first)
        #expect(report.tally.succeeded == 1, "\(item.errorMessage ?? "-")")
        let id = try #require(item.remoteID)
        // Not one of the tenant's records: no link, and created long before the next run.
        try await b.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
        let name = sandboxObject(b.connectorID, object).name
        let response = try await b.transport.send(HTTPRequestValue(method: "PATCH", url: b.sandbox.baseURL.absoluteString + "/admin/records/\(b.connectorID)/\(name)/\(id)",
                                                                   headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                   body: Data(#"{"createdAt": "2025-06-01T09:00:00Z"}"#.utf8)))
        #expect(response.status == 200, "backdated: \(response.text)")
        return id
    }

    @Test("100 records, 12 % of requests failing (half after commit, drops too): each created once; an older record of the same name is left alone",
          arguments: connectors, [UniversalObject.company, .deal])
    func faultRun(_ connector: String, _ object: UniversalObject) async throws {
        try await CRMBench.with(connector) { b in
            let records = Self.records(100, object, connector: connector)
            var older = records[7]
            older.id = "someone-else"
            let olderID = try await Self.existing(b, object, older)
            let create = try #require(b.manifest.actions(for: object, .create).first { !$0.isBatch })
            let faulty = FaultScheduleTransport(inner: b.transport, sandbox: b.sandbox.baseURL, connector: connector)
            let run = try b.run(records, action: create)
            let report = try await b.executor(create, transport: faulty, useBatch: false).execute(run)
            let items = try b.journal.items(run: run.id)
            #expect(report.tally.succeeded == 100, "\(report.tally): \(Set(items.compactMap(\.errorMessage)))")
            #expect(faulty.armed["errorAfterCommit", default: 0] + faulty.armed["dropAfterCommit", default: 0] >= 4, "\(faulty.armed)")
            #expect(report.recovered > 0, "writes that happened despite the fault were found by name, not repeated")
            let inSandbox = try await Self.byName(b, object)
            let all = inSandbox.values.flatMap { $0 }
            #expect(all.count == 101, "100 of the run and the older one: \(all.count)")
            let links = items.compactMap(\.remoteID)
            #expect(Set(links).count == 100 && !links.contains(olderID), "each record its own CRM record, never the older one")
            #expect(Set(links).union([olderID]) == Set(all), "every record in the CRM is one of ours or the older one")
        }
    }

    @Test("after a crash between sending and recording, a resume finds the written deals by name: two of one name stay two, last year's is left alone",
          arguments: connectors)
    func resumeAfterCrash(_ connector: String) async throws {
        try await CRMBench.with(connector) { b in
            let records = Self.records(20, .deal, connector: connector)  // "Renewal 0" … "Renewal 9", each twice
            var older = records[3]
            older.id = "someone-else"
            let olderID = try await Self.existing(b, .deal, older)  // a third "Renewal 3", from last year
            let create = try #require(b.manifest.actions(for: .deal, .create).first { !$0.isBatch })
            let run = try b.run(records, action: create)
            // The crashed process had sent the first 13 (its own run, so their links are lost with it).
            let sent = try b.run(Array(records.prefix(13)), action: create)
            _ = try await b.executor(create, useBatch: false).execute(sent)
            try b.journal.markSending(run: run.id, positions: Array(0..<15))
            try await b.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
            let report = try await b.executor(create, useBatch: false).execute(run)
            #expect(report.tally.succeeded == 20, "\(report.tally)")
            #expect(report.recovered == 13, "the 13 written ones are found and linked: \(report.recovered)")
            let inSandbox = try await Self.byName(b, .deal)
            #expect(inSandbox.count == 10 && inSandbox.allSatisfy { $0.value.count == ($0.key == "Renewal 3" ? 3 : 2) },
                    "each name twice, and last year's Renewal 3: \(inSandbox.mapValues(\.count))")
            let links = try b.journal.items(run: run.id).compactMap(\.remoteID)
            #expect(Set(links).count == 20 && !links.contains(olderID), "20 distinct links, none to last year's deal")
        }
    }
}
