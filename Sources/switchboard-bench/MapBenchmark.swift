import Foundation
import SwitchboardCore

/// Issue 6's second figure: map + validate contacts on one core (goal ≥ 100,000 records/s).
enum MapBenchmark {
    static func run() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        guard let hubspot = catalog.connector(id: "hubspot"), let action = hubspot.action(id: "createContact")?.action,
              let schema = action.requestSchema else { throw SchemaBenchmark.Missing(description: "hubspot createContact") }
        let mapping = FieldMapping.defaults(hubspot, actionId: action.id)
        let plan = MappingPlan(mapping)  // compiled once, as the push plan does
        let records = (0..<100_000).map { i in
            UniversalRecord(object: .contact, fields: JSONObject([
                ("contact_email", .string("person\(i)@example.com")), ("contact_first_name", .string("Ada\(i)")),
                ("contact_last_name", "Lovelace"), ("contact_phone", .string("+44 20 7946 \(i % 10000)")), ("contact_company", "Engines Ltd"),
            ]))
        }
        var invalid = 0
        let seconds = Stopwatch.seconds {
            for r in records {
                let mapped = plan.map(r)
                if !mapped.issues.isEmpty || !schema.isValid(mapped.body) { invalid += 1 }
            }
        }
        precondition(invalid == 0, "every generated contact maps to a valid body")
        print(String(format: "map: map + validate 100,000 contacts for HubSpot createContact: %.0f records/s (%.2f s, one core; goal >= 100,000)", 100_000 / seconds, seconds))
        // The same records through the push plan (key, repeat check, map, validate with every
        // violation listed): what `push`, `preview` and the Bulk screen do once per record.
        let target = PushTarget(manifest: hubspot, action: action, mapping: mapping, access: StaticAccess(.notConnected),
                                previewAccess: .notConnected, linkConnectorID: hubspot.id)
        var planInvalid = 0
        let planSeconds = Stopwatch.seconds {
            let plan = PushPlan(target: target, records: records) { _, _ in nil }
            planInvalid = plan.invalidCount
        }
        precondition(planInvalid == 0, "every generated contact is planned as valid")
        print(String(format: "map: push plan of the same 100,000 contacts: %.0f records/s (%.2f s, one core)", 100_000 / planSeconds, planSeconds))
    }
}
