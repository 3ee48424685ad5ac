import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Admin edits, persistence and embedding")
struct AdminAndEmbeddingTests {
    @Test("an admin edit changes a record and bumps its modified time so searches see it")
    func adminEdit() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let created = try await h.send(.POST, "/hubspot/crm/v3/objects/contacts", json: ["properties": ["email": "e@example.com", "firstname": "Eve"]], token: token)
            let id = try #require(created.json["id"]?.stringValue)
            try await Task.sleep(nanoseconds: 5_000_000)
            let edited = try await h.send(.PATCH, "/admin/records/hubspot/contacts/\(id)", json: ["fields": ["firstname": "Evelyn"]])
            #expect(edited.status == 200)
            let read = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts/\(id)", token: token)
            #expect(read.json["properties"]?["firstname"] == "Evelyn")
            #expect((read.json["updatedAt"]?.stringValue ?? "") > (created.json["updatedAt"]?.stringValue ?? "~"))
            let bad = try await h.send(.PATCH, "/admin/records/hubspot/contacts/\(id)", json: ["fields": ["nope": "x"]])
            #expect(bad.status == 400)
            #expect(try await h.send(.PATCH, "/admin/records/hubspot/contacts/1", json: ["fields": ["firstname": "x"]]).status == 400)
        }
    }

    @Test("reset empties the store, optionally seeding the demo data again")
    func reset() async throws {
        try await Harness.with(SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])) { h in
            let token = try await h.token()
            let seeded = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts?limit=100", token: token).json["results"]?.arrayValue?.count ?? 0
            #expect(seeded > 0)
            #expect(try await h.send(.POST, "/admin/reset").json["records"] == 0)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token).json["results"] == [])
            _ = try await h.send(.POST, "/admin/reset", json: ["seed": "demo"])
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts?limit=100", token: token).json["results"]?.arrayValue?.count == seeded)
            #expect(try await h.send(.POST, "/admin/reset", json: ["seed": "other"]).status == 400)
        }
    }

    @Test("records persist in the data file across restarts and the file can be edited directly")
    func persistence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sbx-test-\(UUID().uuidString).sqlite")
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file.path + s) } }
        let config = SandboxConfiguration(dataFile: file, autoApprove: true, rateLimits: [:])
        let id = try await Harness.with(config) { h in
            let token = try await h.token("salesforce")
            return try #require(try await h.send(.POST, "/salesforce/services/data/v62.0/sobjects/Contact", json: ["LastName": "Kept"], token: token).json["id"]?.stringValue)
        }
        // Only the owner reads the data file and its sidecars (issue 18, finding 11: it was 0644).
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: file.path + suffix) {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file.path + suffix)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(file.path + suffix) is \(String(mode, radix: 8))")
        }
        let text = try SandboxEditor.edit(dataFile: file, connector: "salesforce", object: "Contact", id: id,
                                          assignments: try SandboxEditor.parseAssignments(["Title=Chief", "FirstName="]))
        #expect(text.contains("Chief"))
        #expect(throws: SandboxError.self) { try SandboxEditor.edit(dataFile: file, connector: "salesforce", object: "Contact", id: id, assignments: ["Bogus": "1"]) }
        try await Harness.with(config) { h in
            let token = try await h.token("salesforce")
            let got = try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects/Contact/\(id)", token: token)
            #expect(got.json["LastName"] == "Kept")
            #expect(got.json["Title"] == "Chief")
        }
    }

    @Test("override manifests load through the catalog's user directory and point every connector at the sandbox")
    func overrideManifests() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbx-manifests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = URL(string: "http://127.0.0.1:4567")!
        let files = try SandboxManifests.write(to: folder, baseURL: base)
        #expect(files.count == 5)
        let load = ConnectorCatalog.load(userDirectories: [folder])
        #expect(load.problems.isEmpty, "\(load.problems)")
        for id in SandboxManifests.connectorIDs {
            let m = try #require(load.catalog.connector(id: id))
            // Copper's API lives under /developer_api/v1 of its host, as its built-in base URL says.
            #expect(m.api.baseURL == "http://127.0.0.1:4567/\(id)" + (id == "copper" ? "/developer_api/v1" : ""))
            let auth = try #require(m.auth.oauth2)
            #expect(auth.authorizationURL == "http://127.0.0.1:4567/oauth/\(id)/authorize")
            #expect(auth.tokenURL == "http://127.0.0.1:4567/oauth/\(id)/token")
            #expect(auth.redirect == .anyLoopbackPort(path: "/oauth/callback"))
            #expect(auth.clientAuthentication.rawValue == SandboxClient.registered[id]?.authMethod)
            #expect(m.api.regions.allSatisfy { $0.baseURL.hasPrefix("http://127.0.0.1:4567") })
        }
        #expect(SandboxServer.clientCredentials(connectorID: "hubspot")?.id == "sandbox-hubspot-client")
        #expect(SandboxServer.clientCredentials(connectorID: "nope") == nil)
    }

    @Test("the server binds 127.0.0.1 only and two sandboxes run side by side")
    func binding() async throws {
        let a = try await SandboxServer.start()
        let b = try await SandboxServer.start()
        #expect(a.port != b.port)
        #expect(a.baseURL.host == "127.0.0.1")
        await a.stop()
        await b.stop()
        await #expect(throws: (any Error).self) {
            _ = try await SandboxServer.start(SandboxConfiguration(port: 70000))
        }
    }
}
