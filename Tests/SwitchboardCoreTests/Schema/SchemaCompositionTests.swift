import Testing
@testable import SwitchboardCore

@Suite("Nesting, composition and references")
struct SchemaCompositionTests {
    static let contactSchema = ##"""
        {"type":"object","required":["properties"],
         "properties":{"properties":{"type":"object","required":["lastname"],
           "properties":{"lastname":{"type":"string","minLength":1},
                         "emails":{"type":"array","items":{"$ref":"#/$defs/email"}}}}},
         "$defs":{"email":{"type":"object","required":["email"],
           "properties":{"email":{"type":"string","format":"email"},"primary":{"type":"boolean"}},
           "additionalProperties":false}}}
        """##

    @Test("pointers name the exact nested value, through $ref and items")
    func nestedPointers() throws {
        let data = #"""
            {"properties":{"lastname":"","emails":[{"email":"bad"},{"primary":"yes","kind":"work"},{"email":"a@b.co"}]}}
            """#
        #expect(
            try violationLines(Self.contactSchema, data) == [
                "/properties/emails/0/email [format] must be a valid email address",
                "/properties/emails/1/email [required] is required",
                "/properties/emails/1/kind [additionalProperties] is not an allowed property",
                "/properties/emails/1/primary [type] must be a boolean, got string",
                "/properties/lastname [minLength] must be at least 1 character",
            ])
        #expect(try violationLines(Self.contactSchema, #"{"properties":{"lastname":"Lovelace","emails":[]}}"#) == [])
        #expect(try violationLines(Self.contactSchema, "{}") == ["/properties [required] is required"])
    }

    @Test("oneOf means exactly one shape matches")
    func oneOfExactlyOne() throws {
        let schema = #"{"oneOf":[{"type":"integer"},{"minimum":0}]}"#
        #expect(try violationLines(schema, "-1") == [])  // only shape 1
        #expect(try violationLines(schema, "1.5") == [])  // only shape 2
        #expect(try violationLines(schema, "5") == ["/ [oneOf] must match exactly one of 2 shapes, matched 2 (shapes 1, 2)"])
        #expect(
            try violationLines(schema, "-1.5")
                == ["/ [oneOf] must match exactly one of 2 shapes, matched none; closest is shape 1: / must be an integer, got number"])
    }

    @Test("oneOf names the closest shape by fewest violations")
    func oneOfClosest() throws {
        let schema = #"""
            {"oneOf":[{"type":"object","required":["a","b","c"]},{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}]}
            """#
        #expect(
            try violationLines(schema, #"{"id":7}"#)
                == ["/ [oneOf] must match exactly one of 2 shapes, matched none; closest is shape 2: /id must be a string, got number"])
    }

    @Test("anyOf needs at least one shape")
    func anyOf() throws {
        let schema = #"{"anyOf":[{"type":"string"},{"type":"null"}]}"#
        #expect(try violationLines(schema, "null") == [])
        #expect(
            try violationLines(schema, "1")
                == ["/ [anyOf] must match at least one of 2 shapes; closest is shape 1: / must be a string, got number"])
    }

    @Test("allOf reports each failing part with its own keyword")
    func allOf() throws {
        let schema = #"{"allOf":[{"minLength":2},{"pattern":"^a"}]}"#
        #expect(try violationLines(schema, #""ab""#) == [])
        #expect(try violationLines(schema, #""b""#) == ["/ [minLength] must be at least 2 characters", "/ [pattern] must match the pattern ^a"])
    }

    @Test("$ref applies together with its sibling keywords, from $defs or definitions")
    func refWithSiblings() throws {
        let schema = ##"{"$ref":"#/definitions/s","maxLength":2,"definitions":{"s":{"type":"string"}}}"##
        #expect(try violationLines(schema, #""abc""#) == ["/ [maxLength] must be at most 2 characters"])
        #expect(try violationLines(schema, "3") == ["/ [type] must be a string, got number"])
    }

    @Test("a recursive $ref compiles and validation ends at the bottom of the data")
    func recursiveRef() throws {
        let tree = ##"{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#"}}}}"##
        var data: JSONValue = ["name": 5]
        var expected = "/name"
        for _ in 0..<60 {
            data = ["name": "n", "children": [["name": "leaf"], data]]
            expected = "/children/1" + expected
        }
        let schema = try compiledSchema(tree)
        let violations = schema.validate(data)
        #expect(violations.map(\.pointer.description) == [expected])
        #expect(violations.first?.reason == "must be a string, got number")
        #expect(!schema.isValid(data))
    }

    @Test("mutually recursive definitions terminate")
    func mutualRecursion() throws {
        let schema = ##"""
            {"$ref":"#/$defs/a","$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}}},
                                          "b":{"type":"array","items":{"$ref":"#/$defs/a"}}}}
            """##
        #expect(try violationLines(schema, #"{"b":[{"b":[{"b":[]},{"b":{}}]}]}"#) == ["/b/0/b/1/b [type] must be an array, got object"])
    }

    @Test("data nested beyond the depth limit is reported, not a crash")
    func depthLimit() throws {
        let schema = try compiledSchema(##"{"items":{"$ref":"#"}}"##)
        var deep: JSONValue = []
        for _ in 0..<(SchemaValidator.maxDepth + 5) { deep = [deep] }
        let violations = schema.validate(deep)
        #expect(violations.count == 1)
        #expect(violations.first?.keyword == "depth")
        var shallow: JSONValue = []
        for _ in 0..<200 { shallow = [shallow] }
        #expect(schema.isValid(shallow))
    }

    @Test("a compiled schema can be shared across tasks")
    func sendable() async throws {
        let schema = try compiledSchema(Self.contactSchema)
        let results = await withTaskGroup(of: Int.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let data: JSONValue = ["properties": ["lastname": i % 2 == 0 ? "x" : 3]]
                    return schema.validate(data).count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(results == 4)
    }
}
