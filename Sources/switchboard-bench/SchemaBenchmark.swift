import Foundation
import SwitchboardCore

/// Issue 3's second figure: validate 100,000 contact payloads against HubSpot's createContact
/// schema on one core.
enum SchemaBenchmark {
    struct Missing: Error, CustomStringConvertible { var description: String }

    static func run() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        guard let schema = catalog.connector(id: "hubspot")?.action(id: "createContact")?.action.requestSchema else {
            throw Missing(description: "hubspot createContact has no request schema")
        }
        let payloads: [JSONValue] = try (0..<100_000).map { i in
            try JSONParser.parse("""
                {"properties": {"email": "person\(i)@example.com", "firstname": "Ada\(i)", "lastname": "Lovelace",
                 "phone": "+44 20 7946 \(i % 10000)", "company": "Analytical Engines"}}
                """)
        }
        var invalid = 0
        let seconds = Stopwatch.seconds {
            for payload in payloads where !schema.isValid(payload) { invalid += 1 }
        }
        precondition(invalid == 0, "every generated payload is valid")
        print(String(format: "schema: validate 100,000 HubSpot createContact payloads: %.0f records/s (%.2f s, one core)", 100_000 / seconds, seconds))
    }
}
