/// The JSON form of a field mapping, used by `mapping set FILE`, `mapping show --json` and the store:
///
/// ```json
/// {"connector": "copper", "action": "createPerson", "rules": [
///   {"target": "/name", "sources": ["contact_first_name", "contact_last_name"], "transforms": ["join"], "direction": "push"},
///   {"target": "/emails", "source": "contact_email", "transforms": ["wrapArray:email:category=work"]},
///   {"target": "/tags", "constant": ["switchboard"]}]}
/// ```
public enum FieldMappingCodec {
    /// A problem in a mapping document, with the JSON Pointer of the offending value.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var pointer: JSONPointer
        public var message: String
        /// Terminal-safe: a key or value quoted from the document shows its control characters escaped.
        public var description: String { "\(pointer.displayString): \(message)".terminalSafe }
    }

    public static func encode(_ mapping: FieldMapping) -> JSONValue {
        .object(JSONObject([
            ("connector", .string(mapping.connectorId)), ("action", .string(mapping.actionId)),
            ("rules", .array(mapping.rules.map(encode))),
        ]))
    }

    public static func encode(_ rule: MappingRule) -> JSONValue {
        var o = JSONObject([("target", .string(rule.target.description))])
        switch rule.source {
        case .fields(let names) where names.count == 1: o["source"] = .string(names[0])
        case .fields(let names): o["sources"] = .array(names.map(JSONValue.string))
        case .constant(let value): o["constant"] = value
        }
        if !rule.transforms.isEmpty { o["transforms"] = .array(rule.transforms.map { .string($0.description) }) }
        if rule.direction != .both { o["direction"] = .string(rule.direction.rawValue) }
        return .object(o)
    }

    /// Decodes a mapping document; every problem is collected, with its pointer.
    /// Every problem of one document (at least one).
    public struct Problems: Error, Sendable, Equatable {
        public var list: [Problem]
    }

    public static func decode(_ value: JSONValue, connectorId: String, actionId: String) -> Result<FieldMapping, Problems> {
        var problems: [Problem] = []
        func report(_ p: JSONPointer, _ m: String) { problems.append(Problem(pointer: p, message: m)) }
        guard case .object(let root) = value else { return .failure(Problems(list: [Problem(pointer: .root, message: "expected an object with \"rules\"")])) }
        for key in root.keys where !["connector", "action", "rules"].contains(key) { report(JSONPointer(tokens: [key]), "unknown key") }
        if let c = root["connector"]?.stringValue, c != connectorId { report(JSONPointer(tokens: ["connector"]), "is \"\(c)\", expected \"\(connectorId)\"") }
        if let a = root["action"]?.stringValue, a != actionId { report(JSONPointer(tokens: ["action"]), "is \"\(a)\", expected \"\(actionId)\"") }
        guard case .array(let items)? = root["rules"] else {
            return .failure(Problems(list: problems + [Problem(pointer: JSONPointer(tokens: ["rules"]), message: "missing or not an array")]))
        }
        var rules: [MappingRule] = []
        var targets: Set<String> = []
        for (i, item) in items.enumerated() {
            let p = JSONPointer(tokens: ["rules", String(i)])
            guard case .object(let o) = item else { report(p, "expected an object"); continue }
            for key in o.keys where !["target", "source", "sources", "constant", "transforms", "direction"].contains(key) {
                report(p.appending(key), "unknown key")
            }
            guard let targetText = o["target"]?.stringValue else { report(p.appending("target"), "missing or not a string"); continue }
            let target = JSONPointer(parsing: targetText)
            guard targetText.hasPrefix("/"), !target.tokens.isEmpty else {
                report(p.appending("target"), "not a JSON Pointer into the body, e.g. /properties/email"); continue
            }
            if target.tokens.last != "-", !targets.insert(target.description).inserted { report(p.appending("target"), "\(targetText) is mapped twice") }
            let given = ["source", "sources", "constant"].filter { o[$0] != nil }
            guard given.count == 1 else { report(p, "give exactly one of source, sources or constant"); continue }
            var source: MappingSource
            if let s = o["source"] {
                guard let name = s.stringValue, !name.isEmpty else { report(p.appending("source"), "expected a field name"); continue }
                source = .fields([name])
            } else if let s = o["sources"] {
                guard case .array(let names) = s, names.count >= 2, names.allSatisfy({ $0.stringValue != nil }) else {
                    report(p.appending("sources"), "expected at least two field names"); continue
                }
                source = .fields(names.compactMap(\.stringValue))
            } else {
                source = .constant(o["constant"]!)
            }
            var transforms: [TransformSpec] = []
            if let t = o["transforms"] {
                guard case .array(let list) = t else { report(p.appending("transforms"), "expected an array of strings"); continue }
                for (j, entry) in list.enumerated() {
                    guard let text = entry.stringValue else { report(p.appending("transforms").appending(j), "expected a string"); continue }
                    switch TransformSpec.parse(text) {
                    case .success(let spec): transforms.append(spec)
                    case .failure(let e): report(p.appending("transforms").appending(j), e.message)
                    }
                }
            }
            if source.fieldNames.count > 1, transforms.first?.name != "join" { report(p.appending("sources"), "several sources need \"join\" as the first transform") }
            var direction = MappingDirection.both
            if let d = o["direction"] {
                guard let text = d.stringValue, let parsed = MappingDirection(rawValue: text) else {
                    report(p.appending("direction"), "expected push, pull or both"); continue
                }
                direction = parsed
            }
            rules.append(MappingRule(target: target, source: source, transforms: transforms, direction: direction))
        }
        return problems.isEmpty ? .success(FieldMapping(connectorId: connectorId, actionId: actionId, rules: rules)) : .failure(Problems(list: problems))
    }
}
