/// Where a mapping rule's value comes from: universal fields (several only with `join`), or a constant.
public enum MappingSource: Sendable, Equatable {
    case fields([String])
    case constant(JSONValue)

    /// The source fields, empty for a constant.
    public var fieldNames: [String] {
        if case .fields(let names) = self { return names }
        return []
    }
}

/// One rule of a field mapping: the request-body place `target` gets the value of `source` after
/// `transforms`, applied in order; `direction` says whether push, pull (sync) or both use it.
public struct MappingRule: Sendable, Equatable {
    public var target: JSONPointer
    public var source: MappingSource
    public var transforms: [TransformSpec]
    public var direction: MappingDirection

    public init(target: JSONPointer, source: MappingSource, transforms: [TransformSpec] = [], direction: MappingDirection = .both) {
        self.target = target
        self.source = source
        self.transforms = transforms
        self.direction = direction
    }

    /// The rule a manifest's default mapping stands for.
    public init(_ spec: DefaultMappingSpec) {
        self.init(target: spec.target, source: .fields(spec.sources.map(\.rawValue)), transforms: spec.transforms, direction: spec.direction)
    }

    /// Whether pushing uses this rule.
    public var pushes: Bool { direction != .pull }
    /// Whether pulling (sync from the CRM) uses this rule.
    public var pulls: Bool { direction != .push }

    /// "contact_first_name + contact_last_name → /name  [join]" for lists and the CLI.
    public var summary: String {
        let from: String
        switch source {
        case .fields(let names): from = names.joined(separator: " + ")
        case .constant(let value): from = "= " + JSONWriter.compact(value)
        }
        let chain = transforms.isEmpty ? "" : "  [" + transforms.map(\.description).joined(separator: " | ") + "]"
        let arrow = direction == .push ? "→" : direction == .pull ? "←" : "↔"
        return "\(from) \(arrow) \(target.description)\(chain)"
    }
}
