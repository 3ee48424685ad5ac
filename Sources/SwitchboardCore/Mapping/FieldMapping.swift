/// A tenant's field mapping for one connector action: the rules that turn a universal record into
/// the action's request body. It starts from the manifest's defaults; each saved change is a version.
public struct FieldMapping: Sendable, Equatable {
    public var connectorId: String
    public var actionId: String
    public var rules: [MappingRule]

    public init(connectorId: String, actionId: String, rules: [MappingRule]) {
        self.connectorId = connectorId
        self.actionId = actionId
        self.rules = rules
    }

    /// The manifest's default mapping for `actionId`: its leading rules (a platform's own fields),
    /// then its default mappings.
    public static func defaults(_ connector: ConnectorManifest, actionId: String) -> FieldMapping {
        let rules = connector.defaultMappings(forAction: actionId).map(MappingRule.init)
        return FieldMapping(connectorId: connector.id, actionId: actionId, rules: connector.leadingRules + rules)
    }

    /// The rule writing `target`, if any.
    public func rule(for target: JSONPointer) -> MappingRule? { rules.first { $0.target == target } }

    /// Replaces (or adds) the rule for `rule.target`.
    public mutating func set(_ rule: MappingRule) {
        if let i = rules.firstIndex(where: { $0.target == rule.target }) { rules[i] = rule } else { rules.append(rule) }
    }

    /// Removes the rule for `target`.
    public mutating func clear(_ target: JSONPointer) { rules.removeAll { $0.target == target } }
}
