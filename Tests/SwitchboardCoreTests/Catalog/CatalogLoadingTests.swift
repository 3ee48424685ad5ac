import Foundation
import Testing
@testable import SwitchboardCore

/// User connector folders: they add connectors, override built-ins partially, and never stop the
/// catalog from loading.
@Suite("Catalog loading and overrides")
struct CatalogLoadingTests {
    /// A fresh temporary folder holding `files` (name → contents).
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-catalog-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test("a partial user manifest overrides HubSpot's base URL and keeps everything else")
    func partialOverride() throws {
        let dir = try folder(["hubspot.json": #"{"id": "hubspot", "api": {"baseURL": "http://127.0.0.1:9999"}}"#])
        defer { try? FileManager.default.removeItem(at: dir) }
        let load = ConnectorCatalog.load(userDirectories: [dir])
        #expect(load.problems == [])
        let hubspot = try #require(load.catalog.connector(id: "hubspot"))
        let builtIn = try #require(BuiltInCatalogTests.load.catalog.connector(id: "hubspot"))
        #expect(hubspot.api.baseURL == "http://127.0.0.1:9999")
        #expect(hubspot.overridesBuiltIn)
        #expect(hubspot.source == .user(path: dir.appendingPathComponent("hubspot.json").path))
        #expect(hubspot.api.docsURL == builtIn.api.docsURL)
        #expect(hubspot.auth == builtIn.auth)
        #expect(hubspot.resources == builtIn.resources)
        #expect(hubspot.defaultMappings == builtIn.defaultMappings)
        #expect(hubspot.document.value(at: JSONPointer(parsing: "/api/baseURL")) == "http://127.0.0.1:9999")
        #expect(load.catalog.connectors.count == BuiltInCatalogTests.load.catalog.connectors.count)
    }

    @Test("overrides merge objects by key, replace arrays and scalars, and null removes a key")
    func mergeRules() {
        let base: JSONValue = ["a": ["x": 1, "y": 2], "list": [1, 2, 3], "keep": true, "drop": "me"]
        let patch: JSONValue = ["a": ["y": 20, "z": 30], "list": [9], "drop": nil]
        #expect(ManifestMerger.merge(base, patch) == ["a": ["x": 1, "y": 20, "z": 30], "list": [9], "keep": true])
    }

    @Test("a new user connector is added, marked as a user manifest")
    func newConnector() throws {
        let dir = try folder(["acme.json": ManifestFixtures.minimalText])
        defer { try? FileManager.default.removeItem(at: dir) }
        let load = ConnectorCatalog.load(userDirectories: [dir])
        #expect(load.problems == [])
        let acme = try #require(load.catalog.connector(id: "acme"))
        #expect(!acme.overridesBuiltIn)
        #expect(acme.source == .user(path: dir.appendingPathComponent("acme.json").path))
        #expect(load.catalog.connectors.count == BuiltInCatalogTests.load.catalog.connectors.count + 1)
    }

    @Test("a bad user file is skipped with a problem and everything else still loads")
    func badFileSkipped() throws {
        let dir = try folder([
            "acme.json": ManifestFixtures.minimalText,
            "broken.json": "{\"id\": \"broken\",",
            "zoho-crm.json": #"{"id": "zoho-crm", "api": {"baseURL": "ftp://eu.example"}}"#,
            "notes.txt": "not a manifest",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let load = ConnectorCatalog.load(userDirectories: [dir])
        #expect(load.problems.map(\.description) == [
            "\(dir.path)/broken.json: /: malformed JSON: line 1, column 17: expected a quoted key",
            "\(dir.path)/zoho-crm.json: /api/baseURL: URL must use https, found scheme \"ftp\": \"ftp://eu.example\"",
        ])
        #expect(load.catalog.connector(id: "acme") != nil)
        let zoho = try #require(load.catalog.connector(id: "zoho-crm"))
        #expect(!zoho.overridesBuiltIn && zoho.api.baseURL == "https://www.zohoapis.com", "a failed override leaves the built-in in place")
        #expect(load.catalog.connectors.count == BuiltInCatalogTests.load.catalog.connectors.count + 1)
    }

    @Test("a connector id defined twice in user folders keeps the first and reports the second")
    func duplicateUserIds() throws {
        let one = try folder(["acme.json": ManifestFixtures.minimalText])
        let two = try folder(["other.json": ManifestFixtures.minimalText])
        defer { try? FileManager.default.removeItem(at: one); try? FileManager.default.removeItem(at: two) }
        let load = ConnectorCatalog.load(userDirectories: [one, two], includeBuiltIns: false)
        #expect(load.problems.map(\.description) == [
            "\(two.path)/other.json: /id: connector \"acme\" is already defined by \(one.path)/acme.json; file skipped",
        ])
        #expect(load.catalog.connector(id: "acme")?.source == .user(path: one.appendingPathComponent("acme.json").path))
    }

    @Test("a missing user folder adds nothing and is no error")
    func missingFolder() {
        let load = ConnectorCatalog.load(userDirectories: [URL(fileURLWithPath: "/nonexistent/switchboard/connectors")])
        #expect(load.problems == [])
        #expect(load.catalog.connectors.count == BuiltInCatalogTests.load.catalog.connectors.count)
    }

    @Test("the user folder follows XDG_CONFIG_HOME, else ~/.config")
    func userFolder() {
        #expect(ConnectorCatalog.defaultUserDirectories(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/u"]).map(\.path)
            == ["/x/cfg/switchboard/connectors"])
        #expect(ConnectorCatalog.defaultUserDirectories(environment: ["HOME": "/home/u"]).map(\.path) == ["/home/u/.config/switchboard/connectors"])
        #expect(ConnectorCatalog.defaultUserDirectories(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"]).map(\.path)
            == ["/home/u/.config/switchboard/connectors"])
    }

    @Test("validating a partial override file on its own merges it over the built-in")
    func validateOverrideFile() throws {
        let dir = try folder(["hubspot.json": #"{"id": "hubspot", "api": {"baseURL": "http://127.0.0.1:9999"}}"#,
                              "missing.json": #"{"id": "nobody"}"#])
        defer { try? FileManager.default.removeItem(at: dir) }
        let ok = ManifestValidator.validate(fileAt: dir.appendingPathComponent("hubspot.json"))
        #expect(ok.problems == [] && ok.manifest?.overridesBuiltIn == true)
        let bad = ManifestValidator.validate(fileAt: dir.appendingPathComponent("missing.json"))
        #expect(bad.manifest == nil)
        #expect(bad.problems.map(\.message).filter { $0 == "missing" }.count == 7)
        let absent = ManifestValidator.validate(fileAt: dir.appendingPathComponent("absent.json"))
        #expect(absent.problems.map(\.message) == ["cannot read the file (missing or not readable)"])
    }
}
