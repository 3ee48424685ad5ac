import Foundation

extension JSONSchema {
    /// The schema's shape as a tree of fields; follows local `$ref`s and `allOf`, stops at recursion.
    public var outline: SchemaField {
        OutlineBuilder(nodes: program.nodes).field(name: "", pointer: .root, required: true, node: 0, ancestors: [])
    }
}

/// Builds `SchemaField`s from compiled nodes, merging what `$ref` and `allOf` bring in.
struct OutlineBuilder {
    let nodes: [SchemaNode]

    /// Everything known about one field after merging its in-place schemas.
    private struct Merged {
        var types: [String]?
        var format: String?
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var title: String?
        var description: String?
        var constraints: [String] = []
        var properties: [PropertyRule] = []
        var required: [String] = []
        var items: Int?
        var alternatives: [Int] = []
    }

    /// The field for node `node` at data `pointer`; `ancestors` are the nodes already expanded above it.
    func field(name: String, pointer: JSONPointer, required: Bool, node: Int, ancestors: Set<Int>) -> SchemaField {
        var merged = Merged()
        var group: Set<Int> = []
        gather(node, into: &merged, group: &group, ancestors: ancestors)
        if merged.types == nil, !merged.alternatives.isEmpty {
            var union: [String] = []
            for alternative in merged.alternatives {
                var seen: Set<Int> = []
                for t in typeNames(of: alternative, seen: &seen) where !union.contains(t) { union.append(t) }
            }
            merged.types = union
        }
        let inner = ancestors.union(group)
        let requiredSet = Set(merged.required)
        var children: [SchemaField] = []
        let declared = Set(merged.properties.map(\.name))
        for rule in merged.properties where requiredSet.contains(rule.name) {
            children.append(field(name: rule.name, pointer: pointer.appending(rule.name), required: true, node: rule.node, ancestors: inner))
        }
        for name in merged.required where !declared.contains(name) {
            children.append(SchemaField(name: name, pointer: pointer.appending(name), types: [], required: true))
        }
        for rule in merged.properties where !requiredSet.contains(rule.name) {
            children.append(field(name: rule.name, pointer: pointer.appending(rule.name), required: false, node: rule.node, ancestors: inner))
        }
        if let items = merged.items {
            children.append(field(name: "[]", pointer: pointer.appending("[]"), required: false, node: items, ancestors: inner))
        }
        return SchemaField(
            name: name, pointer: pointer, types: merged.types ?? [], required: required, format: merged.format,
            enumValues: merged.enumValues, constValue: merged.constValue, description: merged.description,
            title: merged.title, constraints: merged.constraints, children: children)
    }

    /// Merges node `index` and whatever it pulls in through `$ref` and `allOf` (first value wins).
    private func gather(_ index: Int, into m: inout Merged, group: inout Set<Int>, ancestors: Set<Int>) {
        guard group.insert(index).inserted else { return }
        let node = nodes[index]
        m.title = m.title ?? node.title
        m.description = m.description ?? node.description
        m.constraints += node.notes
        for check in node.checks {
            switch check {
            case .never: m.constraints.append("never valid")
            case .type(_, let names): m.types = m.types ?? names
            case .constant(let value): m.constValue = m.constValue ?? value
            case .enumeration(let values, _): m.enumValues = m.enumValues ?? values
            case .format(let format): m.format = m.format ?? format.rawValue
            case .minimum(let n): m.constraints.append("minimum \(JSONWriter.format(number: n))")
            case .maximum(let n): m.constraints.append("maximum \(JSONWriter.format(number: n))")
            case .exclusiveMinimum(let n): m.constraints.append("greater than \(JSONWriter.format(number: n))")
            case .exclusiveMaximum(let n): m.constraints.append("less than \(JSONWriter.format(number: n))")
            case .minLength(let n): m.constraints.append("min length \(n)")
            case .maxLength(let n): m.constraints.append("max length \(n)")
            case .pattern(let pattern): m.constraints.append("pattern \(pattern.source)")
            case .required(let names):
                for name in names where !m.required.contains(name) { m.required.append(name) }
            case .properties(let rules, _):
                for rule in rules where !m.properties.contains(where: { $0.name == rule.name }) { m.properties.append(rule) }
            case .additionalProperties(let node, _):
                var seen: Set<Int> = []
                let types = typeNames(of: node, seen: &seen)
                m.constraints.append("additional properties: " + (types.isEmpty ? "any" : types.joined(separator: " or ")))
            case .noAdditionalProperties: m.constraints.append("no additional properties")
            case .closedProperties(let rules, _, _):
                for rule in rules where !m.properties.contains(where: { $0.name == rule.name }) { m.properties.append(rule) }
                m.constraints.append("no additional properties")
            case .refuse: if !m.constraints.contains("read only") { m.constraints.append("read only") }
            case .pipelineStages(let rule):
                m.constraints.append("\(rule.stageMember) is a stage of the \(rule.pipelineMember ?? "account's") pipeline (\(rule.pipelines.count) pipelines)")
            case .minItems(let n): m.constraints.append("min items \(n)")
            case .maxItems(let n): m.constraints.append("max items \(n)")
            case .items(let node): m.items = m.items ?? node
            case .allOf(let members):
                for member in members { gather(member, into: &m, group: &group, ancestors: ancestors) }
            case .anyOf(let members):
                m.constraints.append("any of \(members.count) shapes")
                m.alternatives += members
            case .oneOf(let members):
                m.constraints.append("one of \(members.count) shapes")
                m.alternatives += members
            case .ref(let target, let text):
                if ancestors.contains(target) {
                    m.constraints.append("recursive: \(text)")
                    var seen: Set<Int> = []
                    let types = typeNames(of: target, seen: &seen)
                    if m.types == nil, !types.isEmpty { m.types = types }
                } else {
                    gather(target, into: &m, group: &group, ancestors: ancestors)
                }
            }
        }
    }

    /// The type names a node allows, looking through `$ref`, `allOf` and the branches of `anyOf`/`oneOf`.
    private func typeNames(of index: Int, seen: inout Set<Int>) -> [String] {
        guard seen.insert(index).inserted else { return [] }
        var branches: [String] = []
        for check in nodes[index].checks {
            if case .type(_, let names) = check { return names }
        }
        for check in nodes[index].checks {
            switch check {
            case .ref(let target, _):
                let names = typeNames(of: target, seen: &seen)
                if !names.isEmpty { return names }
            case .allOf(let members):
                for member in members {
                    let names = typeNames(of: member, seen: &seen)
                    if !names.isEmpty { return names }
                }
            case .anyOf(let members), .oneOf(let members):
                for member in members {
                    for t in typeNames(of: member, seen: &seen) where !branches.contains(t) { branches.append(t) }
                }
            default: break
            }
        }
        return branches
    }
}
