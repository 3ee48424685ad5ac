import Foundation

/// One validation pass over a value: walks the compiled nodes, never the schema document.
///
/// In collecting mode every violation is recorded with its data pointer; otherwise the walk stops
/// at the first failure and builds no strings (used by `isValid` and to try `anyOf`/`oneOf` branches).
struct SchemaValidator {
    private let nodes: [SchemaNode]
    private var collecting: Bool
    private var path: [PathStep] = []
    private var depth = 0
    private(set) var violations: [SchemaViolation] = []

    /// How deep schema and data may nest together before validation gives up with a violation.
    static let maxDepth = 1_000

    private enum PathStep {
        case key(String)
        case index(Int)
    }

    init(program: SchemaProgram, collecting: Bool) {
        self.nodes = program.nodes
        self.collecting = collecting
    }

    /// All violations of `value` against the root, sorted by data pointer.
    static func violations(of value: JSONValue, in program: SchemaProgram) -> [SchemaViolation] {
        var run = SchemaValidator(program: program, collecting: true)
        if run.visit(value, 0) { return [] }
        return PointerOrder.sorted(run.violations, by: \.pointer)
    }

    /// Whether `value` matches the root, stopping at the first failure.
    static func isValid(_ value: JSONValue, in program: SchemaProgram) -> Bool {
        var run = SchemaValidator(program: program, collecting: false)
        return run.visit(value, 0)
    }

    // MARK: - Walking

    /// Checks `value` against node `index`; true when valid.
    private mutating func visit(_ value: JSONValue, _ index: Int) -> Bool {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maxDepth {
            fail("depth", "is nested too deeply to validate (more than \(Self.maxDepth) levels)")
            return false
        }
        var ok = true
        for check in nodes[index].checks {
            if !apply(check, to: value) {
                ok = false
                if !collecting { return false }
                if case .type = check { return false }
            }
        }
        return ok
    }

    /// Applies one compiled keyword; true when it holds.
    private mutating func apply(_ check: SchemaCheck, to value: JSONValue) -> Bool {
        switch check {
        case .never:
            return fail("false", "is not allowed here")
        case .type(let types, let names):
            if types.admits(value) { return true }
            return fail("type", "must be \(Self.typePhrase(names)), got \(Self.gotName(value))")
        case .constant(let expected):
            if value == expected { return true }
            return fail("const", "must be \(Self.render(expected))")
        case .enumeration(let values, let lookup):
            if lookup.contains(value) { return true }
            return fail("enum", "must be one of: \(Self.renderList(values))")
        case .format(let format):
            guard case .string(let s) = value, !format.accepts(s) else { return true }
            return fail("format", format.reason)
        case .minimum(let limit):
            guard case .number(let n) = value, n < limit else { return true }
            return fail("minimum", "must be at least \(JSONWriter.format(number: limit))")
        case .maximum(let limit):
            guard case .number(let n) = value, n > limit else { return true }
            return fail("maximum", "must be at most \(JSONWriter.format(number: limit))")
        case .exclusiveMinimum(let limit):
            guard case .number(let n) = value, n <= limit else { return true }
            return fail("exclusiveMinimum", "must be greater than \(JSONWriter.format(number: limit))")
        case .exclusiveMaximum(let limit):
            guard case .number(let n) = value, n >= limit else { return true }
            return fail("exclusiveMaximum", "must be less than \(JSONWriter.format(number: limit))")
        case .minLength(let limit):
            // A scalar is 1...4 UTF-8 bytes, so the UTF-8 length often decides without counting scalars.
            guard case .string(let s) = value else { return true }
            let bytes = s.utf8.count
            if bytes >= limit, bytes >= 4 * limit || s.unicodeScalars.count >= limit { return true }
            return fail("minLength", "must be at least \(Self.count(limit, "character"))")
        case .maxLength(let limit):
            guard case .string(let s) = value, s.utf8.count > limit, s.unicodeScalars.count > limit else { return true }
            return fail("maxLength", "must be at most \(Self.count(limit, "character"))")
        case .pattern(let pattern):
            guard case .string(let s) = value, !pattern.matches(s) else { return true }
            return fail("pattern", "must match the pattern \(pattern.source)")
        case .required(let names):
            guard case .object(let object) = value else { return true }
            var ok = true
            for name in names where object[name] == nil {
                ok = false
                if !collecting { return false }
                path.append(.key(name))
                fail("required", "is required")
                path.removeLast()
            }
            return ok
        case .properties(let rules, let byName):
            guard case .object(let object) = value else { return true }
            var ok = true
            if let byName, object.count < rules.count {
                var stop = false
                object.forEachMember { name, member in
                    guard !stop, let node = byName[name] else { return }
                    path.append(.key(name))
                    let valid = visit(member, node)
                    path.removeLast()
                    if !valid {
                        ok = false
                        if !collecting { stop = true }
                    }
                }
                return ok
            }
            for rule in rules {
                guard let member = object[rule.name] else { continue }
                path.append(.key(rule.name))
                let valid = visit(member, rule.node)
                path.removeLast()
                if !valid {
                    ok = false
                    if !collecting { return false }
                }
            }
            return ok
        case .additionalProperties(let node, let known):
            guard case .object(let object) = value else { return true }
            var ok = true
            for key in object.keys where !known.contains(key) {
                path.append(.key(key))
                let valid = visit(object[key]!, node)
                path.removeLast()
                if !valid {
                    ok = false
                    if !collecting { return false }
                }
            }
            return ok
        case .closedProperties(_, let byName, let message):
            guard case .object(let object) = value else { return true }
            var ok = true
            var stop = false
            object.forEachMember { name, member in
                guard !stop else { return }
                path.append(.key(name))
                let valid: Bool
                if let node = byName[name] { valid = visit(member, node) } else { valid = fail("additionalProperties", message) }
                path.removeLast()
                if !valid {
                    ok = false
                    if !collecting { stop = true }
                }
            }
            return ok
        case .refuse(let reason):
            return fail("readOnly", reason)
        case .pipelineStages(let rule):
            guard case .object(let object) = value, let (member, reason) = rule.problem(in: object) else { return true }
            path.append(.key(member))
            defer { path.removeLast() }
            return fail("x-pipelineStages", reason)
        case .noAdditionalProperties(let known, let message):
            guard case .object(let object) = value else { return true }
            var ok = true
            for key in object.keys where !known.contains(key) {
                ok = false
                if !collecting { return false }
                path.append(.key(key))
                fail("additionalProperties", message)
                path.removeLast()
            }
            return ok
        case .minItems(let limit):
            guard case .array(let items) = value, items.count < limit else { return true }
            return fail("minItems", "must have at least \(Self.count(limit, "item"))")
        case .maxItems(let limit):
            guard case .array(let items) = value, items.count > limit else { return true }
            return fail("maxItems", "must have at most \(Self.count(limit, "item"))")
        case .items(let node):
            guard case .array(let items) = value else { return true }
            var ok = true
            for (i, item) in items.enumerated() {
                path.append(.index(i))
                let valid = visit(item, node)
                path.removeLast()
                if !valid {
                    ok = false
                    if !collecting { return false }
                }
            }
            return ok
        case .allOf(let members):
            var ok = true
            for member in members where !visit(value, member) {
                ok = false
                if !collecting { return false }
            }
            return ok
        case .anyOf(let members):
            for member in members where quietly(value, member) { return true }
            guard collecting else { return false }
            let detail = closest(value, members)
            return fail("anyOf", "must match at least one of \(members.count) shapes" + detail)
        case .oneOf(let members):
            var matched: [Int] = []
            for (i, member) in members.enumerated() where quietly(value, member) {
                matched.append(i + 1)
                if matched.count == 2 && !collecting { return false }
            }
            if matched.count == 1 { return true }
            guard collecting else { return false }
            if matched.isEmpty {
                let detail = closest(value, members)
                return fail("oneOf", "must match exactly one of \(members.count) shapes, matched none" + detail)
            }
            let which = matched.map(String.init).joined(separator: ", ")
            return fail("oneOf", "must match exactly one of \(members.count) shapes, matched \(matched.count) (shapes \(which))")
        case .ref(let node, _):
            return visit(value, node)
        }
    }

    /// Whether `value` matches node `index`, without recording anything.
    private mutating func quietly(_ value: JSONValue, _ index: Int) -> Bool {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        return visit(value, index)
    }

    /// `"; closest shape (2): /email must be a valid email address"` for the branch with fewest violations.
    private mutating func closest(_ value: JSONValue, _ members: [Int]) -> String {
        guard collecting else { return "" }
        var best: (shape: Int, violations: [SchemaViolation])?
        for (i, member) in members.enumerated() {
            var branch = self
            branch.violations = []
            _ = branch.visit(value, member)
            let found = PointerOrder.sorted(branch.violations, by: \.pointer)
            if !found.isEmpty, best == nil || found.count < best!.violations.count { best = (i + 1, found) }
        }
        guard let best, let first = best.violations.first else { return "" }
        return "; closest is shape \(best.shape): \(first.pointer.displayString) \(first.reason)"
    }

    /// Records a violation at the current data path (in collecting mode) and returns false.
    @discardableResult
    private mutating func fail(_ keyword: String, _ reason: @autoclosure () -> String) -> Bool {
        if collecting { violations.append(SchemaViolation(pointer: currentPointer, keyword: keyword, reason: reason())) }
        return false
    }

    private var currentPointer: JSONPointer {
        JSONPointer(tokens: path.map { step in
            switch step {
            case .key(let k): return k
            case .index(let i): return String(i)
            }
        })
    }

    // MARK: - Wording

    /// "a string", "a string or null", "an integer, a string or null".
    static func typePhrase(_ names: [String]) -> String {
        let phrases = names.map { name -> String in
            switch name {
            case "null": return "null"
            case "integer", "object", "array": return "an \(name)"
            default: return "a \(name)"
            }
        }
        guard phrases.count > 1 else { return phrases.first ?? "nothing" }
        return phrases.dropLast().joined(separator: ", ") + " or " + phrases.last!
    }

    /// The type a value is reported as: all numbers are "number".
    static func gotName(_ value: JSONValue) -> String {
        if case .number = value { return "number" }
        return value.typeName
    }

    /// Strings bare, everything else as compact JSON.
    static func render(_ value: JSONValue) -> String {
        if case .string(let s) = value { return s }
        return JSONWriter.compact(value)
    }

    /// Up to ten values, then a count of the rest.
    static func renderList(_ values: [JSONValue]) -> String {
        let shown = values.prefix(10).map(render).joined(separator: ", ")
        return values.count > 10 ? "\(shown), … (\(values.count) values)" : shown
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}
