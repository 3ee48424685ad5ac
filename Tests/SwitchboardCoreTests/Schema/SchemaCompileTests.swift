import Testing
@testable import SwitchboardCore

@Suite("Compiling schemas")
struct SchemaCompileTests {
    @Test("an unsupported keyword is reported at its pointer")
    func unsupportedKeyword() throws {
        #expect(try problemLines(#"{"type":"string","foo":1}"#) == [#"/foo: unsupported keyword "foo""#])
        #expect(
            try problemLines(#"{"properties":{"tags":{"items":{"uniqueItems":true}}}}"#)
                == [#"/properties/tags/items/uniqueItems: unsupported keyword "uniqueItems""#])
    }

    @Test("an unknown format is a problem, not silently ignored")
    func unknownFormat() throws {
        #expect(
            try problemLines(#"{"properties":{"email":{"format":"ipv9"}}}"#)
                == [#"/properties/email/format: unsupported format "ipv9" (supported: email, date, date-time, uri)"#])
    }

    @Test("every problem is collected, sorted by pointer")
    func allProblems() throws {
        let lines = try problemLines(##"{"properties":{"a":{"type":"strin"}},"foo":1,"$ref":"http://example.com/s.json"}"##)
        #expect(
            lines == [
                ##"/$ref: $ref "http://example.com/s.json" is not supported: only local references such as "#" or "#/$defs/Name" are"##,
                #"/foo: unsupported keyword "foo""#,
                #"/properties/a/type: unknown type "strin" (expected null, boolean, object, array, number, integer or string)"#,
            ])
        do {
            _ = try compiledSchema(#"{"foo":1,"bar":2}"#)
            Issue.record("expected a compile error")
        } catch let error as SchemaCompileError {
            #expect(error.problems.count == 2)
            #expect(error.description == "invalid schema, 2 problems:\n  /bar: unsupported keyword \"bar\"\n  /foo: unsupported keyword \"foo\"")
        }
    }

    static let badReferences: [(String, String)] = [
        (##"{"$ref":"#/$defs/Missing"}"##, ##"/$ref: $ref "#/$defs/Missing" does not resolve to anything in this document"##),
        (##"{"$ref":"other.json#/a"}"##, ##"/$ref: $ref "other.json#/a" is not supported: only local references such as "#" or "#/$defs/Name" are"##),
        (##"{"$ref":"#anchor"}"##, ##"/$ref: $ref "#anchor" is not supported: only JSON Pointer fragments such as "#/$defs/Name" are"##),
        (##"{"title":"t","$ref":"#/title"}"##, ##"/$ref: $ref "#/title" points to a string, not a schema"##),
        (##"{"$ref":"#"}"##, "/$ref: leads back to # without entering the data, so validation would never end"),
        (##"{"$ref":5}"##, "/$ref: must be a string"),
    ]

    @Test("references must be local and resolve", arguments: badReferences)
    func badReference(_ schema: String, _ problem: String) throws {
        #expect(try problemLines(schema) == [problem])
    }

    @Test("a reference loop that never enters the data is reported once")
    func inPlaceLoop() throws {
        let lines = try problemLines(
            ##"{"$ref":"#/$defs/a","$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}}}"##)
        #expect(lines == ["/$defs/b/allOf/0/$ref: leads back to #/$defs/a without entering the data, so validation would never end"])
    }

    @Test("an invalid pattern is a problem at compile time")
    func invalidPattern() throws {
        #expect(try problemLines(#"{"pattern":"([a-z"}"#) == [#"/pattern: invalid regular expression "([a-z""#])
    }

    static let wrongValueTypes: [(String, String)] = [
        (#"{"minLength":-1}"#, "/minLength: must be a non-negative integer"),
        (#"{"maxLength":"3"}"#, "/maxLength: must be a non-negative integer"),
        (#"{"minItems":1.5}"#, "/minItems: must be a non-negative integer"),
        (#"{"minimum":"0"}"#, "/minimum: must be a number"),
        (#"{"required":"a"}"#, "/required: must be an array of property names"),
        (#"{"required":["a","a"]}"#, #"/required/1: "a" is listed twice"#),
        (#"{"required":[1]}"#, "/required/0: must be a string"),
        (#"{"properties":[]}"#, "/properties: must be an object of schemas"),
        (#"{"properties":{"a":"string"}}"#, "/properties/a: a schema must be an object or a boolean, got string"),
        (#"{"items":[{"type":"string"}]}"#, "/items: must be a schema (the tuple form, an array of schemas, is not supported)"),
        (#"{"enum":"a"}"#, "/enum: must be an array"),
        (#"{"oneOf":[]}"#, "/oneOf: must be a non-empty array of schemas"),
        (#"{"anyOf":{}}"#, "/anyOf: must be a non-empty array of schemas"),
        (#"{"type":5}"#, "/type: must be a type name or an array of type names"),
        (#"{"type":[]}"#, "/type: must not be an empty array"),
        (#"{"type":["string","string"]}"#, #"/type/1: type "string" is listed twice"#),
        (#"{"additionalProperties":"no"}"#, "/additionalProperties: a schema must be an object or a boolean, got string"),
        (#"{"format":1}"#, "/format: must be a string"),
        (#"{"pattern":true}"#, "/pattern: must be a string"),
        (#"{"title":3}"#, "/title: must be a string"),
        (#"{"deprecated":"yes"}"#, "/deprecated: must be true or false"),
        (#"{"$defs":[]}"#, "/$defs: must be an object of schemas"),
        (#""hello""#, "/: a schema must be an object or a boolean, got string"),
    ]

    @Test("keyword values of the wrong type are problems", arguments: wrongValueTypes)
    func wrongValueType(_ schema: String, _ problem: String) throws {
        #expect(try problemLines(schema) == [problem])
    }

    @Test("annotations and x- vendor extensions are accepted")
    func annotations() throws {
        let schema = #"""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://example.com/contact","$comment":"c",
             "title":"Contact","description":"d","default":{},"examples":[{}],"deprecated":false,"readOnly":false,
             "writeOnly":false,"x-hubspot-object":"contacts","x-anything":{"nested":[1]},
             "$defs":{"a":{"type":"string"}},"definitions":{"b":true}}
            """#
        #expect(try problemLines(schema) == [])
    }

    @Test("schemas under $defs are checked even when nothing references them")
    func unreferencedDefinitions() throws {
        #expect(try problemLines(#"{"$defs":{"unused":{"minLenght":1}}}"#) == [#"/$defs/unused/minLenght: unsupported keyword "minLenght""#])
    }

    @Test("the document is kept as given")
    func keepsDocument() throws {
        let document = try schemaJSON(#"{"type":"object","x-note":"kept"}"#)
        #expect(try JSONSchema(compiling: document).document == document)
    }
}
