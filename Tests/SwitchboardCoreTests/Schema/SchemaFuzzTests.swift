import Testing
@testable import SwitchboardCore

/// A seeded SplitMix64 generator, so every fuzz run sees the same inputs.
struct SchemaFuzzRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random JSON values and schema documents, mostly well-formed, sometimes not.
struct SchemaFuzzer {
    var rng: SchemaFuzzRandom
    static let keys = ["a", "b", "email", "id", "x/y", "~t", "0", ""]
    static let strings = ["", "a", "ann@example.com", "2024-02-29", "2024-05-01T09:30:00Z", "https://e.x", "日本", "ABC", "12"]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &rng)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func value(depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 7), using: &rng) {
        case 0: return .null
        case 1: return .bool(chance(0.5))
        case 2: return .number(pick([0, 1, -1, 1.5, 100, 1e20, -0.25]))
        case 3: return .string(pick(Self.strings))
        case 4, 5: return .object(JSONObject((0..<Int.random(in: 0...3, using: &rng)).map { _ in (pick(Self.keys), value(depth: depth + 1)) }))
        default: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth: depth + 1) })
        }
    }

    mutating func schema(depth: Int = 0) -> JSONValue {
        if chance(0.08) { return .bool(chance(0.7)) }
        if chance(0.01) { return value() }  // not a schema at all
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0...(depth > 2 ? 2 : 4), using: &rng) {
            let (key, keywordValue) = keyword(depth: depth)
            object[key] = keywordValue
        }
        if depth == 0, chance(0.5) {
            object["$defs"] = ["a": schema(depth: depth + 1), "b": schema(depth: depth + 1)]
        }
        return .object(object)
    }

    private mutating func keyword(depth: Int) -> (String, JSONValue) {
        let types: [JSONValue] = ["null", "boolean", "object", "array", "number", "integer", "string"]
        switch Int.random(in: 0..<24, using: &rng) {
        case 0: return ("type", chance(0.5) ? pick(types) : .array([pick(types), pick(types)]))
        case 1: return ("properties", .object(JSONObject((0..<2).map { _ in (pick(Self.keys), schema(depth: depth + 1)) })))
        case 2: return ("required", .array([.string(pick(Self.keys))]))
        case 3: return ("additionalProperties", chance(0.5) ? .bool(chance(0.5)) : schema(depth: depth + 1))
        case 4: return ("items", schema(depth: depth + 1))
        case 5: return ("enum", .array([value(depth: 3), value(depth: 3)]))
        case 6: return ("const", value(depth: 3))
        case 7: return ("format", pick(["email", "date", "date-time", "uri", "ipv9"]))
        case 8: return (pick(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]), .number(pick([0, 1, -2.5, 10])))
        case 9: return (pick(["minLength", "maxLength", "minItems", "maxItems"]), .number(pick([0, 1, 2, -1, 1.5])))
        case 10: return ("pattern", pick(["^[A-Z]", "[0-9]", "(", "a|b", ""]))
        case 11, 12: return (pick(["oneOf", "anyOf", "allOf"]), .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in schema(depth: depth + 1) }))
        case 13, 14: return ("$ref", pick(["#", "#/$defs/a", "#/$defs/b", "#/$defs/missing", "http://x/y", "#/properties"]))
        case 15: return ("title", chance(0.9) ? "T" : 3)
        case 16: return ("x-vendor", value(depth: 3))
        case 17: return (pick(["uniqueItems", "patternProperties", "if", "not"]), value(depth: 3))
        default: return ("description", "d")
        }
    }
}

@Suite("Fuzzing")
struct SchemaFuzzTests {
    @Test("random schemas and values: no crash, deterministic, consistent")
    func randomSchemas() throws {
        var fuzz = SchemaFuzzer(rng: SchemaFuzzRandom(seed: 0x5EED_0001))
        var compiledCount = 0, violationCount = 0
        for _ in 0..<600 {
            let document = fuzz.schema()
            let first: JSONSchema, second: JSONSchema
            do {
                first = try JSONSchema(compiling: document)
            } catch {
                #expect(!error.problems.isEmpty)
                // Problems are deterministic too.
                #expect(throws: SchemaCompileError.self) { try JSONSchema(compiling: document) }
                continue
            }
            second = try JSONSchema(compiling: document)
            compiledCount += 1
            _ = first.outline  // terminates and does not crash
            for _ in 0..<8 {
                let value = fuzz.value()
                let violations = first.validate(value)
                violationCount += violations.count
                #expect(violations == first.validate(value))
                #expect(violations == second.validate(value))
                #expect(first.isValid(value) == violations.isEmpty)
                #expect(violations.map(\.pointer) == PointerOrder.sorted(violations, by: \.pointer).map(\.pointer))
                for violation in violations {
                    // Every violation points into the data: at a value, or (required) at a member of a present object.
                    let parent = JSONPointer(tokens: Array(violation.pointer.tokens.dropLast()))
                    let located = value.value(at: violation.pointer) != nil
                        || (violation.keyword == "required" && value.value(at: parent)?.objectValue != nil)
                    #expect(located, "\(violation) does not point into \(JSONWriter.compact(value))")
                }
            }
        }
        // The generator must exercise both outcomes, or this test proves nothing.
        #expect(compiledCount > 100)
        #expect(violationCount > 100)
    }

    @Test("type checks agree with a reference model on random values")
    func typeModel() throws {
        var fuzz = SchemaFuzzer(rng: SchemaFuzzRandom(seed: 42))
        let names = ["null", "boolean", "object", "array", "number", "integer", "string"]
        for _ in 0..<3000 {
            let allowed = Array(Set((0..<Int.random(in: 1...3, using: &fuzz.rng)).map { _ in fuzz.pick(names) }))
            let schema = try JSONSchema(compiling: ["type": .array(allowed.map { .string($0) })])
            let value = fuzz.value()
            #expect(schema.isValid(value) == Self.reference(value, allowed), "\(allowed) vs \(JSONWriter.compact(value))")
        }
    }

    private static func reference(_ value: JSONValue, _ allowed: [String]) -> Bool {
        switch value {
        case .null: return allowed.contains("null")
        case .bool: return allowed.contains("boolean")
        case .object: return allowed.contains("object")
        case .array: return allowed.contains("array")
        case .string: return allowed.contains("string")
        case .number(let n): return allowed.contains("number") || (allowed.contains("integer") && n == n.rounded())
        }
    }
}
