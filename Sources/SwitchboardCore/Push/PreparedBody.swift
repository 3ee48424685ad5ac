/// One record's request body, mapped and checked against the action's schema once: what the
/// plan's summary counts, the preview shows and the executor sends.
public struct PreparedBody: Sendable, Equatable {
    public var body: JSONValue
    /// Mapping problems (missing source values, failed transforms).
    public var mappingIssues: [MappingIssue]
    /// Schema violations of the body, with JSON Pointer paths.
    public var violations: [SchemaViolation]

    public init(body: JSONValue, mappingIssues: [MappingIssue], violations: [SchemaViolation]) {
        self.body = body
        self.mappingIssues = mappingIssues
        self.violations = violations
    }

    /// Maps `record` with `mapping` and validates the body against `action`'s request schema.
    public static func prepare(_ record: UniversalRecord, mapping: FieldMapping, action: ActionSpec) -> PreparedBody {
        checked(Mapper.map(record, with: mapping), action: action)
    }

    /// The same with a mapping compiled once for many records.
    public static func prepare(_ record: UniversalRecord, plan: MappingPlan, action: ActionSpec) -> PreparedBody {
        checked(plan.map(record), action: action)
    }

    /// A valid body is checked once, quickly; only an invalid one is walked again for every violation.
    private static func checked(_ mapped: MappedBody, action: ActionSpec) -> PreparedBody {
        let violations = action.requestSchema.map { $0.isValid(mapped.body) ? [] : $0.validate(mapped.body) } ?? []
        let body = action.customFieldArray.map { $0.apply(to: mapped.body) } ?? mapped.body
        return PreparedBody(body: body, mappingIssues: mapped.issues, violations: violations)
    }

    /// Whether the body may be sent.
    public var isValid: Bool { mappingIssues.isEmpty && violations.isEmpty }

    /// Every problem as a line (`/properties/email: …`).
    public var problems: [String] { mappingIssues.map(\.description) + violations.map(\.description) }
}
