import Foundation

/// A compiled schema: compile once, validate many values fast.
///
/// ## The supported subset of JSON Schema draft 2020-12
///
/// A schema is an object or a boolean (`true` accepts everything, `false` nothing).
///
/// Validation keywords:
/// - `type`: a name or an array of unique names among `null`, `boolean`, `object`, `array`,
///   `number`, `integer`, `string`. `integer` is a number with no fractional part (`1.0` counts).
/// - `properties` (an object of schemas), `required` (an array of unique names),
///   `additionalProperties` (a boolean or a schema, applied to members not named in `properties`).
/// - `items`: one schema applied to every element (the array "tuple" form is not supported).
/// - `enum` (an array of values), `const` (any value). Equality is JSON equality: numbers by value,
///   objects regardless of key order.
/// - `format`: `email` (dot-atom local part, a domain of two or more labels; no quoted local parts,
///   no IP literals), `date` (`YYYY-MM-DD`, a real calendar day), `date-time` (RFC 3339, with a leap
///   second only at 23:59:60 UTC), `uri` (absolute, with a scheme; ASCII only). Formats are
///   asserted, not just annotated. Any other format is a compile problem.
/// - `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (numbers).
/// - `minLength`, `maxLength` (counted in Unicode code points), `minItems`, `maxItems`
///   (non-negative integers).
/// - `pattern`: a regular expression (NSRegularExpression, close to ECMA 262), compiled once when
///   the schema is compiled and searched unanchored: `"^[A-Z]"` must be anchored explicitly.
///   An invalid expression is a compile problem.
/// - `allOf`, `anyOf`, `oneOf` (non-empty arrays of schemas; `oneOf` means exactly one matches).
/// - `$ref`: local references only, written as a JSON Pointer fragment: `"#"`, `"#/$defs/Name"`,
///   `"#/definitions/Name"` (or any other `#/...` pointer to a schema in the same document). Other
///   references (URLs, other files, `#anchor`s) and references that do not resolve are compile
///   problems. `$ref` may sit beside other keywords; all apply. Recursive references are fine as
///   long as each loop steps into the data (`properties`, `items`, ...); a loop that does not
///   (`{"$ref": "#"}`) is a compile problem, since validating it could never end.
///
/// Annotations, accepted and ignored by validation: `$schema`, `$id` (references still resolve
/// against this document), `$comment`, `$defs`, `definitions` (their schemas are checked for
/// problems too), `title`, `description`, `default`, `examples`, `deprecated`, `readOnly`,
/// `writeOnly`, and any keyword starting with `x-` (vendor extensions).
///
/// Any other keyword is a compile problem ("unsupported keyword"), reported with its pointer, so a
/// schema never silently means less than it says. Compilation reports all problems at once.
///
/// Violations carry the JSON Pointer of the failing value in the data (for `required`, the pointer
/// of the missing member), the keyword, and a plain-language reason. When a value's `type` is
/// wrong, the other keywords of that schema are not reported for it. Values nested deeper than
/// 1,000 schema-and-data levels are reported as too deep rather than risking the stack.
public struct JSONSchema: Sendable {
    /// The schema document as given.
    public let document: JSONValue
    private let compiled: CompiledOnce
    var program: SchemaProgram { compiled.program }

    /// Compiles `document`, collecting every problem (not just the first) into the error.
    public init(compiling document: JSONValue) throws(SchemaCompileError) {
        self.document = document
        compiled = CompiledOnce(program: try SchemaCompiler.compile(document))
    }

    /// A schema compiled on first use: for the built-in manifests, whose schemas the test suite
    /// compiles (`BuiltInCatalogTests`), so that loading the catalog does not compile a hundred
    /// and more schemas a command never uses. A document that does not compile refuses every value.
    init(compilingLater document: JSONValue) {
        self.document = document
        compiled = CompiledOnce(document: document)
    }

    /// Every way `value` fails this schema, sorted by data pointer (array indices numerically); empty when valid.
    public func validate(_ value: JSONValue) -> [SchemaViolation] {
        SchemaValidator.violations(of: value, in: program)
    }

    /// Whether `value` matches this schema; stops at the first failure, so cheaper than `validate`.
    public func isValid(_ value: JSONValue) -> Bool {
        SchemaValidator.isValid(value, in: program)
    }
}

/// A schema program made once: at once, or on first use under a lock.
final class CompiledOnce: @unchecked Sendable {
    // `state` is only read and written under `lock`.
    private let lock = NSLock()
    private var state: SchemaProgram?
    private let document: JSONValue?

    init(program: SchemaProgram) {
        state = program
        document = nil
    }

    init(document: JSONValue) {
        state = nil
        self.document = document
    }

    var program: SchemaProgram {
        lock.lock()
        defer { lock.unlock() }
        if let state { return state }
        let made: SchemaProgram
        do { made = try SchemaCompiler.compile(document ?? .bool(true)) } catch {
            let reason = "the built-in schema does not compile: " + (error.problems.first.map { "\($0.pointer.displayString): \($0.reason)" } ?? "")
            made = SchemaProgram(nodes: [SchemaNode(pointer: .root, checks: [.refuse(reason)], title: nil, description: nil, notes: [])])
        }
        state = made
        return made
    }
}

