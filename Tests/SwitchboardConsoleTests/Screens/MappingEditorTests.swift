import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The mapping editor, headless over a real temporary store: per-field validation, pick a field,
/// constants, transforms, clear, auto-map, undo, save as a new version.
@Suite("Mapping editor screen", .serialized)
struct MappingEditorTests {
    @Test("fields required first and marked; clear shows the missing required field; undo; constant with a type error; a transform fixes it; save makes version 1")
    func editAndSave() async throws {
        try await ConsoleDataFixture.with { f in
            let console = f.console
            await f.command("tenant acme")
            await f.command("mapping hubspot createContact")
            let editor = try #require(console.model.top as? MappingEditorScreen)
            #expect(editor.state.fields.first?.target.name == "email")
            #expect(console.text.contains("HubSpot · createContact — the connector's defaults (acme has no saved version)"))
            #expect(console.text.contains("* email"))
            #expect(console.text.contains("✓ valid for the sample record"))
            #expect(console.text.contains("✓ \"sarah.jones@techcorp.com\""))

            console.press("x")
            #expect(console.text.contains("✖ required, not mapped"), "\(console.text)")
            #expect(console.text.contains("✖ 1 problem(s) with the sample record"))
            console.press("u")
            #expect(console.text.contains("✓ valid for the sample record"))

            // phone is the fourth field: email, firstname, lastname, phone.
            console.press("j", "j", "j")
            #expect((console.model.top as? MappingEditorScreen)?.selected?.target.name == "phone")
            console.press("c")
            await console.settle()
            #expect(console.text.contains("constant (JSON or text)"))
            console.type("5551234")
            console.press("enter")
            let phoneRow = try #require(console.screen.row(containing: "= 5551234"))
            #expect(console.screen.text(row: phoneRow).contains("✖"), "a number is not a HubSpot string: \(console.screen.text(row: phoneRow))")
            #expect(console.screen.text(row: phoneRow).contains("string"))

            console.press("t")
            #expect(console.text.contains("Add a transform"))
            console.press("enter")  // numberToString is first in the list
            let fixedRow = try #require(console.screen.row(containing: "= 5551234 | numberToString"))
            #expect(console.screen.text(row: fixedRow).contains("✓ \"5551234\""))
            #expect(console.text.contains("unsaved changes"))

            console.press("s")
            #expect(console.text.contains("Saved acme's HubSpot createContact mapping as version 1"))
            #expect(console.text.contains("acme's version 1"))
            let saved = try #require(try MappingStore(store: f.store).current(tenantID: f.tenant.id, connectorID: "hubspot", actionID: "createContact"))
            let rule = try #require(saved.mapping.rule(for: JSONPointer(parsing: "/properties/phone")))
            #expect(rule.source == .constant(5551234))
            #expect(rule.transforms.map(\.description) == ["numberToString"])
            #expect(saved.note == "edited in the console")
        }
    }

    @Test("pick a source field from the list; a wrong one is flagged on its field; auto-map refills cleared fields; no tenant: save says so")
    func pickAutoMapNoTenant() async throws {
        try await ConsoleDataFixture.with { f in
            let console = f.console
            await f.command("mapping hubspot createContact")
            #expect(console.text.contains("No tenant selected"))
            console.press("f")
            #expect(console.text.contains("Source for email"))
            console.press("j", "enter")  // contact_first_name, second in the model
            let emailRow = try #require(console.screen.row(containing: "* email"))
            #expect(console.screen.text(row: emailRow).contains("contact_first_name"))
            #expect(console.screen.text(row: emailRow).contains("✖"), "\"Sarah\" is no email: \(console.screen.text(row: emailRow))")

            console.press("j", "x", "j", "x")  // clear firstname and lastname
            let cleared = try #require(console.model.top as? MappingEditorScreen)
            #expect(cleared.state.mapping.rule(for: JSONPointer(parsing: "/properties/lastname")) == nil)
            console.press("a")
            #expect(console.text.contains("Auto-map added 2 rules"), "\(console.text)")
            let filled = try #require(console.model.top as? MappingEditorScreen)
            #expect(filled.state.mapping.rule(for: JSONPointer(parsing: "/properties/lastname"))?.source == .fields(["contact_last_name"]))
            #expect(filled.state.mapping.rule(for: JSONPointer(parsing: "/properties/email"))?.source == .fields(["contact_first_name"]), "auto-map keeps the user's rules")
            console.press("u")
            #expect((console.model.top as? MappingEditorScreen)?.state.mapping.rule(for: JSONPointer(parsing: "/properties/lastname")) == nil)

            console.press("s")
            #expect(console.text.contains("Not saved: select a tenant first"))
            #expect(try MappingStore(store: f.store).versions(tenantID: f.tenant.id, connectorID: "hubspot", actionID: "createContact").isEmpty)
        }
    }

    @Test("m on a schema opens the editor for that action; p previews the edited mapping")
    func fromSchemaAndPreview() async throws {
        try await ConsoleDataFixture.with { f in
            let console = f.console
            await f.command("tenant acme")
            await f.command("connector hubspot")
            console.press("enter")
            let schema = try #require(console.model.top as? SchemaScreen)
            console.press("m")
            await console.settle()
            let editor = try #require(console.model.top as? MappingEditorScreen)
            #expect(editor.state.action.id == schema.action.id)
            // A constant lifecycle stage, then the preview shows it in the body.
            let row = try #require(editor.state.fields.firstIndex { $0.target.name == "lifecyclestage" })
            for _ in 0..<row { console.press("j") }
            console.press("c")
            await console.settle()
            console.type("lead")
            console.press("enter")
            console.press("p")
            await console.settle()
            #expect(console.model.top is PreviewScreen)
            #expect(console.text.contains("\"lifecyclestage\": \"lead\""))
            #expect(console.text.contains("mapping: the editor's unsaved mapping"))
        }
    }
}

@Suite("Mapping editor: leaving with unsaved changes")
struct MappingEditorLeaveTests {
    @Test("esc with unsaved changes asks the same question as q (y leaves, n stays)")
    func leave() async throws {
        try await ConsoleDataFixture.with { f in
            let console = f.console
            await f.command("tenant acme")
            await f.command("mapping hubspot createContact")
            console.press("x")
            console.press("q")
            #expect(console.text.contains("Quit Switchboard?"))
            console.press("n")
            console.press("esc")
            #expect(console.model.top is MappingEditorScreen)
            #expect(console.text.contains("Leave Mapping createContact?"))
            console.press("n")
            #expect(console.model.top is MappingEditorScreen)
            console.press("esc", "y")
            #expect(!(console.model.top is MappingEditorScreen))
        }
    }
}
