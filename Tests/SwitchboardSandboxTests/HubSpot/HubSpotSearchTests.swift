import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("HubSpot search and properties")
struct HubSpotSearchTests {
    let search = "/hubspot/crm/v3/objects/contacts/search"

    @Test("email EQ finds the one contact")
    func emailEquals() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            for e in ["a@example.com", "b@example.com"] {
                _ = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": .string(e)]], token: token)
            }
            let answer = try await h.send(.POST, search, json: [
                "filterGroups": [["filters": [["propertyName": "email", "operator": "EQ", "value": "B@example.com"]]]],
                "properties": ["email"]], token: token)
            #expect(answer.status == 200)
            #expect(answer.json["total"] == 1)
            #expect(answer.json["results"]?[0]?["properties"]?["email"] == "b@example.com")
        }
    }

    @Test("lastmodifieddate GTE (milliseconds) with an ascending sort pages through changes since a moment")
    func modifiedSince() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            _ = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": "old@example.com"]], token: token)
            try await Task.sleep(nanoseconds: 20_000_000)
            let since = Int64(Date().timeIntervalSince1970 * 1000)
            try await Task.sleep(nanoseconds: 5_000_000)
            for i in 0..<5 {
                _ = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": .string("new\(i)@example.com")]], token: token)
            }
            var emails: [String] = []
            var after: JSONValue = .null
            repeat {
                let answer = try await h.send(.POST, search, json: [
                    "filterGroups": [["filters": [["propertyName": "lastmodifieddate", "operator": "GTE", "value": .string(String(since))]]]],
                    "sorts": [["propertyName": "lastmodifieddate", "direction": "ASCENDING"]],
                    "properties": ["email", "lastmodifieddate"], "limit": 2, "after": after], token: token)
                #expect(answer.json["total"] == 5)
                emails += answer.json["results"]?.arrayValue?.compactMap { $0["properties"]?["email"]?.stringValue } ?? []
                after = answer.json["paging"]?["next"]?["after"] ?? .null
            } while !after.isNull
            #expect(emails == (0..<5).map { "new\($0)@example.com" })
        }
    }

    @Test("filter groups OR together, sorts descend, and bad filters are 400")
    func groupsSortsAndErrors() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            for (e, n) in [("x@example.com", "Xavier"), ("y@example.com", "Yara"), ("z@example.com", "Zed")] {
                _ = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": .string(e), "firstname": .string(n)]], token: token)
            }
            let answer = try await h.send(.POST, search, json: [
                "filterGroups": [["filters": [["propertyName": "firstname", "operator": "EQ", "value": "Xavier"]]],
                                 ["filters": [["propertyName": "firstname", "operator": "EQ", "value": "Zed"]]]],
                "sorts": [["propertyName": "firstname", "direction": "DESCENDING"]], "properties": ["firstname"]], token: token)
            #expect(answer.json["results"]?.arrayValue?.compactMap { $0["properties"]?["firstname"]?.stringValue } == ["Zed", "Xavier"])
            let unknown = try await h.send(.POST, search, json: ["filterGroups": [["filters": [["propertyName": "nope", "operator": "EQ", "value": "1"]]]]], token: token)
            #expect(unknown.status == 400)
            #expect(try await h.send(.POST, search, json: ["limit": 201], token: token).status == 400)
        }
    }

    @Test("properties lists definitions; a created custom property becomes writable")
    func properties() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let list = try await h.send(.GET, "/hubspot/crm/v3/properties/contacts", token: token)
            #expect(list.status == 200)
            let names = list.json["results"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            #expect(names.contains("email") && names.contains("lastmodifieddate"))
            #expect(try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": "c@example.com", "tier": "gold"]], token: token).status == 400)
            let created = try await h.send(.POST, "/hubspot/crm/v3/properties/contacts", json: [
                "name": "tier", "label": "Tier", "type": "string", "fieldType": "text", "groupName": "contactinformation"], token: token)
            #expect(created.status == 201)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/properties/contacts/tier", token: token).status == 200)
            #expect(try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": "c@example.com", "tier": "gold"]], token: token).status == 201)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/properties/deals", token: token).json["results"]?.arrayValue?.contains { $0["name"] == "dealstage" } == true)
        }
    }
}
