import SwitchboardCore
import Testing

/// The values a field takes in the tenant's account, as the mapping editor offers them: stages
/// labelled with their pipeline, and the label → value lookup that leaves out what it cannot say.
@Suite("Value choices")
struct ValueChoicesTests {
    static let pipelines = [
        TenantPipeline(id: "default", label: "Sales", stages: [.init(id: "open", label: "Open"), .init(id: "won", label: "Won")]),
        TenantPipeline(id: "renewals", label: "Renewals", stages: [.init(id: "r_open", label: "open"), .init(id: "renewed", label: "Renewed")]),
    ]

    @Test("stages are listed by pipeline; a label two pipelines share is left out of the lookup, the others map to their ids")
    func stages() throws {
        let values = ValueChoices(stageTarget: JSONPointer(tokens: ["properties", "dealstage"]), pipelineTarget: JSONPointer(tokens: ["properties", "pipeline"]),
                                  pipelines: Self.pipelines)
        #expect(values.choices.map(\.displayLabel) == ["Sales › Open", "Sales › Won", "Renewals › open", "Renewals › Renewed"])
        #expect(values.unambiguous.map(\.valueText) == ["won", "renewed"])
        let lookup = try #require(values.lookup)
        #expect(try TransformEngine.apply(lookup, to: "Renewed", all: []) == "renewed")
        #expect(try TransformEngine.apply(lookup, to: "won", all: []) == "won")
        #expect(throws: TransformError.self) { try TransformEngine.apply(lookup, to: "Open", all: []) }
    }

    @Test("a picklist's options; labels or values the lookup syntax cannot hold are left out; none left: no lookup")
    func picklist() throws {
        let field = RemoteField(name: "tier", label: "Tier", kind: .enumeration, rawType: "enumeration",
                                options: [.init(value: "gold", label: "Gold"), .init(value: "a:b", label: "Odd"), .init(value: 3, label: "Three")])
        let values = ValueChoices(target: JSONPointer(tokens: ["properties", "tier"]), field: field)
        #expect(values.choices.count == 3 && values.pipelineTarget == nil)
        let lookup = try #require(values.lookup)
        #expect(try TransformEngine.apply(lookup, to: "Gold", all: []) == "gold")
        #expect(try TransformEngine.apply(lookup, to: "three", all: []) == 3)
        #expect(throws: TransformError.self) { try TransformEngine.apply(lookup, to: "Odd", all: []) }
        let odd = ValueChoices(target: JSONPointer(tokens: ["x"]), choices: [.init(value: "a=b", label: "A")])
        #expect(odd.lookup == nil)
    }
}
