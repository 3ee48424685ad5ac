import SwitchboardCore
import Testing

/// The compiled mapping gives the same bodies and issues as `Mapper.map`, rule order and all.
@Suite struct MappingPlanTests {
    let catalog = ConnectorCatalog.load(userDirectories: []).catalog

    @Test("every built-in action's default mapping: the same body (member order too) and issues as Mapper.map")
    func sameAsMapper() throws {
        var compared = 0
        for connector in catalog.connectors {
            for action in connector.allActions where action.requestSchema != nil {
                let mapping = FieldMapping.defaults(connector, actionId: action.id)
                let plan = MappingPlan(mapping)
                for record in [UniversalRecord.sample(action.object ?? .contact),
                               UniversalRecord(object: action.object ?? .contact, fields: JSONObject([("contact_email", "  "), ("deal_amount", "not a number")]))] {
                    let a = Mapper.map(record, with: mapping), b = plan.map(record)
                    #expect(JSONWriter.compact(a.body) == JSONWriter.compact(b.body), "\(connector.id) \(action.id)")
                    #expect(a.issues == b.issues, "\(connector.id) \(action.id)")
                    compared += 1
                }
            }
        }
        #expect(compared > 20)
    }

    @Test("targets the tree cannot express (an index, one inside another, a repeat) fall back to Mapper.map")
    func fallbacks() {
        let record = UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "a@example.com"), ("contact_first_name", "Ada")]))
        let mappings = [
            [("/data/0/Email", "contact_email"), ("/data/0/First_Name", "contact_first_name")],
            [("/properties", "contact_email"), ("/properties/firstname", "contact_first_name")],
            [("/email", "contact_email"), ("/email", "contact_first_name")],
        ]
        for rules in mappings {
            let mapping = FieldMapping(connectorId: "x", actionId: "y", rules: rules.map {
                MappingRule(target: JSONPointer(parsing: $0.0), source: .fields([$0.1]))
            })
            #expect(JSONWriter.compact(MappingPlan(mapping).map(record).body) == JSONWriter.compact(Mapper.map(record, with: mapping).body))
        }
    }
}

/// A numeric token past the end of an array is a member name, not a request for padding.
@Suite struct JSONEditIndexTests {
    @Test("/x/999999999 makes an object member, /x/0 then /x/1 an array, and nothing allocates a huge array")
    func hugeIndex() {
        var body: JSONValue = .object(JSONObject())
        JSONEdit.set("v", at: ["custom_fields", "999999999"][...], in: &body)
        #expect(JSONWriter.compact(body) == #"{"custom_fields":{"999999999":"v"}}"#)
        var list: JSONValue = .object(JSONObject())
        JSONEdit.set("a", at: ["data", "0", "Email"][...], in: &list)
        JSONEdit.set("b", at: ["data", "1", "Email"][...], in: &list)
        #expect(JSONWriter.compact(list) == #"{"data":[{"Email":"a"},{"Email":"b"}]}"#)
    }
}
