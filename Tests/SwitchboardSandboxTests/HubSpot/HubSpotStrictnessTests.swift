import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("HubSpot strictness: values, properties, duplicates, auth and bad requests")
struct HubSpotStrictnessTests {
    let path = "/hubspot/crm/v3/objects/contacts"

    @Test("a non-string property value is a 400 VALIDATION_ERROR")
    func nonStringValue() async throws {
        try await Harness.with { h in
            let answer = try await h.send(.POST, path, json: ["properties": ["email": "n@example.com", "phone": 5551234]], token: try await h.token())
            #expect(answer.status == 400)
            #expect(answer.json["category"] == "VALIDATION_ERROR")
            #expect(answer.json["message"]?.stringValue?.contains("phone") == true)
        }
    }

    @Test("an unknown property is a 400 with HubSpot's error body naming it")
    func unknownProperty() async throws {
        try await Harness.with { h in
            let answer = try await h.send(.POST, path, json: ["properties": ["email": "u@example.com", "favourite_colour": "teal"]], token: try await h.token())
            #expect(answer.status == 400)
            #expect(answer.json["status"] == "error")
            #expect(answer.json["category"] == "VALIDATION_ERROR")
            #expect(answer.json["correlationId"]?.stringValue?.count == 36)
            let message = try #require(answer.json["message"]?.stringValue)
            #expect(message.hasPrefix("Property values were not valid"))
            #expect(message.contains("PROPERTY_DOESNT_EXIST") && message.contains("favourite_colour"))
            #expect(try await h.send(.GET, path, token: try await h.token()).json["results"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test("read-only properties, bad enumeration options and bad emails are refused")
    func typedValues() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let readOnly = try await h.send(.POST, path, json: ["properties": ["email": "r@example.com", "hs_object_id": "5"]], token: token)
            #expect(readOnly.status == 400 && readOnly.text.contains("READ_ONLY_VALUE"))
            let option = try await h.send(.POST, path, json: ["properties": ["email": "o@example.com", "lifecyclestage": "friend"]], token: token)
            #expect(option.status == 400 && option.text.contains("INVALID_OPTION"))
            let email = try await h.send(.POST, path, json: ["properties": ["email": "not-an-email"]], token: token)
            #expect(email.status == 400 && email.text.contains("INVALID_EMAIL"))
            let amount = try await h.send(.POST, "/hubspot/crm/v3/objects/deals", json: ["properties": ["dealname": "D", "amount": "lots"]], token: token)
            #expect(amount.status == 400)
        }
    }

    @Test("a duplicate contact email is a 409 naming the existing id, case-insensitively")
    func duplicateEmail() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let first = try await h.send(.POST, path, json: ["properties": ["email": "dup@example.com"]], token: token)
            let id = try #require(first.json["id"]?.stringValue)
            let second = try await h.send(.POST, path, json: ["properties": ["email": "DUP@example.com"]], token: token)
            #expect(second.status == 409)
            #expect(second.json["category"] == "CONFLICT")
            #expect(second.json["message"]?.stringValue == "Contact already exists. Existing ID: \(id)")
            // Another account may have the same email.
            #expect(try await h.send(.POST, path, json: ["properties": ["email": "dup@example.com"]], token: try await h.token(account: "globex")).status == 201)
        }
    }

    @Test("no token, an unknown token and a missing scope answer 401, 401 and 403")
    func authErrors() async throws {
        try await Harness.with { h in
            let none = try await h.send(.GET, path)
            #expect(none.status == 401)
            #expect(none.json["category"] == "INVALID_AUTHENTICATION")
            #expect(try await h.send(.GET, path, token: "made-up").status == 401)
            let readOnly = try await h.token(scopes: ["oauth", "crm.objects.contacts.read"])
            #expect(try await h.send(.GET, path, token: readOnly).status == 200)
            let write = try await h.send(.POST, path, json: ["properties": ["email": "s@example.com"]], token: readOnly)
            #expect(write.status == 403)
            #expect(write.json["category"] == "MISSING_SCOPES")
            #expect(write.text.contains("crm.objects.contacts.write"))
            // Salesforce tokens do not open HubSpot.
            #expect(try await h.send(.GET, path, token: try await h.token("salesforce")).status == 401)
        }
    }

    @Test("malformed JSON is 400, a wrong content type 415, an unknown route 404, an oversized body 413")
    func badRequests() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: [:], maxBodyBytes: 10_000)) { h in
            let token = try await h.token()
            let malformed = try await h.send(.POST, path, body: "{\"properties\": {", token: token, headers: [("Content-Type", "application/json")])
            #expect(malformed.status == 400)
            #expect(malformed.json["category"] == "VALIDATION_ERROR")
            #expect(malformed.json["message"]?.stringValue?.hasPrefix("Invalid input JSON") == true)
            let text = try await h.send(.POST, path, body: "email=x", token: token, headers: [("Content-Type", "text/plain")])
            #expect(text.status == 415)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/nothing/here", token: token).status == 404)
            #expect(try await h.send(.GET, "/nowhere").status == 404)
            #expect(try await h.send(.PUT, path, json: [:], token: token).status == 405)
            let big = try await h.send(.POST, path, json: ["properties": ["email": "big@example.com", "firstname": .string(String(repeating: "x", count: 20_000))]], token: token)
            #expect(big.status == 413)
            #expect(big.json["status"] == "error")
            // The server is still healthy afterwards.
            #expect(try await h.send(.GET, path, token: token).status == 200)
        }
    }
}
