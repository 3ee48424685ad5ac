import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Zoho CRM API: batches with a result per record, lists, search, fields, strictness")
struct ZohoAPITests {
    let contacts = "/zoho-crm/crm/v8/Contacts"
    static let demo = SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])

    func auth(_ token: String) -> [(String, String)] { [("Authorization", "Zoho-oauthtoken \(token)")] }

    @Test("insert: 201 and SUCCESS with details.id; one bad record in a batch gives 207 with its own code; none good is 400")
    func insertBatches() async throws {
        try await Harness.with { h in
            let token = try await h.token("zoho-crm")
            let one = try await h.send(.POST, contacts, json: ["data": [["Last_Name": "Lovelace", "Email": "ada@example.com"]]], headers: auth(token))
            #expect(one.status == 201 && one.json["data"]?[0]?["code"] == "SUCCESS" && one.json["data"]?[0]?["status"] == "success", "\(one.text)")
            let id = try #require(one.json["data"]?[0]?["details"]?["id"]?.stringValue)
            #expect(id.count == 19 && one.json["data"]?[0]?["details"]?["Modified_Time"]?.stringValue?.hasSuffix("+00:00") == true)
            let mixed = try await h.send(.POST, contacts, json: ["data": [
                ["Last_Name": "Hopper", "Email": "grace@example.com"], ["First_Name": "NoLast"], ["Last_Name": "X", "Email": "not-an-email"],
                ["Last_Name": "Dup", "Email": "ADA@example.com"],
            ]], headers: auth(token))
            #expect(mixed.status == 207, "\(mixed.text)")
            #expect(mixed.json["data"]?[0]?["code"] == "SUCCESS")
            #expect(mixed.json["data"]?[1]?["code"] == "MANDATORY_NOT_FOUND" && mixed.json["data"]?[1]?["details"]?["api_name"] == "Last_Name")
            #expect(mixed.json["data"]?[1]?["details"]?["json_path"] == "$.data[1].Last_Name")
            #expect(mixed.json["data"]?[2]?["code"] == "INVALID_DATA" && mixed.json["data"]?[2]?["details"]?["expected_data_type"] == "email")
            #expect(mixed.json["data"]?[3]?["code"] == "DUPLICATE_DATA" && mixed.json["data"]?[3]?["details"]?["duplicate_record"]?["id"]?.stringValue == id)
            let v2 = try await h.send(.POST, "/zoho-crm/crm/v2/Contacts", json: ["data": [["Last_Name": "Dup", "Email": "ada@example.com"]]], headers: auth(token))
            #expect(v2.status == 400 && v2.json["data"]?[0]?["details"]?["id"]?.stringValue == id, "v2 names the existing record in details.id: \(v2.text)")
            let tooMany = try await h.send(.POST, contacts, json: ["data": .array((0..<101).map { _ in ["Last_Name": "N"] })], headers: auth(token))
            #expect(tooMany.status == 400 && tooMany.json["code"] == "LIMIT_EXCEEDED")
            let updated = try await h.send(.PUT, contacts, json: ["data": [["id": .string(id), "First_Name": "Ada"]]], headers: auth(token))
            #expect(updated.status == 200 && updated.json["data"]?[0]?["message"] == "record updated")
            let read = try await h.send(.GET, "\(contacts)/\(id)", headers: auth(token))
            #expect(read.json["data"]?[0]?["First_Name"] == "Ada" && read.json["data"]?[0]?["Last_Name"] == "Lovelace")
        }
    }

    @Test("401 in Zoho's shape: AUTHENTICATION_FAILURE without a token, INVALID_TOKEN with a bad one; OAUTH_SCOPE_MISMATCH without the module's scope")
    func unauthorized() async throws {
        try await Harness.with { h in
            #expect(try await h.send(.GET, contacts).json["code"] == "AUTHENTICATION_FAILURE")
            let bad = try await h.send(.GET, contacts, headers: auth("sbx-zoho-crm-at-nope"))
            #expect(bad.status == 401 && bad.json["code"] == "INVALID_TOKEN" && bad.json["status"] == "error")
            let narrow = try await h.token("zoho-crm", scopes: ["ZohoCRM.modules.deals.ALL"])
            #expect(try await h.send(.GET, "\(contacts)?fields=Email", headers: auth(narrow)).json["code"] == "OAUTH_SCOPE_MISMATCH")
        }
    }

    @Test("lists: fields required in v8, page tokens, If-Modified-Since, 204 without a body when nothing matches")
    func lists() async throws {
        try await Harness.with { h in
            let token = try await h.token("zoho-crm")
            for i in 0..<5 { _ = try await h.send(.POST, contacts, json: ["data": [["Last_Name": .string("L\(i)")]]], headers: auth(token)) }
            #expect(try await h.send(.GET, contacts, headers: auth(token)).json["code"] == "REQUIRED_PARAM_MISSING")
            var names: [String] = []
            var next: String?
            repeat {
                let page = try await h.send(.GET, "\(contacts)?fields=Last_Name,Modified_Time&per_page=2&sort_by=Modified_Time&sort_order=asc"
                                            + (next.map { "&page_token=\($0)" } ?? ""), headers: auth(token))
                names += (page.json["data"]?.arrayValue ?? []).compactMap { $0["Last_Name"]?.stringValue }
                next = page.json["info"]?["next_page_token"]?.stringValue
                #expect(page.json["info"]?["more_records"]?.boolValue == (next != nil))
            } while next != nil
            #expect(names == ["L0", "L1", "L2", "L3", "L4"])
            let none = try await h.send(.GET, "\(contacts)?fields=Last_Name", headers: auth(token) + [("If-Modified-Since", "2099-01-01T00:00:00+05:30")])
            #expect(none.status == 204 && none.text.isEmpty)
            #expect(try await h.send(.GET, "\(contacts)?fields=Shoe_Size", headers: auth(token)).status == 400)
        }
    }

    @Test("search by email or by up to 10 (Field:equals:value) criteria; 204 when nothing is found")
    func search() async throws {
        try await Harness.with { h in
            let token = try await h.token("zoho-crm")
            _ = try await h.send(.POST, contacts, json: ["data": [["Last_Name": "A", "Email": "george@example.org"], ["Last_Name": "B", "Email": "b@example.org"]]], headers: auth(token))
            let byEmail = try await h.send(.GET, "\(contacts)/search?email=GEORGE@example.org", headers: auth(token))
            #expect(byEmail.json["data"]?.arrayValue?.count == 1 && byEmail.json["data"]?[0]?["Last_Name"] == "A")
            let criteria = "((Email:equals:george@example.org)or(Email:equals:b@example.org)or(Email:equals:none@example.org))"
            let both = try await h.send(.GET, "\(contacts)/search?criteria=\(criteria.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", headers: auth(token))
            #expect(both.json["data"]?.arrayValue?.count == 2, "\(both.text)")
            #expect(try await h.send(.GET, "\(contacts)/search?email=nobody@example.org", headers: auth(token)).status == 204)
            #expect(try await h.send(.GET, "\(contacts)/search?criteria=Email", headers: auth(token)).json["code"] == "INVALID_QUERY")
        }
    }

    @Test("settings/fields: built-in and custom fields with data types and picklist values; writes are checked against them")
    func fieldsAndCustomWrites() async throws {
        try await Harness.with(Self.demo) { h in
            let token = try await h.token("zoho-crm")
            let fields = try await h.send(.GET, "/zoho-crm/crm/v8/settings/fields?module=Contacts", headers: auth(token))
            let all = try #require(fields.json["fields"]?.arrayValue)
            #expect(all.contains { $0["api_name"] == "Last_Name" && $0["system_mandatory"] == true && $0["data_type"] == "text" })
            let tier = try #require(all.first { $0["api_name"] == "Customer_Tier" })
            #expect(tier["custom_field"] == true && tier["data_type"] == "picklist" && tier["pick_list_values"]?[2]?["actual_value"] == "Gold")
            let bad = try await h.send(.POST, contacts, json: ["data": [["Last_Name": "T", "Customer_Tier": "Diamond"]]], headers: auth(token))
            #expect(bad.json["data"]?[0]?["code"] == "INVALID_DATA" && bad.json["data"]?[0]?["details"]?["api_name"] == "Customer_Tier")
            #expect(try await h.send(.POST, contacts, json: ["data": [["Last_Name": "T", "Customer_Tier": "Gold"]]], headers: auth(token)).status == 201)
            let globex = try await h.token("zoho-crm", account: "globex")
            let missing = try await h.send(.POST, contacts, json: ["data": [["Last_Name": "T"]]], headers: auth(globex))
            #expect(missing.json["data"]?[0]?["code"] == "MANDATORY_NOT_FOUND" && missing.json["data"]?[0]?["details"]?["api_name"] == "Region")
            #expect(try await h.send(.GET, "/zoho-crm/crm/v2/settings/fields?module=Deals", headers: auth(token)).json["fields"]?.arrayValue?.contains { $0["api_name"] == "Stage" } == true)
            let demo = try await h.send(.GET, "\(contacts)?fields=Email,Account_Name", headers: auth(token))
            #expect(demo.json["data"]?.arrayValue?.count == 9 && demo.json["data"]?[0]?["Account_Name"]?["id"]?.stringValue != nil, "the 8 demo contacts and the one made here")
        }
    }

    @Test("the token answer names the API host (api_domain); over the limit Zoho's 429 TOO_MANY_REQUESTS")
    func apiDomainAndLimit() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: ["zoho-crm": RateLimitRule(requests: 1, windowSeconds: 5)])) { h in
            let answer = try await h.authorize("zoho-crm")
            #expect(answer["api_domain"]?.stringValue == h.base + "/zoho-crm")
            let token = try #require(answer["access_token"]?.stringValue)
            _ = try await h.send(.GET, "\(contacts)?fields=Email", headers: auth(token))
            let over = try await h.send(.GET, "\(contacts)?fields=Email", headers: auth(token))
            #expect(over.status == 429 && over.json["code"] == "TOO_MANY_REQUESTS" && over.header("Retry-After") != nil)
        }
    }
}
