import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

/// Bad input to the Copper, Pipedrive and Zoho APIs is an answer in the CRM's shape, never a crash:
/// negative offsets, numbers too large for an integer, huge page numbers, malformed JSON.
@Suite("Copper, Pipedrive and Zoho: bad input answers, never crashes")
struct CRMRobustnessTests {
    @Test("offsets, numbers and pages out of range, and malformed bodies")
    func badInput() async throws {
        try await Harness.with { h in
            let pipedrive = try await h.token("pipedrive")
            #expect(try await h.send(.GET, "/pipedrive/v1/persons/search?term=ab&start=-5", token: pipedrive).status == 200)
            #expect(try await h.send(.GET, "/pipedrive/v1/persons?start=-5", token: pipedrive).status == 400)
            #expect(try await h.send(.GET, "/pipedrive/api/v2/persons?cursor=bm90LW91cnM=", token: pipedrive).status == 400)
            #expect(try await h.send(.POST, "/pipedrive/api/v2/deals", json: ["title": "D", "stage_id": 1e300], token: pipedrive).status == 400)
            #expect(try await h.send(.POST, "/pipedrive/api/v2/persons", body: "{\"name\": ", token: pipedrive,
                                     headers: [("Content-Type", "application/json")]).status == 400)
            let copper = [("X-PW-AccessToken", try await h.token("copper")), ("X-PW-Application", "developer_api"), ("X-PW-UserEmail", "a@acme.example")]
            #expect(try await h.send(.POST, "/copper/developer_api/v1/people/search", json: ["page_number": 1e300], headers: copper).status == 422)
            #expect(try await h.send(.POST, "/copper/developer_api/v1/people/search", json: ["page_number": 4_000_000_000_000, "page_size": 200], headers: copper).status == 200)
            #expect(try await h.send(.POST, "/copper/developer_api/v1/people", json: ["name": "X", "custom_fields": [["custom_field_definition_id": 1e300]]], headers: copper).status == 422)
            let zoho = [("Authorization", "Zoho-oauthtoken \(try await h.token("zoho-crm"))")]
            #expect(try await h.send(.GET, "/zoho-crm/crm/v8/Contacts?fields=Email&page=9223372036854775807", headers: zoho).status == 400)
            #expect(try await h.send(.GET, "/zoho-crm/crm/v8/Contacts?fields=Email&per_page=0", headers: zoho).status == 400)
            #expect(try await h.send(.POST, "/zoho-crm/crm/v8/Contacts", json: ["data": "nope"], headers: zoho).status == 400)
            #expect(try await h.send(.GET, "/zoho-crm/crm/v9/Contacts", headers: zoho).status == 404)
        }
    }
}
