import SwitchboardCore

/// What the mapping editor edits: the mapping, the version it started from, the undo history,
/// and the check of every target against the sample record (redone after each change).
public struct MappingEditorState: Sendable {
    public let connector: ConnectorManifest
    public let action: ActionSpec
    public let record: UniversalRecord
    public private(set) var mapping: FieldMapping
    /// The mapping as last loaded or saved (unsaved changes are the difference).
    public private(set) var savedMapping: FieldMapping
    /// The saved version it is based on; nil for the connector's defaults.
    public private(set) var version: Int?
    public private(set) var undoStack: [FieldMapping] = []
    public private(set) var check: MappingCheck
    /// Rules whose target field the tenant's account changed or removed since the version was saved.
    public let drift: [SchemaDrift]
    /// The values fields take in the tenant's account (picklists, pipeline stages), by target.
    public let choices: [ValueChoices]

    public init(connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, version: Int?, record: UniversalRecord? = nil,
                drift: [SchemaDrift] = [], choices: [ValueChoices] = []) {
        self.drift = drift
        self.choices = choices
        self.connector = connector
        self.action = action
        self.record = record ?? .sample(action.object ?? .contact)
        self.mapping = mapping
        savedMapping = mapping
        self.version = version
        check = MappingCheck.run(mapping, record: self.record, action: action)
    }

    public var isDirty: Bool { mapping != savedMapping }
    public var fields: [MappingCheck.FieldResult] { check.fields }

    /// The universal fields a source can be picked from: the action's record kind first, then the
    /// fields the sample record has that the model does not (custom fields).
    public var sourceFields: [String] {
        let model = UniversalField.allCases.filter { field in action.object.map { field.object == $0 } ?? true }.map(\.rawValue)
        return model + record.fields.keys.filter { !model.contains($0) }
    }

    /// Applies a change as one undoable step.
    mutating func change(_ body: (inout FieldMapping) -> Void) {
        let before = mapping
        body(&mapping)
        guard mapping != before else { return }
        undoStack.append(before)
        check = MappingCheck.run(mapping, record: record, action: action)
    }

    /// Sets the source of `target` to `field` (keeping its transforms), or with `adding` joins it to
    /// the fields already there (`join` is put first).
    public mutating func setSource(_ field: String, at target: JSONPointer, adding: Bool = false) {
        change { m in
            var rule = m.rule(for: target) ?? MappingRule(target: target, source: .fields([]))
            var names = adding ? rule.source.fieldNames : []
            if !names.contains(field) { names.append(field) }
            if case .constant = rule.source { rule.transforms = [] }
            rule.source = .fields(names)
            if names.count > 1, rule.transforms.first?.name != "join", let join = try? TransformSpec.parse("join").get() { rule.transforms.insert(join, at: 0) }
            m.set(rule)
        }
    }

    /// Makes `target` a constant.
    public mutating func setConstant(_ value: JSONValue, at target: JSONPointer) {
        change { m in m.set(MappingRule(target: target, source: .constant(value), transforms: [], direction: m.rule(for: target)?.direction ?? .both)) }
    }

    /// The tenant's values for `target`, if it is a picklist or a stage field.
    public func choices(for target: JSONPointer) -> ValueChoices? { choices.first { $0.target == target } }

    /// Makes `target` the chosen value as a constant, and, for a stage, its pipeline field the
    /// stage's pipeline (one undoable step).
    public mutating func choose(_ choice: ValueChoices.Choice, of values: ValueChoices) {
        let value = typed(choice.value, for: values.target)
        change { m in
            m.set(MappingRule(target: values.target, source: .constant(value), transforms: [], direction: m.rule(for: values.target)?.direction ?? .both))
            if let pipeline = choice.pipeline, let target = values.pipelineTarget {
                m.set(MappingRule(target: target, source: .constant(.string(pipeline.id)), transforms: [], direction: m.rule(for: target)?.direction ?? .both))
            }
        }
    }

    /// Puts the lookup from the values' labels first on `target`'s rule (in place of a lookup it
    /// had); the reason when it cannot.
    public mutating func addLookup(_ values: ValueChoices) -> String? {
        guard var rule = mapping.rule(for: values.target) else { return "Pick a source field (f) first: the lookup turns its labels into values" }
        if case .constant = rule.source { return "The field is a constant: pick a source field (f) for a lookup, or choose a value here" }
        guard let lookup = values.lookup else { return "No label can be written as a lookup (each has a : = or |)" }
        rule.transforms.removeAll { $0.name == "lookup" }
        rule.transforms.insert(lookup, at: 0)
        // A lookup reads `1` as a number: a text field (HubSpot's ticket stage "1") gets it back as text.
        if takesTextOnly(values.target), values.choices.contains(where: { $0.value.stringValue.flatMap(Double.init) != nil }),
           rule.transforms.dropFirst().first?.name != "toText", let toText = try? TransformSpec.parse("toText").get() {
            rule.transforms.insert(toText, at: 1)
        }
        change { $0.set(rule) }
        return nil
    }

    /// Whether the body field takes text and not numbers.
    private func takesTextOnly(_ target: JSONPointer) -> Bool {
        let types = fields.first { $0.target.pointer == target }?.target.types ?? []
        return types.contains("string") && !types.contains("number") && !types.contains("integer")
    }

    /// A value in the field's type: an id written as text becomes a number for a field that takes numbers only.
    private func typed(_ value: JSONValue, for target: JSONPointer) -> JSONValue {
        let types = fields.first { $0.target.pointer == target }?.target.types ?? []
        guard !types.contains("string"), types.contains("integer") || types.contains("number"),
              let number = value.stringValue.flatMap(Double.init) else { return value }
        return .number(number)
    }

    /// Appends a transform to the rule of `target`; the reason when there is no rule yet.
    public mutating func addTransform(_ spec: TransformSpec, at target: JSONPointer) -> String? {
        guard var rule = mapping.rule(for: target) else { return "Pick a source field or a constant first" }
        rule.transforms.append(spec)
        change { $0.set(rule) }
        return nil
    }

    /// Removes the last transform of `target`'s rule; false when it has none.
    public mutating func removeLastTransform(at target: JSONPointer) -> Bool {
        guard var rule = mapping.rule(for: target), !rule.transforms.isEmpty else { return false }
        rule.transforms.removeLast()
        change { $0.set(rule) }
        return true
    }

    /// Removes the rule of `target`; false when there was none.
    public mutating func clear(_ target: JSONPointer) -> Bool {
        guard mapping.rule(for: target) != nil else { return false }
        change { $0.clear(target) }
        return true
    }

    /// Fills unmapped targets from the manifest's defaults and name similarity; returns how many rules were added.
    public mutating func autoMap() -> Int {
        let before = mapping.rules.count
        let proposed = AutoMapper.mapping(connector: connector, action: action, keeping: mapping)
        change { $0 = proposed }
        return mapping.rules.count - before
    }

    /// Goes back one change; false when there is nothing to undo.
    public mutating func undo() -> Bool {
        guard let previous = undoStack.popLast() else { return false }
        mapping = previous
        check = MappingCheck.run(mapping, record: record, action: action)
        return true
    }

    /// Records a successful save.
    public mutating func markSaved(version: Int) {
        self.version = version
        savedMapping = mapping
    }

    /// A constant as typed: JSON when it reads as JSON (`42`, `true`, `"text"`, `["a"]`), else the text itself.
    public static func constant(from text: String) -> JSONValue {
        if let value = try? JSONParser.parse(text) { return value }
        return .string(text)
    }
}
