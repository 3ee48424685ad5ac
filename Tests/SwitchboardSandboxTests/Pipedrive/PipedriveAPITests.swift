import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Pipedrive API: v2 and v1 persons, paging, search, fields, strictness")
struct PipedriveAPITests {
    let v2 = "/pipedrive/api/v2/persons"
    /// The demo data and the demo accounts' custom fields.
    static let demo = SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])

    @Test("v2 create answers the person with emails, RFC 3339 times and custom_fields; v1 reads it with email, its own times and custom keys at the top")
    func createAndReadBothVersions() async throws {
        try await Harness.with(Self.demo) { h in
            let token = try await h.token("pipedrive")
            let tier = DemoCustomFields.pipedriveKey("customer_tier")
            let gold = try #require(DemoCustomFields.all.first { $0.connector == "pipedrive" && $0.account == "acme" && $0.field.name == tier }?.field)
            let created = try await h.send(.POST, v2, json: ["name": "Ada Lovelace", "emails": [["value": "ada@example.com", "primary": true, "label": "work"]],
                                                            "custom_fields": [tier: .number(Double(PipedriveObjectType.optionID(gold, 2)))]], token: token)
            #expect(created.status == 200 && created.json["success"] == true, "\(created.text)")
            let person = try #require(created.json["data"])
            let id = try #require(person["id"]?.numberValue)
            #expect(person["emails"]?[0]?["value"] == "ada@example.com" && person["first_name"] == "Ada")
            #expect(person["update_time"]?.stringValue?.hasSuffix("Z") == true && person["update_time"]?.stringValue?.count == 20)
            #expect(person["custom_fields"]?[tier]?.numberValue == Double(PipedriveObjectType.optionID(gold, 2)))
            let v1 = try await h.send(.GET, "/pipedrive/v1/persons/\(Int(id))?api_token=\(token)")
            #expect(v1.status == 200, "api_token in the query works like the bearer token: \(v1.text)")
            #expect(v1.json["data"]?["email"]?[0]?["value"] == "ada@example.com" && v1.json["data"]?["emails"] == nil)
            #expect(v1.json["data"]?[tier] != nil, "v1 puts custom fields at the top level")
            #expect(v1.json["data"]?["update_time"]?.stringValue?.contains(" ") == true)
            let patched = try await h.send(.PATCH, "\(v2)/\(Int(id))", json: ["name": "Ada King"], token: token)
            #expect(patched.json["data"]?["name"] == "Ada King" && patched.json["data"]?["emails"]?[0]?["value"] == "ada@example.com")
            let put = try await h.send(.PUT, "/pipedrive/v1/persons/\(Int(id))", json: ["email": "ada@lovelace.example"], token: token)
            #expect(put.json["data"]?["email"]?[0]?["value"] == "ada@lovelace.example", "v1 takes a plain email string: \(put.text)")
            #expect(try await h.send(.DELETE, "\(v2)/\(Int(id))", token: token).status == 200)
            #expect(try await h.send(.GET, "\(v2)/\(Int(id))", token: token).status == 404)
        }
    }

    @Test("401 without or with a bad token, in Pipedrive's shape; 403 without the scope")
    func unauthorized() async throws {
        try await Harness.with { h in
            let none = try await h.send(.GET, v2)
            #expect(none.status == 401 && none.json["success"] == false && none.json["error"] == "unauthorized access" && none.json["errorCode"] == 401)
            #expect(try await h.send(.GET, v2, token: "sbx-pipedrive-at-nope").status == 401)
            let narrow = try await h.token("pipedrive", scopes: ["base", "deals:full"])
            #expect(try await h.send(.GET, v2, token: narrow).status == 403)
        }
    }

    @Test("lists: v2 cursor paging with updated_since, v1 start/limit with more_items_in_collection")
    func paging() async throws {
        try await Harness.with { h in
            let token = try await h.token("pipedrive")
            for i in 0..<5 { _ = try await h.send(.POST, v2, json: ["name": .string("P\(i)")], token: token) }
            var cursor: String?
            var seen: [String] = []
            repeat {
                let page = try await h.send(.GET, "\(v2)?limit=2&sort_by=update_time&sort_direction=asc" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
                seen += (page.json["data"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                cursor = page.json["additional_data"]?["next_cursor"]?.stringValue
            } while cursor != nil
            #expect(seen == ["P0", "P1", "P2", "P3", "P4"])
            let v1 = try await h.send(.GET, "/pipedrive/v1/persons?start=2&limit=2", token: token)
            let pagination = v1.json["additional_data"]?["pagination"]
            #expect(pagination?["more_items_in_collection"] == true && pagination?["next_start"] == 4)
            let last = try await h.send(.GET, "/pipedrive/v1/persons?start=4&limit=2", token: token)
            #expect(last.json["additional_data"]?["pagination"]?["more_items_in_collection"] == false)
            let future = try await h.send(.GET, "\(v2)?updated_since=2099-01-01T00:00:00Z", token: token)
            #expect(future.json["data"]?.arrayValue?.isEmpty == true)
            #expect(try await h.send(.GET, "\(v2)?updated_since=yesterday", token: token).status == 400)
        }
    }

    @Test("persons/search by email: exact match, v2 items and v1 pagination")
    func search() async throws {
        try await Harness.with { h in
            let token = try await h.token("pipedrive")
            _ = try await h.send(.POST, v2, json: ["name": "Grace", "emails": [["value": "grace@navy.example"]]], token: token)
            _ = try await h.send(.POST, v2, json: ["name": "Gracie", "emails": [["value": "gracie@navy.example"]]], token: token)
            let exact = try await h.send(.GET, "\(v2)/search?term=GRACE@navy.example&fields=email&exact_match=true", token: token)
            #expect(exact.json["data"]?["items"]?.arrayValue?.count == 1 && exact.json["data"]?["items"]?[0]?["item"]?["emails"]?[0] == "grace@navy.example")
            let partial = try await h.send(.GET, "/pipedrive/v1/persons/search?term=navy&fields=email", token: token)
            #expect(partial.json["data"]?["items"]?.arrayValue?.count == 2 && partial.json["additional_data"]?["pagination"] != nil)
            #expect(try await h.send(.GET, "\(v2)/search?term=g", token: token).status == 400, "two characters at least without exact_match")
            #expect(try await h.send(.GET, "\(v2)/search?term=grace&fields=address", token: token).status == 400)
        }
    }

    @Test("strict writes: unknown fields, a missing name, a stage or enum option that does not exist, a required custom field")
    func strictness() async throws {
        try await Harness.with(Self.demo) { h in
            let token = try await h.token("pipedrive")
            let unknown = try await h.send(.POST, v2, json: ["name": "X", "shoe_size": 44], token: token)
            #expect(unknown.status == 400 && unknown.json["code"] == "ERR_SCHEMA_VALIDATION_FAILED" && unknown.text.contains("shoe_size"))
            #expect(try await h.send(.POST, v2, json: ["emails": [["value": "a@b.example"]]], token: token).text.contains("'name' is required"))
            #expect(try await h.send(.POST, v2, json: ["name": "X", "emails": [["value": "not-an-email"]]], token: token).status == 400)
            #expect(try await h.send(.POST, "/pipedrive/api/v2/deals", json: ["title": "D", "stage_id": 99], token: token).text.contains("Stage with ID 99"))
            let tier = DemoCustomFields.pipedriveKey("customer_tier")
            #expect(try await h.send(.POST, v2, json: ["name": "X", "custom_fields": [tier: 9999]], token: token).text.contains("Option with ID 9999 does not exist"))
            let globex = try await h.token("pipedrive", account: "globex")
            let region = try await h.send(.POST, v2, json: ["name": "No region"], token: globex)
            #expect(region.status == 400 && region.text.contains("Sales region is required"), "\(region.text)")
        }
    }

    @Test("personFields lists built-in and the account's custom fields (40-character keys, enum options with ids, mandatory_flag)")
    func fields() async throws {
        try await Harness.with(Self.demo) { h in
            let acme = try await h.send(.GET, "/pipedrive/v1/personFields", token: try await h.token("pipedrive"))
            let all = try #require(acme.json["data"]?.arrayValue)
            #expect(all.contains { $0["key"] == "name" && $0["mandatory_flag"] == true && $0["edit_flag"] == false })
            let tier = try #require(all.first { $0["key"]?.stringValue == DemoCustomFields.pipedriveKey("customer_tier") })
            #expect(tier["key"]?.stringValue?.count == 40 && tier["field_type"] == "enum" && tier["options"]?.arrayValue?.count == 4)
            #expect(tier["options"]?[0]?["id"]?.numberValue != nil && tier["options"]?[0]?["label"] == "Bronze")
            #expect(all.contains { $0["name"] == "NPS score" && $0["field_type"] == "double" })
            let globex = try await h.send(.GET, "/pipedrive/v1/personFields", token: try await h.token("pipedrive", account: "globex"))
            #expect(globex.json["data"]?.arrayValue?.contains { $0["name"] == "Sales region" && $0["mandatory_flag"] == true } == true)
            #expect(try await h.send(.GET, "/pipedrive/v1/dealFields", token: try await h.token("pipedrive")).json["data"]?.arrayValue?.contains { $0["key"] == "stage_id" } == true)
            let demo = try await h.send(.GET, "\(v2)?limit=100", token: try await h.token("pipedrive"))
            #expect(demo.json["data"]?.arrayValue?.count == 8 && demo.json["data"]?[0]?["org_id"]?.numberValue != nil, "the demo seed: 8 persons in organizations")
        }
    }

    @Test("x-ratelimit headers on every answer; over the limit 429 in Pipedrive's shape with Retry-After")
    func rateLimit() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: ["pipedrive": RateLimitRule(requests: 2, windowSeconds: 2)])) { h in
            let token = try await h.token("pipedrive")
            let first = try await h.send(.GET, v2, token: token)
            #expect(first.header("x-ratelimit-limit") == "2" && first.header("x-ratelimit-remaining") == "1" && first.header("x-ratelimit-reset") == "2")
            _ = try await h.send(.GET, v2, token: token)
            let over = try await h.send(.GET, v2, token: token)
            #expect(over.status == 429 && over.json["error"] == "Request over limit" && over.header("Retry-After") != nil)
        }
    }
}
