import Foundation

/// Turns a schema document into a `SchemaProgram`, collecting every problem on the way.
///
/// Each schema location is compiled once (memoized by its pointer), so `$ref`s, including
/// recursive ones, become node indices. After the walk, cycles of `$ref`/`allOf`/`anyOf`/`oneOf`
/// that never step into the data are reported, because validating them could never finish.
struct SchemaCompiler {
    private let document: JSONValue
    private var slots: [SchemaNode?] = []
    private var indexByPointer: [JSONPointer: Int] = [:]
    private var problems: [SchemaProblem] = []
    /// Edges that stay on the same data value, for the cycle check: (from, to, keyword pointer).
    private var inPlaceEdges: [[(to: Int, at: JSONPointer)]] = []

    /// Keywords accepted and ignored (annotations) besides any `x-` vendor extension. Three vendor
/// keywords mean something: `x-refuse` (a reason: any value there is refused with it),
/// `x-unknownMessage` (beside `additionalProperties: false`: the reason an unknown member gets),
/// `x-custom` (`true`: noted as a custom field), `x-pipelineStages` (an object's stage must be a
/// stage of its pipeline: see `PipelineStagesRule`).
    static let annotationKeywords: Set<String> = [
        "$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default",
        "examples", "deprecated", "readOnly", "writeOnly",
    ]

    /// Compiles `document`, or throws every problem found.
    static func compile(_ document: JSONValue) throws(SchemaCompileError) -> SchemaProgram {
        var compiler = SchemaCompiler(document: document)
        _ = compiler.compile(at: .root)
        compiler.reportInPlaceCycles()
        if !compiler.problems.isEmpty {
            throw SchemaCompileError(problems: PointerOrder.sorted(compiler.problems, by: \.pointer))
        }
        return SchemaProgram(nodes: compiler.slots.map { $0! })
    }

    private init(document: JSONValue) { self.document = document }

    // MARK: - Schemas

    /// The node index for the schema at `pointer` in the document, compiling it on first use.
    private mutating func compile(at pointer: JSONPointer) -> Int {
        if let index = indexByPointer[pointer] { return index }
        let index = slots.count
        slots.append(nil)
        inPlaceEdges.append([])
        indexByPointer[pointer] = index
        let node: SchemaNode
        switch document.value(at: pointer) {
        case .bool(true)?:
            node = SchemaNode(pointer: pointer, checks: [], title: nil, description: nil, notes: [])
        case .bool(false)?:
            node = SchemaNode(pointer: pointer, checks: [.never], title: nil, description: nil, notes: [])
        case .object(let object)?:
            node = compileObject(object, at: pointer, index: index)
        case let other?:
            problem(pointer, "a schema must be an object or a boolean, got \(other.typeName)")
            node = SchemaNode(pointer: pointer, checks: [], title: nil, description: nil, notes: [])
        case nil:
            node = SchemaNode(pointer: pointer, checks: [], title: nil, description: nil, notes: [])
        }
        slots[index] = node
        return index
    }

    private mutating func compileObject(_ object: JSONObject, at pointer: JSONPointer, index: Int) -> SchemaNode {
        var parts = Parts()
        for key in object.keys {
            let value = object[key]!
            let at = pointer.appending(key)
            compileKeyword(key, value, at: at, parent: pointer, index: index, into: &parts)
        }
        if parts.additional != nil, object["additionalProperties"] == .bool(false),
           let at = parts.objectChecks.firstIndex(where: { if case .properties(_, let byName) = $0 { return byName != nil }; return false }),
           case .properties(let rules, let byName?) = parts.objectChecks[at] {
            // Known members and unknown ones in one pass.
            parts.objectChecks[at] = .closedProperties(rules, byName: byName,
                                                       message: object["x-unknownMessage"]?.stringValue ?? "is not an allowed property")
        } else if let additional = parts.additional {
            let forbidden = object["additionalProperties"] == .bool(false)
            parts.objectChecks.append(
                forbidden
                    ? .noAdditionalProperties(known: parts.knownProperties,
                                              message: object["x-unknownMessage"]?.stringValue ?? "is not an allowed property")
                    : .additionalProperties(node: additional, known: parts.knownProperties))
        }
        return SchemaNode(
            pointer: pointer, checks: parts.checks, title: parts.title, description: parts.description, notes: parts.notes)
    }

    /// Keyword results gathered in document order, assembled type-first for fast failure.
    private struct Parts {
        var type: SchemaCheck?
        var valueChecks: [SchemaCheck] = []
        var objectChecks: [SchemaCheck] = []
        var applicators: [SchemaCheck] = []
        var knownProperties: Set<String> = []
        var additional: Int?
        var title: String?
        var description: String?
        var notes: [String] = []

        var checks: [SchemaCheck] { (type.map { [$0] } ?? []) + valueChecks + objectChecks + applicators }
    }

    // MARK: - Keywords

    private mutating func compileKeyword(
        _ key: String, _ value: JSONValue, at: JSONPointer, parent: JSONPointer, index: Int, into parts: inout Parts
    ) {
        switch key {
        case "type":
            parts.type = compileType(value, at: at)
        case "properties":
            guard case .object(let props) = value else { return problem(at, "must be an object of schemas") }
            var rules: [PropertyRule] = []
            for name in props.keys {
                rules.append(PropertyRule(name: name, node: compile(at: at.appending(name))))
                parts.knownProperties.insert(name)
            }
            let byName = rules.count > 4 ? Dictionary(rules.map { ($0.name, $0.node) }, uniquingKeysWith: { a, _ in a }) : nil
            parts.objectChecks.append(.properties(rules, byName: byName))
        case "required":
            guard let names = uniqueStrings(value, at: at) else { return }
            parts.objectChecks.insert(.required(names), at: 0)
        case "additionalProperties":
            parts.additional = compile(at: at)
        case "items":
            if case .array = value {
                return problem(at, "must be a schema (the tuple form, an array of schemas, is not supported)")
            }
            parts.objectChecks.append(.items(node: compile(at: at)))
        case "enum":
            guard case .array(let values) = value else { return problem(at, "must be an array") }
            parts.valueChecks.append(.enumeration(values: values, lookup: Set(values)))
        case "const":
            parts.valueChecks.append(.constant(value))
        case "format":
            guard case .string(let name) = value else { return problem(at, "must be a string") }
            guard let format = SchemaFormat(rawValue: name) else {
                let known = SchemaFormat.allCases.map(\.rawValue).joined(separator: ", ")
                return problem(at, "unsupported format \"\(name)\" (supported: \(known))")
            }
            parts.valueChecks.append(.format(format))
        case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
            guard case .number(let n) = value else { return problem(at, "must be a number") }
            let check: SchemaCheck =
                switch key {
                case "minimum": .minimum(n)
                case "maximum": .maximum(n)
                case "exclusiveMinimum": .exclusiveMinimum(n)
                default: .exclusiveMaximum(n)
                }
            parts.valueChecks.append(check)
        case "minLength", "maxLength", "minItems", "maxItems":
            guard case .number(let n) = value, n >= 0, n.rounded(.towardZero) == n, n < 1e15 else {
                return problem(at, "must be a non-negative integer")
            }
            let check: SchemaCheck =
                switch key {
                case "minLength": .minLength(Int(n))
                case "maxLength": .maxLength(Int(n))
                case "minItems": .minItems(Int(n))
                default: .maxItems(Int(n))
                }
            parts.valueChecks.append(check)
        case "pattern":
            guard case .string(let source) = value else { return problem(at, "must be a string") }
            guard let pattern = CompiledPattern.compiled(source) else {
                return problem(at, "invalid regular expression \(JSONWriter.quote(source))")
            }
            parts.valueChecks.append(.pattern(pattern))
        case "allOf", "anyOf", "oneOf":
            guard case .array(let list) = value, !list.isEmpty else { return problem(at, "must be a non-empty array of schemas") }
            var members: [Int] = []
            for i in list.indices {
                let member = compile(at: at.appending(i))
                members.append(member)
                inPlaceEdges[index].append((member, at.appending(i)))
            }
            let check: SchemaCheck = key == "allOf" ? .allOf(members) : key == "anyOf" ? .anyOf(members) : .oneOf(members)
            parts.applicators.append(check)
        case "$ref":
            guard case .string(let text) = value else { return problem(at, "must be a string") }
            guard let target = resolveReference(text, at: at) else { return }
            let node = compile(at: target)
            inPlaceEdges[index].append((node, at))
            parts.applicators.append(.ref(node: node, text: text))
        case "$defs", "definitions":
            guard case .object(let defs) = value else { return problem(at, "must be an object of schemas") }
            for name in defs.keys { _ = compile(at: at.appending(name)) }
        case "$schema", "$id", "$comment":
            if value.stringValue == nil { problem(at, "must be a string") }
        case "title":
            guard case .string(let s) = value else { return problem(at, "must be a string") }
            parts.title = s
        case "description":
            guard case .string(let s) = value else { return problem(at, "must be a string") }
            parts.description = s
        case "deprecated", "readOnly", "writeOnly":
            guard case .bool(let flag) = value else { return problem(at, "must be true or false") }
            if flag { parts.notes.append(key == "deprecated" ? "deprecated" : key == "readOnly" ? "read only" : "write only") }
        case "default", "examples":
            break
        case "x-refuse":
            guard case .string(let reason) = value else { return problem(at, "must be a string") }
            parts.valueChecks.insert(.refuse(reason), at: 0)
        case "x-custom":
            if value == .bool(true) { parts.notes.append("custom field") }
        case "x-pipelineStages":
            guard let rule = PipelineStagesRule(value) else { return problem(at, "must be {stage, pipelines[, pipeline, default]}") }
            parts.valueChecks.append(.pipelineStages(rule))
        default:
            if key.hasPrefix("x-") { return }
            problem(at, "unsupported keyword \(JSONWriter.quote(key))")
        }
    }

    private mutating func compileType(_ value: JSONValue, at: JSONPointer) -> SchemaCheck? {
        var names: [String] = []
        switch value {
        case .string(let name):
            names = [name]
        case .array(let list):
            guard !list.isEmpty else { problem(at, "must not be an empty array"); return nil }
            for (i, item) in list.enumerated() {
                guard case .string(let name) = item else { problem(at.appending(i), "must be a type name"); return nil }
                names.append(name)
            }
        default:
            problem(at, "must be a type name or an array of type names")
            return nil
        }
        var set: JSONTypeSet = []
        var seen: Set<String> = []
        for (i, name) in names.enumerated() {
            let where_ = value.arrayValue == nil ? at : at.appending(i)
            guard let t = JSONTypeSet(name: name) else {
                problem(where_, "unknown type \(JSONWriter.quote(name)) (expected null, boolean, object, array, number, integer or string)")
                return nil
            }
            guard seen.insert(name).inserted else { problem(where_, "type \"\(name)\" is listed twice"); return nil }
            set.insert(t)
        }
        return .type(set, names: names)
    }

    private mutating func uniqueStrings(_ value: JSONValue, at: JSONPointer) -> [String]? {
        guard case .array(let list) = value else { problem(at, "must be an array of property names"); return nil }
        var names: [String] = []
        var seen: Set<String> = []
        for (i, item) in list.enumerated() {
            guard case .string(let name) = item else { problem(at.appending(i), "must be a string"); return nil }
            guard seen.insert(name).inserted else { problem(at.appending(i), "\"\(name)\" is listed twice"); return nil }
            names.append(name)
        }
        return names
    }

    // MARK: - References

    /// The document pointer a local `$ref` names, or nil (with a problem) when it is not local or does not resolve.
    private mutating func resolveReference(_ text: String, at: JSONPointer) -> JSONPointer? {
        guard text.hasPrefix("#") else {
            problem(at, "$ref \(JSONWriter.quote(text)) is not supported: only local references such as \"#\" or \"#/$defs/Name\" are")
            return nil
        }
        let fragment = String(text.dropFirst())
        guard fragment.isEmpty || fragment.hasPrefix("/"), let decoded = fragment.removingPercentEncoding else {
            problem(at, "$ref \(JSONWriter.quote(text)) is not supported: only JSON Pointer fragments such as \"#/$defs/Name\" are")
            return nil
        }
        let target = JSONPointer(parsing: decoded)
        switch document.value(at: target) {
        case .object?, .bool?:
            return target
        case nil:
            problem(at, "$ref \(JSONWriter.quote(text)) does not resolve to anything in this document")
            return nil
        case let other?:
            problem(at, "$ref \(JSONWriter.quote(text)) points to a \(other.typeName), not a schema")
            return nil
        }
    }

    /// Reports each `$ref`/`allOf`/`anyOf`/`oneOf` loop that returns to a schema without entering the data.
    private mutating func reportInPlaceCycles() {
        var state = [UInt8](repeating: 0, count: slots.count)  // 0 new, 1 on the stack, 2 done
        var found: [SchemaProblem] = []
        func visit(_ node: Int) {
            state[node] = 1
            for edge in inPlaceEdges[node] {
                if state[edge.to] == 1 {
                    let target = "#" + (slots[edge.to]?.pointer.description ?? "")
                    found.append(SchemaProblem(pointer: edge.at, reason: "leads back to \(target) without entering the data, so validation would never end"))
                } else if state[edge.to] == 0 {
                    visit(edge.to)
                }
            }
            state[node] = 2
        }
        for node in slots.indices where state[node] == 0 { visit(node) }
        problems += found
    }

    private mutating func problem(_ pointer: JSONPointer, _ reason: String) {
        problems.append(SchemaProblem(pointer: pointer, reason: reason))
    }
}
