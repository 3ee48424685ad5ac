import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Salesforce composite collections and queries")
struct SalesforceCollectionsAndQueryTests {
    let v = "/salesforce/services/data/v62.0"

    static func contacts(_ n: Int) -> [JSONValue] {
        (0..<n).map { ["attributes": ["type": "Contact"], "LastName": .string("C\($0)")] }
    }

    @Test("composite create without allOrNone writes the valid records and reports each result in order")
    func partial() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let records: JSONValue = .array(Self.contacts(2) + [["attributes": ["type": "Contact"], "FirstName": "NoLast"]])
            let answer = try await h.send(.POST, "\(v)/composite/sobjects", json: ["allOrNone": false, "records": records], token: token)
            #expect(answer.status == 200)
            let results = try #require(answer.json.arrayValue)
            #expect(results.map { $0["success"] } == [true, true, false])
            #expect(results[2]["errors"]?[0]?["statusCode"] == "REQUIRED_FIELD_MISSING")
            let count = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape("SELECT Id FROM Contact"), token: token)
            #expect(count.json["totalSize"] == 2)
        }
    }

    @Test("composite with allOrNone writes nothing when one record fails; more than 200 records is a 400")
    func allOrNone() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let records: JSONValue = .array(Self.contacts(2) + [["attributes": ["type": "Contact"], "Email": "bad"]])
            let answer = try await h.send(.POST, "\(v)/composite/sobjects", json: ["allOrNone": true, "records": records], token: token)
            let results = try #require(answer.json.arrayValue)
            #expect(results.allSatisfy { $0["success"] == false })
            #expect(results[0]["errors"]?[0]?["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK")
            let count = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape("SELECT Id FROM Contact"), token: token)
            #expect(count.json["totalSize"] == 0)
            let big = try await h.send(.POST, "\(v)/composite/sobjects", json: ["records": .array(Self.contacts(201))], token: token)
            #expect(big.status == 400 && big.json[0]?["errorCode"] == "EXCEEDED_ID_LIMIT")
            let ok = try await h.send(.POST, "\(v)/composite/sobjects", json: ["allOrNone": true, "records": .array(Self.contacts(200))], token: token)
            #expect(ok.json.arrayValue?.count == 200 && ok.json.arrayValue?.allSatisfy { $0["success"] == true } == true)
        }
    }

    @Test("composite PATCH updates records by id and DELETE removes them")
    func updateAndDelete() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let created = try await h.send(.POST, "\(v)/composite/sobjects", json: ["records": .array(Self.contacts(2))], token: token)
            let ids = created.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            let patch = try await h.send(.PATCH, "\(v)/composite/sobjects", json: ["records": .array(ids.map { ["attributes": ["type": "Contact"], "id": .string($0), "Title": "CTO"] })], token: token)
            #expect(patch.json.arrayValue?.allSatisfy { $0["success"] == true } == true)
            #expect(try await h.send(.GET, "\(v)/sobjects/Contact/\(ids[0])", token: token).json["Title"] == "CTO")
            let deleted = try await h.send(.DELETE, "\(v)/composite/sobjects?ids=\(ids.joined(separator: ","))", token: token)
            #expect(deleted.json.arrayValue?.allSatisfy { $0["success"] == true } == true)
        }
    }

    @Test("the manifest's SOQL sync query filters by SystemModstamp, orders, and pages with nextRecordsUrl")
    func soqlPaging() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let since = SandboxTime.salesforce(SandboxTime.nowMs() - 1000)
            _ = try await h.send(.POST, "\(v)/composite/sobjects", json: ["records": .array(Self.contacts(200))], token: token)
            _ = try await h.send(.POST, "\(v)/composite/sobjects", json: ["records": .array(Self.contacts(50))], token: token)
            let q = "SELECT Id, FirstName, LastName, Email, SystemModstamp FROM Contact WHERE SystemModstamp > \(since) ORDER BY SystemModstamp ASC"
            var first = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape(q), token: token, headers: [("Sforce-Query-Options", "batchSize=200")])
            #expect(first.status == 200)
            #expect(first.json["totalSize"] == 250)
            #expect(first.json["done"] == false)
            #expect(first.json["records"]?.arrayValue?.count == 200)
            #expect(first.json["records"]?[0]?["attributes"]?["type"] == "Contact")
            let next = try #require(first.json["nextRecordsUrl"]?.stringValue)
            #expect(next.hasPrefix("/services/data/v62.0/query/"))
            first = try await h.send(.GET, "/salesforce" + next, token: token)
            #expect(first.json["done"] == true)
            #expect(first.json["records"]?.arrayValue?.count == 50)
            let none = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape("SELECT Id FROM Contact WHERE SystemModstamp > 2999-01-01T00:00:00Z"), token: token)
            #expect(none.json["totalSize"] == 0 && none.json["done"] == true)
            let bad = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape("SELECT Bogus FROM Contact"), token: token)
            #expect(bad.status == 400 && bad.json[0]?["errorCode"] == "INVALID_FIELD")
            let malformed = try await h.send(.GET, "\(v)/query?q=" + SandboxForm.escape("SELEC Id"), token: token)
            #expect(malformed.json[0]?["errorCode"] == "MALFORMED_QUERY")
        }
    }

    @Test("the updated endpoint lists ids changed between start and end (SOQL-free sync)")
    func updatedEndpoint() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            _ = try await h.send(.POST, "\(v)/sobjects/Account", json: ["Name": "Old"], token: token)
            try await Task.sleep(nanoseconds: 20_000_000)
            let start = SandboxTime.iso(SandboxTime.nowMs())
            try await Task.sleep(nanoseconds: 5_000_000)
            let id = try #require(try await h.send(.POST, "\(v)/sobjects/Account", json: ["Name": "New"], token: token).json["id"]?.stringValue)
            let answer = try await h.send(.GET, "\(v)/sobjects/Account/updated?start=" + SandboxForm.escape(start), token: token)
            #expect(answer.status == 200)
            #expect(answer.json["ids"] == [.string(id)])
            #expect(answer.json["latestDateCovered"]?.stringValue != nil)
        }
    }
}
