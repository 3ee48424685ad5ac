import Foundation
import Testing

/// `connectors` and `actions` from a script's point of view: the built binary, its stdout, its exit status.
@Suite("Catalog commands", .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct CatalogCommandsTests {
    private func json(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "top-level JSON object:\n\(text)")
    }

    @Test("connectors list --category crm --json lists at least the five CRMs")
    func listCRMs() throws {
        let result = try runSwitchboard(["connectors", "list", "--category", "crm", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let connectors = try #require(try json(result.stdout)["connectors"] as? [[String: Any]])
        let ids = Set(connectors.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["hubspot", "salesforce", "copper", "pipedrive", "zoho-crm"]), "ids: \(ids)")
        for c in connectors { #expect((c["categories"] as? [String])?.contains("crm") == true) }
    }

    @Test("actions schema hubspot createContact --json returns the schema and its required fields")
    func schemaJSON() throws {
        let result = try runSwitchboard(["actions", "schema", "hubspot", "createContact", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["method"] as? String == "POST")
        #expect(object["path"] as? String == "/crm/v3/objects/contacts")
        let required = try #require(object["required"] as? [String])
        #expect(required.contains("/properties"), "required: \(required)")
        let schema = try #require(object["schema"] as? [String: Any])
        #expect((schema["required"] as? [String])?.contains("properties") == true)
    }

    @Test("actions schema in text marks required fields with *")
    func schemaText() throws {
        let result = try runSwitchboard(["actions", "schema", "salesforce", "createOpportunity"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("* StageName") }, "\(result.stdout)")
        #expect(lines.contains { $0.contains("* CloseDate") && $0.contains("date") }, "\(result.stdout)")
    }

    @Test("issue 18 finding 6: a --connectors-dir that does not exist, or holds a manifest that does not load, stops the command (exit 2)")
    func connectorsDirMustLoad() throws {
        let missing = try runSwitchboard(["connectors", "list", "--connectors-dir", "/nonexistent-sb-folder"])
        #expect(missing.status == 2 && missing.stderr.contains("--connectors-dir /nonexistent-sb-folder: no such folder"), "\(missing.stderr)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbbroken-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"id": "broken""#.utf8).write(to: folder.appendingPathComponent("broken.json"))
        let broken = try runSwitchboard(["connectors", "list", "--connectors-dir", folder.path])
        #expect(broken.status == 2 && broken.stderr.contains("broken.json: /: malformed JSON") && broken.stdout.isEmpty, "\(broken.stderr)")
    }

    @Test("a user manifest overrides HubSpot's base URL and connectors show reports it")
    func override() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbovr-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"id": "hubspot", "api": {"baseURL": "https://eu1.example.test"}}"#.utf8).write(to: folder.appendingPathComponent("hubspot.json"))
        let text = try runSwitchboard(["connectors", "show", "hubspot", "--connectors-dir", folder.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("API:         https://eu1.example.test"), "\(text.stdout)")
        #expect(text.stdout.contains("override: "), "the source says it is an override:\n\(text.stdout)")
        let json = try runSwitchboard(["connectors", "show", "hubspot", "--json", "--connectors-dir", folder.path])
        let api = try #require(try self.json(json.stdout)["api"] as? [String: Any])
        #expect(api["baseURL"] as? String == "https://eu1.example.test")
        let untouched = try runSwitchboard(["connectors", "show", "hubspot"])
        #expect(untouched.stdout.contains("API:         https://api.hubapi.com"))
    }

    @Test("connectors validate names the file and JSON path of each problem and exits 1")
    func validate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbval-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("broken.json")
        try Data(#"{"id": "broken", "name": "Broken", "categories": ["crm"], "resources": [{"id": "r", "actions": [{"id": "a"}]}]}"#.utf8).write(to: bad)
        let malformed = folder.appendingPathComponent("malformed.json")
        try Data("{\"id\": \"m\",\n  oops".utf8).write(to: malformed)
        let result = try runSwitchboard(["connectors", "validate", bad.path, malformed.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(bad.path): /resources/0/actions/0/path: missing"), "\(result.stdout)")
        #expect(result.stdout.contains(malformed.path), "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal") && !result.stderr.contains("Stack"))
        let good = try runSwitchboard(["connectors", "validate", "Sources/SwitchboardCore/Resources/connectors/hubspot.json"].map { $0.hasPrefix("Sources") ? packageRoot().appendingPathComponent($0).path : $0 })
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.contains(": ok (hubspot"))
    }

    @Test("an unknown connector or action is one line on stderr and exit 1")
    func unknown() throws {
        let connector = try runSwitchboard(["actions", "list", "nosuchcrm"])
        #expect(connector.status == 1)
        #expect(connector.stderr.contains("unknown connector \"nosuchcrm\"") && connector.stderr.contains("hubspot"))
        #expect(connector.stderr.split(separator: "\n").count == 1)
        let action = try runSwitchboard(["actions", "schema", "hubspot", "noSuchAction"])
        #expect(action.status == 1)
        #expect(action.stderr.contains("createContact"), "lists the known actions: \(action.stderr)")
    }
}

/// The package's root folder (for the built-in manifest files).
func packageRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
