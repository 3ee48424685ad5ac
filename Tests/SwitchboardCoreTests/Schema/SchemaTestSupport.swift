import Testing
@testable import SwitchboardCore

/// Parses JSON text written in a test; a typo in a test's JSON fails that test.
func schemaJSON(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// Compiles a schema written as JSON text.
func compiledSchema(_ text: String) throws -> JSONSchema {
    try JSONSchema(compiling: try schemaJSON(text))
}

/// The violations of `data` against `schema` as `pointer [keyword] reason` lines, in reported order.
func violationLines(_ schema: String, _ data: String) throws -> [String] {
    let compiled = try compiledSchema(schema)
    let value = try schemaJSON(data)
    let violations = compiled.validate(value)
    #expect(compiled.isValid(value) == violations.isEmpty, "isValid disagrees with validate for \(data)")
    return violations.map { "\($0.pointer.displayString) [\($0.keyword)] \($0.reason)" }
}

/// The compile problems of a schema as `pointer: reason` lines; empty when it compiles.
func problemLines(_ schema: String) throws -> [String] {
    do {
        _ = try compiledSchema(schema)
        return []
    } catch let error as SchemaCompileError {
        return error.problems.map(\.description)
    }
}
