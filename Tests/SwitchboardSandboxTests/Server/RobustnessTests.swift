import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Bad input never crashes or hangs the sandbox")
struct RobustnessTests {
    @Test("binary bodies, deep nesting and odd paths get error answers and the server stays up")
    func garbage() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let binary = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", body: "\u{0}\u{1}\u{FF}", token: token, headers: [("Content-Type", "application/json")])
            #expect(binary.status == 400)
            let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            #expect(try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", body: deep, token: token, headers: [("Content-Type", "application/json")]).status == 400)
            #expect(try await h.send(.POST, "/salesforce/services/data/v62.0/composite/sobjects", body: deep, token: try await h.token("salesforce"),
                                     headers: [("Content-Type", "application/json")]).status == 400)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts/%2e%2e%2f%00", token: token).status == 404)
            #expect(try await h.send(.GET, "/salesforce/services/data/vX/sobjects", token: token).status == 404)
            #expect(try await h.send(.GET, "/oauth/unknown/authorize").status == 404)
            #expect(try await h.send(.GET, "/oauth/hubspot/token").status == 405)
            #expect(try await h.send(.POST, "/admin/faults", json: ["kind": "meteor"]).status == 400)
            #expect(try await h.send(.POST, "/admin/tokens", body: "x", headers: [("Content-Type", "text/plain")]).status == 415)
            #expect(try await h.send(.GET, "/", token: nil).json["hubspot"]?.stringValue == h.base + "/hubspot")
        }
    }

    @Test("concurrent creates with one email make exactly one contact")
    func concurrentDuplicates() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<24 {
                    group.addTask { try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": "race@example.com"]], token: token).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 23)
        }
    }
}
