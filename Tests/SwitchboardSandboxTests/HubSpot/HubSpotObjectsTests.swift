import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("HubSpot objects: create, read, update, archive, list")
struct HubSpotObjectsTests {
    let path = "/hubspot/crm/v3/objects/contacts"

    @Test("create answers 201 with a numeric id, string properties and timestamps; read returns it")
    func createAndRead() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let created = try await h.send(.POST, path, json: ["properties": ["email": "ada@example.com", "firstname": "Ada"]], token: token)
            #expect(created.status == 201)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(Int(id) != nil)
            #expect(created.json["properties"]?["hs_object_id"]?.stringValue == id)
            #expect(created.json["properties"]?["email"] == "ada@example.com")
            #expect(created.json["properties"]?["createdate"]?.stringValue?.hasSuffix("Z") == true)
            #expect(created.json["archived"] == false)
            #expect(created.json["createdAt"]?.stringValue != nil && created.json["updatedAt"]?.stringValue != nil)
            let read = try await h.send(.GET, "\(path)/\(id)", token: token)
            #expect(read.status == 200)
            #expect(read.json["properties"]?["firstname"] == "Ada")
            #expect(read.json["properties"]?["lastname"] == .null)  // default properties are listed, empty ones as null
            let some = try await h.send(.GET, "\(path)/\(id)?properties=email", token: token)
            #expect(some.json["properties"]?["firstname"] == nil)
            #expect(some.json["properties"]?["email"] == "ada@example.com")
            let byEmail = try await h.send(.GET, "\(path)/ada@example.com?idProperty=email", token: token)
            #expect(byEmail.json["id"]?.stringValue == id)
            #expect(try await h.send(.GET, "\(path)/999999", token: token).status == 404)
        }
    }

    @Test("PATCH changes only the given properties and bumps lastmodifieddate")
    func update() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let created = try await h.send(.POST, path, json: ["properties": ["email": "b@example.com", "firstname": "B", "lastname": "One"]], token: token)
            let id = try #require(created.json["id"]?.stringValue)
            let before = try #require(created.json["updatedAt"]?.stringValue)
            try await Task.sleep(nanoseconds: 5_000_000)
            let patched = try await h.send(.PATCH, "\(path)/\(id)", json: ["properties": ["firstname": "Bea"]], token: token)
            #expect(patched.status == 200)
            let read = try await h.send(.GET, "\(path)/\(id)?properties=firstname,lastname,lastmodifieddate", token: token)
            #expect(read.json["properties"]?["firstname"] == "Bea")
            #expect(read.json["properties"]?["lastname"] == "One")
            let after = try #require(read.json["updatedAt"]?.stringValue)
            #expect(after > before)
            #expect(try await h.send(.PATCH, "\(path)/424242", json: ["properties": ["firstname": "X"]], token: token).status == 404)
        }
    }

    @Test("archive answers 204; the record is gone from reads and lists but visible with archived=true")
    func archive() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let id = try #require(try await h.send(.POST, path, json: ["properties": ["email": "c@example.com"]], token: token).json["id"]?.stringValue)
            #expect(try await h.send(.DELETE, "\(path)/\(id)", token: token).status == 204)
            #expect(try await h.send(.GET, "\(path)/\(id)", token: token).status == 404)
            let archived = try await h.send(.GET, "\(path)/\(id)?archived=true", token: token)
            #expect(archived.json["archived"] == true)
            let list = try await h.send(.GET, path, token: token)
            #expect(list.json["results"]?.arrayValue?.isEmpty == true)
            // The email is free again once archived.
            #expect(try await h.send(.POST, path, json: ["properties": ["email": "c@example.com"]], token: token).status == 201)
        }
    }

    @Test("list pages with limit and after until paging disappears")
    func paging() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            for i in 0..<7 {
                #expect(try await h.send(.POST, path, json: ["properties": ["email": .string("p\(i)@example.com")]], token: token).status == 201)
            }
            var seen: [String] = []
            var after: String?
            var pages = 0
            repeat {
                let page = try await h.send(.GET, path + "?limit=3&properties=email" + (after.map { "&after=\($0)" } ?? ""), token: token)
                #expect(page.status == 200)
                seen += page.json["results"]?.arrayValue?.compactMap { $0["properties"]?["email"]?.stringValue } ?? []
                after = page.json["paging"]?["next"]?["after"]?.stringValue
                pages += 1
            } while after != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == (0..<7).map { "p\($0)@example.com" })
            #expect(try await h.send(.GET, path + "?limit=101", token: token).status == 400)
        }
    }

    @Test("the demo seed fills each account with contacts, companies and deals")
    func demoSeed() async throws {
        try await Harness.with(SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])) { h in
            for account in ["acme", "globex", "initech"] {
                let token = try await h.token(account: account)
                for object in ["contacts", "companies", "deals"] {
                    let list = try await h.send(.GET, "/hubspot/crm/v3/objects/\(object)?limit=100", token: token)
                    #expect((list.json["results"]?.arrayValue?.count ?? 0) >= 4, "\(account) \(object)")
                }
            }
        }
    }
}
