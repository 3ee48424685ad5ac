import Foundation

// MARK: - The compiled program

/// A compiled schema: every schema location in the document becomes one node, addressed by index.
///
/// Nodes refer to each other by index, so recursive `$ref`s are plain integers and the whole
/// program is an immutable, `Sendable` value shared by every validation. Node 0 is the root.
final class SchemaProgram: Sendable {
    let nodes: [SchemaNode]

    init(nodes: [SchemaNode]) { self.nodes = nodes }
}

/// One compiled schema location: the checks to run, in a fixed fast order, plus annotations.
final class SchemaNode: Sendable {
    /// Where this schema sits in the schema document (for outlines and `$ref` display).
    let pointer: JSONPointer
    /// Checks, type first: when the type check fails the rest of the node is skipped.
    let checks: [SchemaCheck]
    let title: String?
    let description: String?
    /// Human notes from annotation keywords (`deprecated`, `read only`, `write only`).
    let notes: [String]

    init(pointer: JSONPointer, checks: [SchemaCheck], title: String?, description: String?, notes: [String]) {
        self.pointer = pointer
        self.checks = checks
        self.title = title
        self.description = description
        self.notes = notes
    }
}

// MARK: - Checks

/// One compiled keyword.
enum SchemaCheck: Sendable {
    /// The `false` schema: nothing is valid.
    case never
    case type(JSONTypeSet, names: [String])
    case constant(JSONValue)
    case enumeration(values: [JSONValue], lookup: Set<JSONValue>)
    case format(SchemaFormat)
    case minimum(Double)
    case maximum(Double)
    case exclusiveMinimum(Double)
    case exclusiveMaximum(Double)
    case minLength(Int)
    case maxLength(Int)
    case pattern(CompiledPattern)
    case required([String])
    /// `properties`; `byName` (the rules' nodes by member name) is set for large lists, so an
    /// object with few members is checked by its members rather than by every rule.
    case properties([PropertyRule], byName: [String: Int]?)
    case additionalProperties(node: Int, known: Set<String>)
    /// `additionalProperties: false`: members outside `known` are reported by name.
    case noAdditionalProperties(known: Set<String>, message: String)
    /// `properties` with `additionalProperties: false`, checked together member by member (one
    /// lookup each): a member without a rule is refused with `message`.
    case closedProperties([PropertyRule], byName: [String: Int], message: String)
    /// `x-refuse`: any value here is refused with this reason (a field the CRM does not let be written).
    case refuse(String)
    /// `x-pipelineStages`: the object's stage member must be a stage of its pipeline member's pipeline.
    case pipelineStages(PipelineStagesRule)
    case minItems(Int)
    case maxItems(Int)
    case items(node: Int)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case ref(node: Int, text: String)
}

/// `x-pipelineStages`: `{"pipeline": member, "stage": member, "default": pipeline id,
/// "pipelines": [{"id", "label", "stages": [{"id", "label"}]}]}`. Ids are compared as text
/// (`"3"` and `3` are one stage). Without a pipeline member (or its value) the `default`
/// pipeline's stages count; without a default either (an update), any pipeline's.
struct PipelineStagesRule: Sendable {
    let pipelineMember: String?
    let stageMember: String
    let defaultPipeline: String?
    let pipelines: [TenantPipeline]

    init?(_ value: JSONValue) {
        guard let stage = value["stage"]?.stringValue, let list = value["pipelines"]?.arrayValue else { return nil }
        stageMember = stage
        pipelineMember = value["pipeline"]?.stringValue
        defaultPipeline = value["default"]?.stringValue
        pipelines = list.compactMap(TenantPipeline.init(json:))
    }

    /// Why `object`'s stage (or pipeline) is refused, with the member it is about; nil when it fits.
    func problem(in object: JSONObject) -> (member: String, reason: String)? {
        func text(_ v: JSONValue?) -> String? { v.flatMap { $0.stringValue ?? $0.numberValue.map { JSONWriter.format(number: $0) } } }
        func names(_ stages: [TenantPipeline.Stage]) -> String {
            let shown = stages.prefix(12).map { $0.id == $0.label ? $0.id : "\($0.id) (\($0.label))" }
            return shown.joined(separator: ", ") + (stages.count > 12 ? ", …" : "")
        }
        let chosen = pipelineMember.flatMap { text(object[$0]) }
        if let pipelineMember, let chosen, !pipelines.contains(where: { $0.id == chosen }) {
            return (pipelineMember, "\(chosen) is not a pipeline of this account; its pipelines: " + pipelines.map { "\($0.id) (\($0.label))" }.joined(separator: ", "))
        }
        guard let stage = text(object[stageMember]) else { return nil }
        if let id = chosen ?? defaultPipeline, let pipeline = pipelines.first(where: { $0.id == id }) {
            if pipeline.stages.contains(where: { $0.id == stage }) { return nil }
            return (stageMember, "\(stage) is not a stage of pipeline \(pipeline.id) (\(pipeline.label)); its stages: \(names(pipeline.stages))")
        }
        if pipelines.contains(where: { $0.stages.contains { $0.id == stage } }) { return nil }
        return (stageMember, "\(stage) is not a stage of any pipeline of this account")
    }
}

/// A `properties` entry: the member name and the node its value must match.
struct PropertyRule: Sendable {
    let name: String
    let node: Int
}

/// A `pattern` compiled once with NSRegularExpression; searched unanchored, as JSON Schema says.
struct CompiledPattern: @unchecked Sendable {
    // NSRegularExpression is immutable after creation and documented as safe to share across threads.
    let source: String
    let regex: NSRegularExpression

    /// Patterns compiled once per process: manifests repeat a few patterns (ids, amounts, dates)
    /// across hundreds of action schemas.
    private static let cache = Locked([String: CompiledPattern]())

    /// The pattern for `source`, from the cache or compiled now; nil when it is not a valid regular expression.
    static func compiled(_ source: String) -> CompiledPattern? {
        if let hit = cache.withLock({ $0[source] }) { return hit }
        guard let regex = try? NSRegularExpression(pattern: source, options: []) else { return nil }
        let pattern = CompiledPattern(source: source, regex: regex)
        cache.withLock { $0[source] = pattern }
        return pattern
    }

    func matches(_ s: String) -> Bool {
        regex.firstMatch(in: s, options: [], range: NSRange(location: 0, length: s.utf16.count)) != nil
    }
}

// MARK: - Types

/// The JSON Schema type names as a bit set.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    init(rawValue: UInt8) { self.rawValue = rawValue }

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let object = JSONTypeSet(rawValue: 1 << 2)
    static let array = JSONTypeSet(rawValue: 1 << 3)
    static let number = JSONTypeSet(rawValue: 1 << 4)
    static let integer = JSONTypeSet(rawValue: 1 << 5)
    static let string = JSONTypeSet(rawValue: 1 << 6)

    /// The set for one type name, nil when the name is not a JSON Schema type.
    init?(name: String) {
        switch name {
        case "null": self = .null
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "number": self = .number
        case "integer": self = .integer
        case "string": self = .string
        default: return nil
        }
    }

    /// Whether `value` has one of these types (`integer` = a number with no fraction).
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return contains(.null)
        case .bool: return contains(.boolean)
        case .object: return contains(.object)
        case .array: return contains(.array)
        case .string: return contains(.string)
        case .number(let n):
            if contains(.number) { return true }
            return contains(.integer) && n.isFinite && n.rounded(.towardZero) == n
        }
    }
}
