/// One place in an action's request body that a mapping rule can write: a leaf of the schema
/// (or an array, such as Copper `emails`), with whether the request needs it.
public struct MappingTarget: Sendable, Equatable {
    /// Where in the body, e.g. `/properties/email`.
    public var pointer: JSONPointer
    /// The property name, e.g. `email`.
    public var name: String
    /// The allowed JSON types, e.g. `["string"]`; empty when anything goes.
    public var types: [String]
    /// The asserted format (`email`, `date`, …).
    public var format: String?
    /// Whether a request is refused without it (the field and every parent are required).
    public var required: Bool
    /// The schema's description, for the editor's detail line.
    public var summary: String
    /// A field the tenant's account added (its merged schema says `x-custom`).
    public var custom: Bool = false

    public init(pointer: JSONPointer, name: String, types: [String], format: String? = nil, required: Bool, summary: String = "") {
        self.pointer = pointer
        self.name = name
        self.types = types
        self.format = format
        self.required = required
        self.summary = summary
    }

    /// The type as the schema viewer writes it: `string (email)`, `integer | null`.
    public var typeText: String {
        var text = types.isEmpty ? "any" : types.joined(separator: " | ")
        if let format { text += " (\(format))" }
        return text
    }

    /// The targets of `action`'s request body, required ones first (each group in schema order),
    /// then any place `mapping` writes that the schema does not describe.
    public static func all(for action: ActionSpec, mapping: FieldMapping? = nil) -> [MappingTarget] {
        var found: [MappingTarget] = []
        func walk(_ field: SchemaField, parentsRequired: Bool) {
            for child in field.children where child.name != "[]" {
                let required = parentsRequired && child.required
                // A field the account does not let this action write is no target (a rule already
                // on it is listed below, with the refusal as its problem).
                if child.constraints.contains("read only"), !(mapping?.rules.contains { $0.target == child.pointer } ?? false) { continue }
                if child.children.isEmpty || child.types.contains("array") {
                    var target = MappingTarget(pointer: child.pointer, name: child.name, types: child.types, format: child.format,
                                               required: required, summary: SchemaFieldSummary.details(child))
                    target.custom = child.constraints.contains("custom field")
                    found.append(target)
                } else {
                    walk(child, parentsRequired: required)
                }
            }
        }
        if let outline = action.requestSchema?.outline { walk(outline, parentsRequired: true) }
        var ordered = found.filter(\.required) + found.filter { !$0.required }
        for rule in mapping?.rules ?? [] where !ordered.contains(where: { $0.pointer == rule.target }) {
            ordered.append(MappingTarget(pointer: rule.target, name: rule.target.tokens.last ?? "", types: [], required: false,
                                         summary: "not in the schema"))
        }
        return ordered
    }
}
