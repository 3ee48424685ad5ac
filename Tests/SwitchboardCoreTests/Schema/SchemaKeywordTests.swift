import Testing
@testable import SwitchboardCore

/// One keyword case: a schema, a value, and exactly the violations expected (`pointer [keyword] reason`).
struct SchemaKeywordCase: Sendable, CustomTestStringConvertible {
    let schema: String
    let data: String
    let expected: [String]
    init(_ schema: String, _ data: String, _ expected: [String] = []) {
        self.schema = schema
        self.data = data
        self.expected = expected
    }
    var testDescription: String { "\(schema) ⟵ \(data)" }
}

@Suite("Validation keywords")
struct SchemaKeywordTests {
    static let typeCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(#"{"type":"string"}"#, #""a""#),
        SchemaKeywordCase(#"{"type":"string"}"#, "1", ["/ [type] must be a string, got number"]),
        SchemaKeywordCase(#"{"type":"integer"}"#, "1.0"),
        SchemaKeywordCase(#"{"type":"integer"}"#, "-7"),
        SchemaKeywordCase(#"{"type":"integer"}"#, "1.5", ["/ [type] must be an integer, got number"]),
        SchemaKeywordCase(#"{"type":"number"}"#, "3"),
        SchemaKeywordCase(#"{"type":"number"}"#, #""3""#, ["/ [type] must be a number, got string"]),
        SchemaKeywordCase(#"{"type":["string","null"]}"#, "null"),
        SchemaKeywordCase(#"{"type":["string","null"]}"#, "true", ["/ [type] must be a string or null, got boolean"]),
        SchemaKeywordCase(#"{"type":["integer","string","null"]}"#, "{}", ["/ [type] must be an integer, a string or null, got object"]),
        SchemaKeywordCase(#"{"type":"object"}"#, "[]", ["/ [type] must be an object, got array"]),
        SchemaKeywordCase(#"{"type":"array"}"#, "{}", ["/ [type] must be an array, got object"]),
        SchemaKeywordCase(#"{"type":"null"}"#, "0", ["/ [type] must be null, got number"]),
        SchemaKeywordCase(#"{"type":"boolean"}"#, #""true""#, ["/ [type] must be a boolean, got string"]),
        // A wrong type is the one thing said about that value: the schema's other keywords stay quiet.
        SchemaKeywordCase(#"{"type":"string","enum":["a"],"minLength":3}"#, "1", ["/ [type] must be a string, got number"]),
    ]

    static let objectCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":"x","b":1}"#),
        SchemaKeywordCase(#"{"properties":{"a":{"type":"string"}}}"#, #"{"a":1}"#, ["/a [type] must be a string, got number"]),
        SchemaKeywordCase(#"{"properties":{"a":{"type":"string"}}}"#, "5"),
        SchemaKeywordCase(#"{"properties":{"a/b":{"type":"string"}}}"#, #"{"a/b":1}"#, ["/a~1b [type] must be a string, got number"]),
        SchemaKeywordCase(#"{"required":["a","b","c"]}"#, #"{"b":null}"#, ["/a [required] is required", "/c [required] is required"]),
        SchemaKeywordCase(#"{"required":["a"]}"#, "[]"),
        SchemaKeywordCase(
            #"{"properties":{"a":true},"additionalProperties":false}"#, #"{"c":3,"a":1,"b":2}"#,
            ["/b [additionalProperties] is not an allowed property", "/c [additionalProperties] is not an allowed property"]),
        SchemaKeywordCase(#"{"additionalProperties":{"type":"number"}}"#, #"{"x":1,"y":"no"}"#, ["/y [type] must be a number, got string"]),
        SchemaKeywordCase(#"{"properties":{"x":{"type":"string"}},"additionalProperties":{"type":"number"}}"#, #"{"x":"s","y":2}"#),
    ]

    static let arrayCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(
            #"{"items":{"type":"integer"}}"#, #"[1,"two",3.5]"#,
            ["/1 [type] must be an integer, got string", "/2 [type] must be an integer, got number"]),
        SchemaKeywordCase(#"{"items":{"type":"integer"}}"#, #""not an array""#),
        SchemaKeywordCase(#"{"minItems":1}"#, "[]", ["/ [minItems] must have at least 1 item"]),
        SchemaKeywordCase(#"{"minItems":2}"#, "[1,2]"),
        SchemaKeywordCase(#"{"maxItems":2}"#, "[1,2,3]", ["/ [maxItems] must have at most 2 items"]),
        SchemaKeywordCase(#"{"maxItems":0}"#, "{}"),
    ]

    static let valueCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(#"{"enum":["a","b"]}"#, #""c""#, ["/ [enum] must be one of: a, b"]),
        SchemaKeywordCase(#"{"enum":["a","b"]}"#, #""b""#),
        SchemaKeywordCase(#"{"enum":[1,null,{"k":true}]}"#, #"{"k":true}"#),
        SchemaKeywordCase(#"{"enum":[1,null]}"#, "1.0"),
        SchemaKeywordCase(#"{"enum":[1,null]}"#, "false", ["/ [enum] must be one of: 1, null"]),
        SchemaKeywordCase(#"{"const":"x"}"#, #""y""#, ["/ [const] must be x"]),
        SchemaKeywordCase(#"{"const":{"a":1,"b":[true]}}"#, #"{"b":[true],"a":1}"#),
        SchemaKeywordCase(#"{"const":[1,2]}"#, "[2,1]", ["/ [const] must be [1,2]"]),
    ]

    static let numberCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(#"{"minimum":0}"#, "-1", ["/ [minimum] must be at least 0"]),
        SchemaKeywordCase(#"{"minimum":0}"#, "0"),
        SchemaKeywordCase(#"{"minimum":0}"#, #""-1""#),
        SchemaKeywordCase(#"{"maximum":10}"#, "10.5", ["/ [maximum] must be at most 10"]),
        SchemaKeywordCase(#"{"maximum":10}"#, "10"),
        SchemaKeywordCase(#"{"exclusiveMinimum":0}"#, "0", ["/ [exclusiveMinimum] must be greater than 0"]),
        SchemaKeywordCase(#"{"exclusiveMinimum":0}"#, "0.001"),
        SchemaKeywordCase(#"{"exclusiveMaximum":1.5}"#, "1.5", ["/ [exclusiveMaximum] must be less than 1.5"]),
        SchemaKeywordCase(#"{"exclusiveMaximum":1.5}"#, "1.4"),
    ]

    static let stringCases: [SchemaKeywordCase] = [
        SchemaKeywordCase(#"{"maxLength":3}"#, #""abcd""#, ["/ [maxLength] must be at most 3 characters"]),
        SchemaKeywordCase(#"{"maxLength":3}"#, #""日本語""#),  // 3 code points in 9 UTF-8 bytes
        SchemaKeywordCase(#"{"maxLength":1}"#, #""😀""#),  // 1 code point, 4 bytes, 2 UTF-16 units
        SchemaKeywordCase(#"{"maxLength":1}"#, #""e\u0301""#, ["/ [maxLength] must be at most 1 character"]),  // 2 code points
        SchemaKeywordCase(#"{"minLength":2}"#, #""é""#, ["/ [minLength] must be at least 2 characters"]),
        SchemaKeywordCase(#"{"minLength":1}"#, #""""#, ["/ [minLength] must be at least 1 character"]),
        SchemaKeywordCase(#"{"minLength":2}"#, #""ab""#),
        SchemaKeywordCase(#"{"minLength":2}"#, "12"),
        SchemaKeywordCase(#"{"pattern":"^[A-Z]"}"#, #""abc""#, ["/ [pattern] must match the pattern ^[A-Z]"]),
        SchemaKeywordCase(#"{"pattern":"^[A-Z]"}"#, #""Abc""#),
        SchemaKeywordCase(#"{"pattern":"[0-9]"}"#, #""abc1def""#),  // unanchored search
        SchemaKeywordCase(#"{"pattern":"^[0-9]+$"}"#, #""12a""#, ["/ [pattern] must match the pattern ^[0-9]+$"]),
        SchemaKeywordCase(#"{"pattern":"^[A-Z]"}"#, "5"),
    ]

    static let booleanCases: [SchemaKeywordCase] = [
        SchemaKeywordCase("true", #"{"anything":[1,2]}"#),
        SchemaKeywordCase("false", "1", ["/ [false] is not allowed here"]),
        SchemaKeywordCase(#"{"properties":{"legacy":false}}"#, #"{"legacy":0}"#, ["/legacy [false] is not allowed here"]),
        SchemaKeywordCase("{}", "null"),
    ]

    @Test("type", arguments: typeCases) func type(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("properties, required, additionalProperties", arguments: objectCases) func objects(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("items, minItems, maxItems", arguments: arrayCases) func arrays(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("enum and const use JSON equality", arguments: valueCases) func values(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("minimum, maximum and the exclusive forms", arguments: numberCases) func numbers(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("minLength and maxLength count code points; pattern searches", arguments: stringCases) func strings(_ c: SchemaKeywordCase) throws { try check(c) }
    @Test("boolean schemas", arguments: booleanCases) func booleans(_ c: SchemaKeywordCase) throws { try check(c) }

    private func check(_ c: SchemaKeywordCase) throws {
        #expect(try violationLines(c.schema, c.data) == c.expected)
    }

    @Test("violations carry the keyword and a pointer into the data")
    func violationShape() throws {
        let schema = try compiledSchema(#"{"properties":{"age":{"type":"integer","minimum":0}}}"#)
        let violations = schema.validate(try schemaJSON(#"{"age":-3}"#))
        #expect(violations == [SchemaViolation(pointer: JSONPointer(parsing: "/age"), keyword: "minimum", reason: "must be at least 0")])
        #expect(violations.first?.description == "/age: must be at least 0")
    }

    @Test("violations are sorted by pointer, array indices numerically and parents first")
    func ordering() throws {
        let lines = try violationLines(
            #"{"type":"array","maxItems":3,"items":{"type":"string"}}"#,
            #"["a","b",1,"d","e","f","g","h","i","j",2]"#)
        #expect(lines == ["/ [maxItems] must have at most 3 items", "/2 [type] must be a string, got number", "/10 [type] must be a string, got number"])
    }
}
