import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("HubSpot batch create, update and read")
struct HubSpotBatchTests {
    let base = "/hubspot/crm/v3/objects/contacts/batch"

    static func inputs(_ n: Int, prefix: String = "b") -> JSONValue {
        ["inputs": .array((0..<n).map { i in ["properties": ["email": .string("\(prefix)\(i)@example.com"), "firstname": .string("N\(i)")]] })]
    }

    @Test("batch create takes up to 100 inputs and answers 201 COMPLETE with every record")
    func create() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let answer = try await h.send(.POST, "\(base)/create", json: Self.inputs(100), token: token)
            #expect(answer.status == 201)
            #expect(answer.json["status"] == "COMPLETE")
            #expect(answer.json["results"]?.arrayValue?.count == 100)
            #expect(answer.json["startedAt"]?.stringValue != nil && answer.json["completedAt"]?.stringValue != nil)
            let tooMany = try await h.send(.POST, "\(base)/create", json: Self.inputs(101, prefix: "t"), token: token)
            #expect(tooMany.status == 400)
            #expect(tooMany.json["category"] == "VALIDATION_ERROR")
        }
    }

    @Test("one invalid input fails the whole batch create and writes nothing; a duplicate email is 409")
    func allOrNothing() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let bad: JSONValue = ["inputs": [["properties": ["email": "ok@example.com"]], ["properties": ["email": "x@example.com", "nope": "1"]]]]
            #expect(try await h.send(.POST, "\(base)/create", json: bad, token: token).status == 400)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token).json["results"]?.arrayValue?.isEmpty == true)
            let dup: JSONValue = ["inputs": [["properties": ["email": "same@example.com"]], ["properties": ["email": "same@example.com"]]]]
            #expect(try await h.send(.POST, "\(base)/create", json: dup, token: token).status == 409)
            let first: JSONValue = ["inputs": [["properties": ["email": "fresh@example.com"]], ["properties": ["email": "FRESH@example.com"]]]]
            #expect(try await h.send(.POST, "\(base)/create", json: first, token: token).status == 409)
            // Neither record of a refused batch was written.
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token).json["results"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("batch update changes the given records; unknown ids come back as 207 errors")
    func update() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let created = try await h.send(.POST, "\(base)/create", json: Self.inputs(3), token: token)
            let ids = created.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.count == 3)
            let all: JSONValue = ["inputs": .array(ids.map { ["id": .string($0), "properties": ["lastname": "Updated"]] })]
            let ok = try await h.send(.POST, "\(base)/update", json: all, token: token)
            #expect(ok.status == 200)
            #expect(ok.json["results"]?.arrayValue?.allSatisfy { $0["properties"]?["lastname"] == "Updated" } == true)
            let partial: JSONValue = ["inputs": [["id": .string(ids[0]), "properties": ["lastname": "Again"]], ["id": "777777", "properties": ["lastname": "X"]]]]
            let mixed = try await h.send(.POST, "\(base)/update", json: partial, token: token)
            #expect(mixed.status == 207)
            #expect(mixed.json["numErrors"] == 1)
            #expect(mixed.json["errors"]?[0]?["context"]?["ids"] == ["777777"])
            #expect(mixed.json["results"]?.arrayValue?.count == 1)
        }
    }

    @Test("batch read returns the asked properties; missing ids are 207 errors")
    func read() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let created = try await h.send(.POST, "\(base)/create", json: Self.inputs(2), token: token)
            let ids = created.json["results"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            let answer = try await h.send(.POST, "\(base)/read", json: ["properties": ["firstname"], "inputs": .array(ids.map { ["id": .string($0)] })], token: token)
            #expect(answer.status == 200)
            #expect(answer.json["results"]?[0]?["properties"]?["firstname"] == "N0")
            let missing = try await h.send(.POST, "\(base)/read", json: ["properties": [], "inputs": [["id": .string(ids[0])], ["id": "1"]]], token: token)
            #expect(missing.status == 207)
            let byEmail = try await h.send(.POST, "\(base)/read", json: ["idProperty": "email", "properties": ["email"], "inputs": [["id": "b1@example.com"]]], token: token)
            #expect(byEmail.json["results"]?[0]?["id"]?.stringValue == ids[1])
        }
    }
}
