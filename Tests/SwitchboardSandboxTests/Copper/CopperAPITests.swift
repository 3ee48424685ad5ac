import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Copper Developer API: people, search, custom fields, headers and errors")
struct CopperAPITests {
    let people = "/copper/developer_api/v1/people"
    static let demo = SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])

    /// Copper's API-key headers.
    func key(_ token: String) -> [(String, String)] {
        [("X-PW-AccessToken", token), ("X-PW-Application", "developer_api"), ("X-PW-UserEmail", "admin@acme.example")]
    }

    @Test("create with the API-key headers or the OAuth bearer; read, PUT and delete; unix-second times")
    func crud() async throws {
        try await Harness.with { h in
            let token = try await h.token("copper")
            let created = try await h.send(.POST, people, json: ["name": "Ada Lovelace", "emails": [["email": "ada@example.com", "category": "work"]]], headers: key(token))
            #expect(created.status == 200, "\(created.text)")
            let id = try #require(created.json["id"]?.numberValue)
            #expect(created.json["emails"]?[0]?["category"] == "work" && created.json["date_modified"]?.numberValue != nil)
            let bearer = try await h.send(.GET, "\(people)/\(Int(id))", token: token, headers: [("X-PW-Application", "developer_api")])
            #expect(bearer.status == 200 && bearer.json["name"] == "Ada Lovelace")
            let put = try await h.send(.PUT, "\(people)/\(Int(id))", json: ["title": "Analyst"], headers: key(token))
            #expect(put.json["title"] == "Analyst" && put.json["name"] == "Ada Lovelace", "PUT changes the given fields only")
            #expect(try await h.send(.DELETE, "\(people)/\(Int(id))", headers: key(token)).json["is_deleted"] == true)
            let gone = try await h.send(.GET, "\(people)/\(Int(id))", headers: key(token))
            #expect(gone.status == 404 && gone.json["success"] == false && gone.json["message"] == "Resource not found")
        }
    }

    @Test("401 without the application header, without the user email for an API key, or with a bad token")
    func unauthorized() async throws {
        try await Harness.with { h in
            let token = try await h.token("copper")
            #expect(try await h.send(.GET, "\(people)/1", token: token).status == 401, "X-PW-Application is required")
            #expect(try await h.send(.GET, "\(people)/1", headers: [("X-PW-AccessToken", token), ("X-PW-Application", "developer_api")]).status == 401)
            let bad = try await h.send(.GET, "\(people)/1", headers: key("sbx-copper-at-nope"))
            #expect(bad.status == 401 && bad.json["message"] == "Invalid credentials" && bad.json["status"] == 401)
        }
    }

    @Test("search pages with page_size and 1-based page_number, filters by emails and minimum_modified_date, counts in X-PW-TOTAL")
    func search() async throws {
        try await Harness.with { h in
            let token = try await h.token("copper")
            for i in 0..<5 {
                _ = try await h.send(.POST, people, json: ["name": .string("P\(i)"), "emails": [["email": .string("p\(i)@example.com"), "category": "work"]]], headers: key(token))
            }
            let page2 = try await h.send(.POST, "\(people)/search", json: ["page_size": 2, "page_number": 2, "sort_by": "date_modified"], headers: key(token))
            #expect(page2.json.arrayValue?.compactMap { $0["name"]?.stringValue } == ["P2", "P3"] && page2.header("X-PW-TOTAL") == "5")
            let byEmail = try await h.send(.POST, "\(people)/search", json: ["emails": ["P4@EXAMPLE.com", "p1@example.com"]], headers: key(token))
            #expect(Set(byEmail.json.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["P1", "P4"])
            let future = try await h.send(.POST, "\(people)/search", json: ["minimum_modified_date": 4_102_444_800], headers: key(token))
            #expect(future.json.arrayValue?.isEmpty == true)
            #expect(try await h.send(.POST, "\(people)/search", json: ["page_size": 500], headers: key(token)).status == 422)
        }
    }

    @Test("422 for a blank name, an unknown email category or a company that does not exist")
    func validation() async throws {
        try await Harness.with { h in
            let token = try await h.token("copper")
            let blank = try await h.send(.POST, people, json: ["title": "Nobody"], headers: key(token))
            #expect(blank.status == 422 && blank.json["message"] == "Validation errors: Name can't be blank")
            #expect(try await h.send(.POST, people, json: ["name": "X", "emails": [["email": "x@example.com", "category": "home"]]], headers: key(token)).status == 422)
            #expect(try await h.send(.POST, people, json: ["name": "X", "company_id": 1], headers: key(token)).status == 422)
            #expect(try await h.send(.POST, "/copper/developer_api/v1/opportunities", json: ["name": "Deal", "status": "Maybe"], headers: key(token)).status == 422)
        }
    }

    @Test("custom_field_definitions lists the account's fields (Dropdown options with ids); custom_fields writes take option ids")
    func customFields() async throws {
        try await Harness.with(Self.demo) { h in
            let token = try await h.token("copper")
            let defs = try await h.send(.GET, "/copper/developer_api/v1/custom_field_definitions", headers: key(token))
            let tier = try #require(defs.json.arrayValue?.first { $0["name"] == "Customer tier" })
            #expect(tier["data_type"] == "Dropdown" && tier["available_on"] == ["person"] && tier["options"]?.arrayValue?.count == 4)
            let fieldID = try #require(tier["id"]?.numberValue)
            let option = try #require(tier["options"]?[1]?["id"]?.numberValue)
            let good = try await h.send(.POST, people, json: ["name": "T", "custom_fields": [["custom_field_definition_id": .number(fieldID), "value": .number(option)]]], headers: key(token))
            #expect(good.status == 200 && good.json["custom_fields"]?[0]?["value"]?.numberValue == option, "\(good.text)")
            let bad = try await h.send(.POST, people, json: ["name": "T", "custom_fields": [["custom_field_definition_id": .number(fieldID), "value": 1]]], headers: key(token))
            #expect(bad.status == 422 && bad.text.contains("is not an option id"))
            let unknown = try await h.send(.POST, people, json: ["name": "T", "custom_fields": [["custom_field_definition_id": 5, "value": "x"]]], headers: key(token))
            #expect(unknown.status == 422)
            let demo = try await h.send(.POST, "\(people)/search", json: ["page_size": 200], headers: key(token))
            #expect(demo.header("X-PW-TOTAL") == "9", "the 8 demo people and the one made here")
        }
    }

    @Test("over the limit Copper answers 429 in its shape with Retry-After; injected faults use its shape too")
    func limitsAndFaults() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: ["copper": RateLimitRule(requests: 2, windowSeconds: 5)],
                                                    faults: [FaultRule(kind: .errorBeforeCommit, status: 503, count: 1, connector: "copper")])) { h in
            let token = try await h.token("copper")
            let fault = try await h.send(.POST, "\(people)/search", json: [:], headers: key(token))
            #expect(fault.status == 503 && fault.json["success"] == false && fault.json["status"] == 503)
            _ = try await h.send(.POST, "\(people)/search", json: [:], headers: key(token))
            let over = try await h.send(.POST, "\(people)/search", json: [:], headers: key(token))
            #expect(over.status == 429 && over.json["message"] == "Rate limit exceeded" && over.header("Retry-After") != nil)
        }
    }
}
