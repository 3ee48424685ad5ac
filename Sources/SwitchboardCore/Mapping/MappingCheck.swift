/// A mapping checked against one record, target by target: the value each rule produces and what
/// is wrong with it (a missing required value, a failed transform, a schema violation).
public struct MappingCheck: Sendable, Equatable {
    /// The verdict for one target.
    public struct FieldResult: Sendable, Equatable {
        public var target: MappingTarget
        /// The value the request body gets there, nil when it gets none.
        public var value: JSONValue?
        /// What is wrong, empty when nothing is.
        public var problems: [String]
        public var isValid: Bool { problems.isEmpty }
    }

    public var fields: [FieldResult]
    /// Problems at places no target covers (e.g. a rule into a place the schema forbids).
    public var otherProblems: [String]
    /// The body the record maps to.
    public var body: JSONValue

    /// Every problem, for a one-line summary.
    public var problemCount: Int { fields.reduce(0) { $0 + $1.problems.count } + otherProblems.count }

    /// Maps `record` with `mapping` and validates the body against `action`'s schema.
    public static func run(_ mapping: FieldMapping, record: UniversalRecord, action: ActionSpec) -> MappingCheck {
        let targets = MappingTarget.all(for: action, mapping: mapping)
        let mapped = Mapper.map(record, with: mapping)
        let violations = action.requestSchema?.validate(mapped.body) ?? []
        var claimed = Set<Int>()
        var results: [FieldResult] = []
        for target in targets {
            var problems: [String] = []
            for issue in mapped.issues where issue.target == target.pointer { problems.append(issue.message) }
            let value = mapped.body.value(at: target.pointer)
            for (i, v) in violations.enumerated() where Self.covers(target.pointer, v.pointer) {
                claimed.insert(i)
                // A missing required value is said in the editor's words below.
                if value == nil, v.keyword == "required", v.pointer == target.pointer { continue }
                problems.append(v.reason)
            }
            if target.required, value == nil, problems.isEmpty {
                problems.append(mapping.rule(for: target.pointer) == nil ? "required, not mapped" : "required, the record gives no value")
            }
            results.append(FieldResult(target: target, value: value, problems: problems))
        }
        let others = violations.enumerated().filter { !claimed.contains($0.offset) }.map(\.element.description)
        return MappingCheck(fields: results, otherProblems: others, body: mapped.body)
    }

    /// Whether a violation at `violation` belongs to the target at `target` (the same place or inside it).
    static func covers(_ target: JSONPointer, _ violation: JSONPointer) -> Bool {
        violation.tokens.count >= target.tokens.count && Array(violation.tokens.prefix(target.tokens.count)) == target.tokens
    }
}
