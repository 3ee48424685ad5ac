import Testing
@testable import SwitchboardCore

@Suite("Outline")
struct SchemaOutlineTests {
    static let hubspotContact = ##"""
        {"type":"object","required":["properties"],
         "properties":{
           "id":{"type":"string","readOnly":true},
           "properties":{"type":"object","required":["email"],"additionalProperties":false,
             "properties":{
               "firstname":{"type":"string","maxLength":100,"title":"First name"},
               "email":{"type":"string","format":"email","description":"Primary email"},
               "lifecyclestage":{"enum":["lead","customer"]},
               "age":{"type":["integer","null"],"minimum":0},
               "code":{"const":"HS","pattern":"^[A-Z]"}}}}}
        """##

    @Test("required members come first, then document order; data pointers throughout")
    func hubspot() throws {
        let root = try compiledSchema(Self.hubspotContact).outline
        #expect(root.name == "")
        #expect(root.pointer == .root)
        #expect(root.types == ["object"])
        #expect(root.required)
        #expect(root.children.map(\.name) == ["properties", "id"])
        #expect(root.child("id")?.constraints == ["read only"])
        #expect(root.child("id")?.required == false)
        let props = try #require(root.child("properties"))
        #expect(props.pointer == JSONPointer(parsing: "/properties"))
        #expect(props.required)
        #expect(props.constraints == ["no additional properties"])
        #expect(props.children.map(\.name) == ["email", "firstname", "lifecyclestage", "age", "code"])
        let email = try #require(props.child("email"))
        #expect(
            email
                == SchemaField(
                    name: "email", pointer: JSONPointer(parsing: "/properties/email"), types: ["string"], required: true,
                    format: "email", description: "Primary email"))
        #expect(props.child("firstname")?.constraints == ["max length 100"])
        #expect(props.child("firstname")?.title == "First name")
        #expect(props.child("lifecyclestage")?.enumValues == ["lead", "customer"])
        #expect(props.child("lifecyclestage")?.types == [])
        #expect(props.child("age")?.types == ["integer", "null"])
        #expect(props.child("age")?.constraints == ["minimum 0"])
        #expect(props.child("code")?.constValue == "HS")
        #expect(props.child("code")?.constraints == ["pattern ^[A-Z]"])
    }

    @Test("items appear as a [] child, and $ref is followed")
    func itemsThroughRef() throws {
        let schema = ##"""
            {"$defs":{"Address":{"type":"object","description":"A postal address","properties":{"city":{"type":"string"}}}},
             "type":"object","properties":{"addresses":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/Address"}}}}
            """##
        let addresses = try #require(try compiledSchema(schema).outline.child("addresses"))
        #expect(addresses.types == ["array"])
        #expect(addresses.constraints == ["min items 1"])
        let item = try #require(addresses.child("[]"))
        #expect(item.pointer.description == "/addresses/[]")
        #expect(item.types == ["object"])
        #expect(item.description == "A postal address")
        #expect(item.child("city")?.pointer.description == "/addresses/[]/city")
    }

    @Test("recursion stops with a note instead of looping")
    func recursion() throws {
        let tree = ##"{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}"##
        let root = try compiledSchema(tree).outline
        let item = try #require(root.child("children")?.child("[]"))
        #expect(item.types == ["object"])
        #expect(item.constraints == ["recursive: #"])
        #expect(item.children.isEmpty)
    }

    @Test("allOf merges members; oneOf lists its shapes' types")
    func composition() throws {
        let merged = try compiledSchema(
            #"{"allOf":[{"properties":{"a":{"type":"string"}}},{"required":["a"],"properties":{"b":{}}}]}"#
        ).outline
        #expect(merged.children.map(\.name) == ["a", "b"])
        #expect(merged.child("a")?.required == true)
        let alternatives = try compiledSchema(#"{"oneOf":[{"type":"string"},{"type":"null"}]}"#).outline
        #expect(alternatives.types == ["string", "null"])
        #expect(alternatives.constraints == ["one of 2 shapes"])
    }

    @Test("a required name without a schema still shows up, untyped")
    func requiredWithoutSchema() throws {
        let root = try compiledSchema(#"{"required":["x"],"properties":{"y":{"type":"number"}}}"#).outline
        #expect(root.children.map(\.name) == ["x", "y"])
        #expect(root.child("x")?.required == true)
        #expect(root.child("x")?.types == [])
    }
}
