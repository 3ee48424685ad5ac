/// A field mapping compiled once for many records: the rules that push, and the shape of the body
/// they build as a tree of member names, so each record's body is assembled object by object
/// (one hash per member) instead of walking every rule's pointer from the root. Gives the same
/// body and issues as `Mapper.map`; mappings the tree cannot express (array indices, a target
/// inside another target) fall back to it.
public struct MappingPlan: Sendable {
    /// One object of the body: its members in first-appearance order, each a rule's value or a nested object.
    final class Node: Sendable {
        let members: [(key: String, rule: Int?, child: Node?)]
        init(members: [(key: String, rule: Int?, child: Node?)]) { self.members = members }
    }

    public let mapping: FieldMapping
    private let rules: [MappingRule]
    private let root: Node?

    public init(_ mapping: FieldMapping) {
        self.mapping = mapping
        rules = mapping.rules.filter(\.pushes)
        root = Self.tree(rules)
    }

    /// The body and issues of one record (as `Mapper.map(record, with: mapping)`).
    public func map(_ record: UniversalRecord) -> MappedBody {
        guard let root else { return Mapper.map(record, with: mapping) }
        var issues: [MappingIssue] = []
        var values = [JSONValue?](repeating: nil, count: rules.count)
        for (i, rule) in rules.enumerated() {
            switch Mapper.value(of: rule, in: record) {
            case .success(let v): values[i] = v
            case .failure(let issue): issues.append(issue)
            }
        }
        return MappedBody(body: Self.build(root, values) ?? .object(JSONObject()), issues: issues)
    }

    private static func build(_ node: Node, _ values: [JSONValue?]) -> JSONValue? {
        var object = JSONObject(minimumCapacity: node.members.count)
        for member in node.members {
            let value = member.rule.flatMap { values[$0] } ?? member.child.flatMap { build($0, values) }
            if let value { object.appendNew(member.key, value) }
        }
        return object.isEmpty ? nil : .object(object)
    }

    /// The tree of `rules`' targets, or nil when one is empty, has an array index, or lies inside
    /// another (or two rules share a target, where the later one wins in `Mapper.map`).
    private static func tree(_ rules: [MappingRule]) -> Node? {
        final class Building {
            var order: [String] = []
            var rule: [String: Int] = [:]
            var children: [String: Building] = [:]
        }
        let top = Building()
        for (i, rule) in rules.enumerated() {
            let tokens = rule.target.tokens
            guard !tokens.isEmpty, !tokens.contains(where: { Int($0) != nil || $0 == "-" }) else { return nil }
            var node = top
            for (depth, token) in tokens.enumerated() {
                let last = depth == tokens.count - 1
                if last {
                    guard node.rule[token] == nil, node.children[token] == nil else { return nil }
                    node.rule[token] = i
                    node.order.append(token)
                } else {
                    guard node.rule[token] == nil else { return nil }
                    if let next = node.children[token] {
                        node = next
                    } else {
                        let next = Building()
                        node.children[token] = next
                        node.order.append(token)
                        node = next
                    }
                }
            }
        }
        func freeze(_ b: Building) -> Node {
            Node(members: b.order.map { key in (key, b.rule[key], b.children[key].map(freeze)) })
        }
        return freeze(top)
    }
}
