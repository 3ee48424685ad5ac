import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Salesforce sObjects: create, get, patch, delete")
struct SalesforceSObjectTests {
    let v = "/salesforce/services/data/v62.0"

    @Test("create answers 201 {id, success, errors} with an 18-character 003 id; get returns the record")
    func createAndGet() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let created = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@example.com"], token: token)
            #expect(created.status == 201)
            #expect(created.json["success"] == true)
            #expect(created.json["errors"] == [])
            let id = try #require(created.json["id"]?.stringValue)
            #expect(id.count == 18 && id.hasPrefix("003"))
            #expect(created.header("Sforce-Limit-Info")?.hasPrefix("api-usage=") == true)
            let got = try await h.send(.GET, "\(v)/sobjects/Contact/\(id)", token: token)
            #expect(got.status == 200)
            #expect(got.json["attributes"]?["type"] == "Contact")
            #expect(got.json["Id"]?.stringValue == id)
            #expect(got.json["Name"] == "Ada Lovelace")
            #expect(got.json["LastModifiedDate"]?.stringValue?.hasSuffix("+0000") == true)
            // The 15-character form of the id works too.
            #expect(try await h.send(.GET, "\(v)/sobjects/Contact/\(id.prefix(15))", token: token).status == 200)
            let fields = try await h.send(.GET, "\(v)/sobjects/Contact/\(id)?fields=LastName", token: token)
            #expect(fields.json["FirstName"] == nil && fields.json["LastName"] == "Lovelace")
            let account = try await h.send(.POST, "\(v)/sobjects/Account", json: ["Name": "Acme"], token: token)
            #expect(account.json["id"]?.stringValue?.hasPrefix("001") == true)
            let opp = try await h.send(.POST, "\(v)/sobjects/Opportunity", json: ["Name": "Big", "StageName": "Prospecting", "CloseDate": "2026-06-30", "Amount": 1200.5], token: token)
            #expect(opp.json["id"]?.stringValue?.hasPrefix("006") == true)
        }
    }

    @Test("required fields, unknown fields and bad values answer Salesforce error arrays")
    func errors() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let missing = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["FirstName": "No"], token: token)
            #expect(missing.status == 400)
            #expect(missing.json == [["message": "Required fields are missing: [LastName]", "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["LastName"]]])
            let opp = try await h.send(.POST, "\(v)/sobjects/Opportunity", json: ["Name": "X"], token: token)
            #expect(opp.json[0]?["fields"] == ["StageName", "CloseDate"])
            let unknown = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": "L", "Nickname__c": "x"], token: token)
            #expect(unknown.json[0]?["errorCode"] == "INVALID_FIELD")
            let email = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": "L", "Email": "nope"], token: token)
            #expect(email.json[0]?["errorCode"] == "INVALID_EMAIL_ADDRESS")
            let stage = try await h.send(.POST, "\(v)/sobjects/Opportunity", json: ["Name": "X", "StageName": "Dreaming", "CloseDate": "2026-01-01"], token: token)
            #expect(stage.json[0]?["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST")
            let long = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": .string(String(repeating: "L", count: 81))], token: token)
            #expect(long.json[0]?["errorCode"] == "STRING_TOO_LONG")
            let ref = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": "L", "AccountId": "001Sb0000000000ZZZ"], token: token)
            #expect(ref.json[0]?["errorCode"] == "INVALID_CROSS_REFERENCE_KEY")
            let readOnly = try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": "L", "CreatedDate": "2020-01-01T00:00:00Z"], token: token)
            #expect(readOnly.json[0]?["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE")
            let malformed = try await h.send(.POST, "\(v)/sobjects/Contact", body: "{\"LastName\":", token: token, headers: [("Content-Type", "application/json")])
            #expect(malformed.status == 400 && malformed.json[0]?["errorCode"] == "JSON_PARSER_ERROR")
            let noAuth = try await h.send(.GET, "\(v)/sobjects/Contact/003Sb0000000001AAA")
            #expect(noAuth.status == 401 && noAuth.json[0]?["errorCode"] == "INVALID_SESSION_ID")
            #expect(try await h.send(.GET, "\(v)/sobjects/Lead/00QSb0000000001AAA", token: token).status == 404)
        }
    }

    @Test("PATCH answers 204 and bumps LastModifiedDate; DELETE answers 204, then the record is deleted")
    func patchAndDelete() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let id = try #require(try await h.send(.POST, "\(v)/sobjects/Contact", json: ["LastName": "Before"], token: token).json["id"]?.stringValue)
            let before = try await h.send(.GET, "\(v)/sobjects/Contact/\(id)", token: token).json["LastModifiedDate"]?.stringValue
            try await Task.sleep(nanoseconds: 5_000_000)
            let patched = try await h.send(.PATCH, "\(v)/sobjects/Contact/\(id)", json: ["lastname": "After"], token: token)
            #expect(patched.status == 204)
            let after = try await h.send(.GET, "\(v)/sobjects/Contact/\(id)", token: token)
            #expect(after.json["LastName"] == "After")
            #expect(after.json["LastModifiedDate"]?.stringValue != before)
            let cleared = try await h.send(.PATCH, "\(v)/sobjects/Contact/\(id)", json: ["LastName": .null], token: token)
            #expect(cleared.json[0]?["errorCode"] == "REQUIRED_FIELD_MISSING")
            #expect(try await h.send(.DELETE, "\(v)/sobjects/Contact/\(id)", token: token).status == 204)
            let gone = try await h.send(.GET, "\(v)/sobjects/Contact/\(id)", token: token)
            #expect(gone.status == 404 && gone.json[0]?["errorCode"] == "ENTITY_IS_DELETED")
            #expect(try await h.send(.DELETE, "\(v)/sobjects/Contact/\(id)", token: token).status == 404)
        }
    }
}
