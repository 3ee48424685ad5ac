import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The mapping editor's `l` (values / lookup) over a live sandbox HubSpot account whose schema and
/// pipelines were read: the tenant's stages listed with their pipelines, a stage of the second
/// pipeline chosen as the constant (the pipeline field set with it), and the label → id lookup
/// put on a field-sourced stage rule.
@Suite("Mapping editor: the tenant's values and stage lookup", .serialized)
struct MappingEditorValuesTests {
    func dealStageEditor(_ f: ConsoleDataFixture) async throws {
        _ = try await f.base.workspace.refreshSchema(tenant: f.tenant, connector: "hubspot")
        await f.command("tenant acme")
        await f.command("mapping hubspot createDeal")
        let editor = try #require(f.console.model.top as? MappingEditorScreen)
        let row = try #require(editor.state.fields.firstIndex { $0.target.name == "dealstage" })
        for _ in 0..<row { f.console.press("j") }
        #expect((f.console.model.top as? MappingEditorScreen)?.selected?.target.name == "dealstage")
    }

    @Test("l on dealstage lists the tenant's stages by pipeline; choosing Renewals › Renewed sets dealstage and pipeline in one undo step")
    func chooseStage() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            try await dealStageEditor(f)
            f.console.press("l")
            #expect(f.console.text.contains("Values of dealstage in the tenant's account (sets pipeline too)"), "\(f.console.text)")
            #expect(f.console.text.contains("Sales Pipeline › Closed Won"), "\(f.console.text)")
            #expect(f.console.text.contains("lookup"))
            f.console.press("/")
            f.console.type("renewed")
            f.console.press("enter")  // ends the filter
            f.console.press("enter")  // chooses the one match
            let state = try #require((f.console.model.top as? MappingEditorScreen)?.state)
            #expect(state.mapping.rule(for: JSONPointer(parsing: "/properties/dealstage"))?.source == .constant("renewed"), "\(f.console.text)")
            #expect(state.mapping.rule(for: JSONPointer(parsing: "/properties/pipeline"))?.source == .constant("renewals"))
            #expect(f.console.text.contains("/properties/dealstage = renewed (Renewed) and /properties/pipeline = renewals (Renewals)"), "\(f.console.text)")
            // The merged schema's stage rule agrees: the chosen stage is valid for its pipeline.
            #expect(state.fields.first { $0.target.name == "dealstage" }?.isValid == true)
            f.console.press("u")
            let undone = try #require((f.console.model.top as? MappingEditorScreen)?.state)
            #expect(undone.mapping.rule(for: JSONPointer(parsing: "/properties/dealstage"))?.source == .fields(["deal_stage"]))
            #expect(undone.mapping.rule(for: JSONPointer(parsing: "/properties/pipeline"))?.source == .fields(["deal_pipeline"]), "one undo takes back both")
        }
    }

    @Test("l then the lookup row puts the label → id lookup first on the stage rule; a constant is refused with the reason; a field without values says so")
    func lookup() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            try await dealStageEditor(f)
            f.console.press("l")
            f.console.press("enter")  // the first row: the lookup
            let rule = try #require((f.console.model.top as? MappingEditorScreen)?.state.mapping.rule(for: JSONPointer(parsing: "/properties/dealstage")))
            let lookup = try #require(rule.transforms.first)
            #expect(lookup.name == "lookup")
            // "Negotiation" is a label of one stage only (Renewals): it becomes its id.
            var value: JSONValue? = "Negotiation"
            for spec in rule.transforms { value = try TransformEngine.apply(spec, to: value, all: [value]) }
            #expect(value == "renewal_negotiation")
            #expect(f.console.text.contains("labels → values lookup added"), "\(f.console.text)")

            f.console.press("c")
            await f.console.settle()
            f.console.type("closedwon")
            f.console.press("enter")
            f.console.press("l")
            // The picker opens on the constant's value; the lookup row is first.
            #expect(f.console.screen.row(containing: "› Closed Won") != nil)
            for _ in 0..<12 { f.console.press("k") }
            f.console.press("enter")
            #expect(f.console.text.contains("The field is a constant"), "\(f.console.text)")

            let editor = try #require(f.console.model.top as? MappingEditorScreen)
            let plain = try #require(editor.state.fields.firstIndex { $0.target.name == "dealname" })
            let here = try #require(editor.state.fields.firstIndex { $0.target.name == "dealstage" })
            for _ in 0..<abs(here - plain) { f.console.press(here > plain ? "k" : "j") }
            f.console.press("l")
            #expect(f.console.text.contains("dealname has no picklist or pipeline stages"), "\(f.console.text)")
        }
    }

    @Test("a lookup into a text field whose ids look like numbers (HubSpot's ticket stage \"1\") keeps them text: the sample ticket stays valid")
    func numericIDsStayText() async throws {
        try await ConsoleDataFixture.with(sandbox: true) { f in
            _ = try await f.base.workspace.refreshSchema(tenant: f.tenant, connector: "hubspot")
            await f.command("tenant acme")
            await f.command("mapping hubspot createTicket")
            let editor = try #require(f.console.model.top as? MappingEditorScreen)
            let row = try #require(editor.state.fields.firstIndex { $0.target.name == "hs_pipeline_stage" })
            for _ in 0..<row { f.console.press("j") }
            f.console.press("l")
            f.console.press("enter")  // the lookup row
            let state = try #require((f.console.model.top as? MappingEditorScreen)?.state)
            let rule = try #require(state.mapping.rule(for: JSONPointer(parsing: "/properties/hs_pipeline_stage")))
            #expect(rule.transforms.map(\.name).prefix(2) == ["lookup", "toText"], "\(rule.transforms)")
            let stage = try #require(state.fields.first { $0.target.name == "hs_pipeline_stage" })
            #expect(stage.isValid && stage.value?.stringValue != nil, "\(stage.problems) \(String(describing: stage.value))")
        }
    }
}
