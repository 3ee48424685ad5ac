import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

@Suite("Mapping editor state")
struct MappingEditorStateTests {
    let copper = ConnectorCatalog.load(userDirectories: []).catalog.connector(id: "copper")!

    func state() -> MappingEditorState {
        let action = copper.action(id: "createPerson")!.action
        return MappingEditorState(connector: copper, action: action, mapping: FieldMapping(connectorId: "copper", actionId: "createPerson", rules: []), version: nil)
    }

    @Test("joining a second field puts join first and the sample's name is produced; undo steps back one change at a time")
    func joinAndUndo() {
        var s = state()
        let name = JSONPointer(parsing: "/name")
        #expect(s.fields.first { $0.target.pointer == name }?.problems == ["required, not mapped"])
        s.setSource("contact_first_name", at: name)
        s.setSource("contact_last_name", at: name, adding: true)
        let rule = s.mapping.rule(for: name)
        #expect(rule?.source == .fields(["contact_first_name", "contact_last_name"]))
        #expect(rule?.transforms.map(\.name) == ["join"])
        #expect(s.fields.first { $0.target.pointer == name }?.value == "Sarah Jones")
        #expect(s.isDirty)
        let first = s.undo()
        #expect(first)
        #expect(s.mapping.rule(for: name)?.source == .fields(["contact_first_name"]))
        let second = s.undo()
        #expect(second)
        #expect(s.mapping.rule(for: name) == nil)
        let third = s.undo()
        #expect(!third)
        #expect(!s.isDirty)
    }

    @Test("constants read as JSON when they are JSON, else as text; a constant replaces the source and its transforms")
    func constants() {
        #expect(MappingEditorState.constant(from: "42") == 42)
        #expect(MappingEditorState.constant(from: "true") == true)
        #expect(MappingEditorState.constant(from: "[\"a\"]") == ["a"])
        #expect(MappingEditorState.constant(from: "lead") == "lead")
        var s = state()
        let tags = JSONPointer(parsing: "/tags")
        s.setSource("contact_title", at: tags)
        _ = s.addTransform(try! TransformSpec.parse("lowercase").get(), at: tags)
        s.setConstant(["vip"], at: tags)
        #expect(s.mapping.rule(for: tags) == MappingRule(target: tags, source: .constant(["vip"])))
        let refusal = s.addTransform(try! TransformSpec.parse("trim").get(), at: JSONPointer(parsing: "/nothing"))
        #expect(refusal != nil, "no rule, no transform")
    }

    @Test("auto-map fills the defaults for Copper and keeps what was set")
    func autoMap() {
        var s = state()
        s.setConstant("Fixed Name", at: JSONPointer(parsing: "/name"))
        let added = s.autoMap()
        #expect(added > 0)
        #expect(s.mapping.rule(for: JSONPointer(parsing: "/name"))?.source == .constant("Fixed Name"))
        #expect(s.mapping.rule(for: JSONPointer(parsing: "/emails"))?.source == .fields(["contact_email"]))
        #expect(s.check.problemCount == 0)
    }
}
