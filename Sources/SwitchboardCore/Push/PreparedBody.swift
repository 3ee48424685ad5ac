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
        let mapped = Mapper.map(record, with: mapping)
        return PreparedBody(body: mapped.body, mappingIssues: mapped.issues, violations: action.requestSchema?.validate(mapped.body) ?? [])
    }

    /// Whether the body may be sent.
    public var isValid: Bool { mappingIssues.isEmpty && violations.isEmpty }

    /// Every problem as a line (`/properties/email: …`).
    public var problems: [String] { mappingIssues.map(\.description) + violations.map(\.description) }
}
