import Foundation
import NIOHTTP1
import Testing
import SwitchboardCore
@testable import SwitchboardSandbox

/// The sandbox's Alloy Connectivity API, spoken to over HTTP as the seed documents it.
@Suite("Alloy-compatible API", .serialized)
struct AlloyAPITests {
    static let key = SandboxServer.alloyAPIKey

    /// An Alloy call with the standard headers (each can be left out or replaced).
    func call(_ h: Harness, _ method: HTTPMethod, _ path: String, user: String? = nil, json: JSONValue? = nil,
              key: String? = AlloyAPITests.key, version: String? = "2025-09", extra: [(String, String)] = []) async throws -> Answer {
        var headers = extra
        if let key { headers.append(("Authorization", "Bearer \(key)")) }
        if let version { headers.append(("x-api-version", version)) }
        if let user { headers.append(("x-alloy-userid", user)) }
        return try await h.send(method, "/alloy" + path, json: json, headers: headers)
    }

    func user(_ h: Harness, _ name: String = "user_bhb") async throws -> String {
        let answer = try await call(h, .POST, "/users", json: ["fullName": "Dexter Morgan", "username": .string(name)])
        return try #require(answer.json["userId"]?.stringValue, "\(answer.text)")
    }

    /// Creates a credential: POST → oauthUrl → (auto-approved) provider → Alloy callback → redirectUri?success=true.
    func credential(_ h: Harness, user: String, connector: String = "hubspot") async throws -> String {
        let start = try await call(h, .POST, "/connectors/\(connector)/credentials", user: user,
                                   json: ["authenticationType": "oauth2", "redirectUri": "https://yourplatform.com/crm/callback"])
        let url = try #require(start.json["oauthUrl"]?.stringValue, "\(start.text)")
        let provider = try await h.send(.GET, url)
        let callback = try #require(provider.header("Location"), "the provider redirects to Alloy's callback")
        let done = try await h.send(.GET, callback)
        #expect(done.header("Location") == "https://yourplatform.com/crm/callback?success=true")
        let list = try await call(h, .GET, "/connectors/\(connector)/credentials", user: user)
        return try #require(list.json["credentials"]?.arrayValue?.last?["credentialId"]?.stringValue, "\(list.text)")
    }

    @Test("every call needs Bearer API key and x-api-version 2025-09; a user's calls need x-alloy-userid")
    func headers() async throws {
        try await Harness.with { h in
            let noKey = try await call(h, .GET, "/connectors", key: nil)
            #expect(noKey.status == 401 && noKey.json["error"]?["code"] == "UNAUTHORIZED")
            let wrong = try await call(h, .GET, "/connectors", key: "not-the-key")
            #expect(wrong.status == 401)
            let basic = try await h.send(.GET, "/alloy/connectors", headers: [("Authorization", "Basic \(Self.key)"), ("x-api-version", "2025-09")])
            #expect(basic.status == 401, "only Bearer")
            let noVersion = try await call(h, .GET, "/connectors", version: nil)
            #expect(noVersion.status == 400 && noVersion.json["error"]?["code"] == "VALIDATION_ERROR")
            #expect(noVersion.json["error"]?["details"]?["field"] == "x-api-version")
            let oldVersion = try await call(h, .GET, "/connectors", version: "2024-03")
            #expect(oldVersion.status == 400 && oldVersion.json["error"]?["details"]?["reason"]?.stringValue?.contains("2024-03") == true)
            let noUser = try await call(h, .GET, "/connectors/hubspot/credentials")
            #expect(noUser.status == 400 && noUser.json["error"]?["details"]?["field"] == "x-alloy-userid")
            let unknownUser = try await call(h, .GET, "/connectors/hubspot/credentials", user: "000000000000000000000000")
            #expect(unknownUser.status == 404 && unknownUser.json["error"]?["code"] == "NOT_FOUND")
            let ok = try await call(h, .GET, "/connectors")
            #expect(ok.status == 200)
        }
    }

    @Test("POST /users: fullName and username required, usernames unique, JSON only; the user survives a restart")
    func users() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-alloy-\(UUID()).sqlite")
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + s) } }
        let id: String = try await Harness.with(SandboxConfiguration(dataFile: file, autoApprove: true, rateLimits: [:])) { h in
            let id = try await user(h)
            #expect(id.count == 24)
            let again = try await call(h, .POST, "/users", json: ["fullName": "Other", "username": "user_bhb"])
            #expect(again.status == 400 && again.json["error"]?["details"]?["field"] == "username")
            let missing = try await call(h, .POST, "/users", json: ["username": "x"])
            #expect(missing.json["error"]?["details"] == ["field": "fullName", "reason": "required"])
            let extra = try await call(h, .POST, "/users", json: ["fullName": "A", "username": "b", "email": "c"])
            #expect(extra.json["error"]?["details"]?["field"] == "email")
            let form = try await h.send(.POST, "/alloy/users", body: "fullName=A&username=b",
                                        headers: [("Authorization", "Bearer \(Self.key)"), ("x-api-version", "2025-09"), ("Content-Type", "application/x-www-form-urlencoded")])
            #expect(form.status == 400 && form.json["error"]?["details"]?["field"] == "Content-Type")
            return id
        }
        try await Harness.with(SandboxConfiguration(dataFile: file, autoApprove: true, rateLimits: [:])) { h in
            let list = try await call(h, .GET, "/connectors/hubspot/credentials", user: id)
            #expect(list.status == 200 && list.json["credentials"] == [], "a restarted sandbox still knows the user (no credentials yet)")
        }
    }

    @Test("GET /connectors answers in Alloy's shape; ?category=crm filters; resources and action schemas come from the manifests")
    func catalog() async throws {
        try await Harness.with { h in
            let all = try await call(h, .GET, "/connectors").json["connectors"]?.arrayValue ?? []
            let hubspot = try #require(all.first { $0["id"] == "hubspot" })
            #expect(hubspot["name"] == "HubSpot" && hubspot["category"] == ["crm"] && hubspot["icon"]?.stringValue?.hasSuffix("hubspot.png") == true)
            #expect(all.contains { $0["id"] == "salesforceCRM" && $0["category"] == ["sales-crm"] })
            #expect(all.contains { $0["id"] == "slack" })
            let crm = try await call(h, .GET, "/connectors?category=crm").json["connectors"]?.arrayValue ?? []
            #expect(!crm.contains { $0["id"] == "slack" } && crm.contains { $0["id"] == "salesforceCRM" })
            let resources = try await call(h, .GET, "/connectors/hubspot/resources").json["resources"]?.arrayValue ?? []
            let contacts = try #require(resources.first { $0["name"] == "contacts" })
            #expect(contacts["actions"]?.arrayValue?.contains { $0["id"] == "createContact" && $0["name"]?.stringValue?.isEmpty == false } == true)
            let action = try await call(h, .GET, "/connectors/hubspot/actions/createContact").json["action"]
            #expect(action?["httpMethod"] == "post" && action?["path"] == "/crm/v3/objects/contacts" && action?["parameters"] == [])
            #expect(action?["requestBody"]?["required"] == ["properties"])
            let update = try await call(h, .GET, "/connectors/hubspot/actions/updateContact").json["action"]
            #expect(update?["parameters"]?[0]?["name"] == "contactId" && update?["parameters"]?[0]?["in"] == "path")
            let unknown = try await call(h, .GET, "/connectors/nope/resources")
            #expect(unknown.status == 404 && unknown.json["error"]?["code"] == "NOT_FOUND")
        }
    }

    @Test("credentials: the oauthUrl leads through the consent page and back to the redirectUri with success=true")
    func consent() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: false, rateLimits: [:])) { h in
            let id = try await user(h)
            let empty = try await call(h, .GET, "/connectors/hubspot/credentials", user: id)
            #expect(empty.json == ["credentials": []])
            let start = try await call(h, .POST, "/connectors/hubspot/credentials", user: id,
                                       json: ["authenticationType": "oauth2", "redirectUri": "https://yourplatform.com/crm/callback"])
            let url = try #require(start.json["oauthUrl"]?.stringValue)
            #expect(url.hasPrefix(h.base + "/oauth/hubspot/authorize?"))
            let page = try await h.send(.GET, url)
            #expect(page.status == 200 && page.text.contains("Connect hubspot?"))
            let request = try #require(page.text.range(of: #"name="request" value="([^"]+)""#, options: .regularExpression).map { String(page.text[$0]) })
                .replacingOccurrences(of: #"name="request" value=""#, with: "").dropLast()
            let decision = try await h.form("/oauth/hubspot/authorize/decision", [("request", String(request)), ("account", "acme"), ("decision", "approve")])
            let callback = try #require(decision.header("Location"))
            #expect(callback.hasPrefix(h.base + "/alloy/oauth/callback?code="))
            let done = try await h.send(.GET, callback)
            #expect(done.status == 302 && done.header("Location") == "https://yourplatform.com/crm/callback?success=true")
            let list = try await call(h, .GET, "/connectors/hubspot/credentials", user: id).json["credentials"]?.arrayValue ?? []
            #expect(list.count == 1)
            #expect(list.first?["name"] == "Dexter Morgan's HubSpot" && list.first?["type"] == "hubspot-oauth2")
            #expect(list.first?["createdAt"]?.stringValue?.hasSuffix("Z") == true)
            let replay = try await h.send(.GET, callback)
            #expect(replay.status == 400, "a callback is used once")
        }
    }

    @Test("POST credentials checks authenticationType and redirectUri")
    func credentialValidation() async throws {
        try await Harness.with { h in
            let id = try await user(h)
            let apiKey = try await call(h, .POST, "/connectors/hubspot/credentials", user: id, json: ["authenticationType": "apiKey", "redirectUri": "https://x.example/cb"])
            #expect(apiKey.status == 400 && apiKey.json["error"]?["details"]?["field"] == "authenticationType")
            let relative = try await call(h, .POST, "/connectors/hubspot/credentials", user: id, json: ["authenticationType": "oauth2", "redirectUri": "/crm/callback"])
            #expect(relative.json["error"]?["details"]?["field"] == "redirectUri")
            let missing = try await call(h, .POST, "/connectors/hubspot/credentials", user: id, json: ["authenticationType": "oauth2"])
            #expect(missing.json["error"]?["details"] == ["field": "redirectUri", "reason": "required"])
        }
    }

    @Test("execute forwards createContact to the HubSpot store and answers responseData with the id and statusCode")
    func execute() async throws {
        try await Harness.with { h in
            let id = try await user(h)
            let credential = try await credential(h, user: id)
            let answer = try await call(h, .POST, "/connectors/hubspot/actions/createContact/execute", user: id, json: [
                "credentialId": .string(credential),
                "requestBody": ["properties": ["email": "john.doe@acme.com", "firstname": "John", "lastname": "Doe", "jobtitle": "Sales Manager"]],
            ])
            #expect(answer.status == 200, "\(answer.text)")
            let recordID = try #require(answer.json["responseData"]?["id"]?.stringValue)
            #expect(answer.json["statusCode"] == 201)
            #expect(answer.json["responseData"]?["properties"]?["email"] == "john.doe@acme.com")
            let token = try await h.token("hubspot")
            let stored = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts/\(recordID)?properties=email,jobtitle", token: token)
            #expect(stored.status == 200 && stored.json["properties"]?["jobtitle"] == "Sales Manager", "the record is in the HubSpot store")
            let salesforceCredential = try await self.credential(h, user: id, connector: "salesforceCRM")
            let sf = try await call(h, .POST, "/connectors/salesforceCRM/actions/createContact/execute", user: id,
                                    json: ["credentialId": .string(salesforceCredential), "requestBody": ["LastName": "Chen", "Email": "mike.chen@innovate.io"]])
            #expect(sf.status == 200 && sf.json["responseData"]?["success"] == true, "\(sf.text)")
        }
    }

    @Test("execute errors: VALIDATION_ERROR with field and reason, INVALID_CREDENTIAL when revoked, refresh of an expired CRM token")
    func executeErrors() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, tokenTTL: 1, rateLimits: [:])) { h in
            let id = try await user(h)
            let credential = try await credential(h, user: id)
            let path = "/connectors/hubspot/actions/createContact/execute"
            let noCredential = try await call(h, .POST, path, user: id, json: ["requestBody": ["properties": ["email": "a@b.co"]]])
            #expect(noCredential.json["error"]?["details"] == ["field": "credentialId", "reason": "required"])
            let noProperties = try await call(h, .POST, path, user: id, json: ["credentialId": .string(credential), "requestBody": ["email": "a@b.co"]])
            #expect(noProperties.status == 400 && noProperties.json["error"]?["code"] == "VALIDATION_ERROR")
            #expect(noProperties.json["error"]?["details"]?["pointer"]?.stringValue?.hasPrefix("/requestBody") == true, "\(noProperties.text)")
            let unknownProperty = try await call(h, .POST, path, user: id,
                                                 json: ["credentialId": .string(credential), "requestBody": ["properties": ["email": "a@b.co", "shoe_size": "42"]]])
            #expect(unknownProperty.status == 400 && unknownProperty.json["error"]?["details"]?["field"] == "shoe_size", "the CRM's refusal names the field: \(unknownProperty.text)")
            // The CRM token expires after 1 s; Alloy refreshes it and the call succeeds.
            try await Task.sleep(nanoseconds: 1_300_000_000)
            let refreshed = try await call(h, .POST, path, user: id, json: ["credentialId": .string(credential), "requestBody": ["properties": ["email": "late@b.co"]]])
            #expect(refreshed.status == 200, "\(refreshed.text)")
            let deleted = try await call(h, .DELETE, "/connectors/hubspot/credentials/\(credential)", user: id)
            #expect(deleted.status == 200)
            let revoked = try await call(h, .POST, path, user: id, json: ["credentialId": .string(credential), "requestBody": ["properties": ["email": "x@b.co"]]])
            #expect(revoked.status == 401)
            #expect(revoked.json["error"] == ["code": "INVALID_CREDENTIAL", "message": "The credential has expired or been revoked", "details": "User needs to re-authenticate"])
            let foreign = try await call(h, .POST, path, user: try await user(h, "someone_else"), json: ["credentialId": .string(credential), "requestBody": ["properties": ["email": "x@b.co"]]])
            #expect(foreign.json["error"]?["code"] == "INVALID_CREDENTIAL", "another user's credential is not usable")
        }
    }

    @Test("rate limits: Alloy's own and the CRM's both answer 429 RATE_LIMIT_EXCEEDED with Retry-After")
    func rateLimits() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: ["alloy": RateLimitRule(requests: 3, windowSeconds: 60)])) { h in
            for _ in 0..<3 { _ = try await call(h, .GET, "/connectors") }
            let limited = try await call(h, .GET, "/connectors")
            #expect(limited.status == 429 && limited.json["error"] == ["code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"])
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
        }
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: ["hubspot": RateLimitRule(requests: 1, windowSeconds: 60)])) { h in
            let id = try await user(h)
            let credential = try await credential(h, user: id)
            let body: JSONValue = ["credentialId": .string(credential), "requestBody": ["properties": ["email": "one@b.co"]]]
            let first = try await call(h, .POST, "/connectors/hubspot/actions/createContact/execute", user: id, json: body)
            #expect(first.status == 200)
            let second = try await call(h, .POST, "/connectors/hubspot/actions/createContact/execute", user: id,
                                        json: ["credentialId": .string(credential), "requestBody": ["properties": ["email": "two@b.co"]]])
            #expect(second.status == 429 && second.json["error"]?["code"] == "RATE_LIMIT_EXCEEDED", "\(second.text)")
            #expect(second.header("Retry-After") != nil)
        }
    }
}
