import Foundation

/// Turns a CRM record (as a list or search returns it) back into universal fields, through the
/// mapping's pulled rules with each transform undone in reverse order (cents → units, "Yes" →
/// true, `[{email}]` → the email, a joined name → first and last, ...).
///
/// A rule with a constant, or with a transform that cannot be undone (`splitName`, `default`
/// alone is fine), is not pulled: `pullableFields` leaves its sources out.
public struct ReverseMapper: Sendable {
    public let mapping: FieldMapping

    public init(mapping: FieldMapping) { self.mapping = mapping }

    /// The universal fields that pulling fills.
    public var pullableFields: Set<String> {
        Set(mapping.rules.filter { $0.pulls && Self.canPull($0) }.flatMap(\.source.fieldNames))
    }

    /// The universal fields that pushing writes.
    public var pushableFields: Set<String> {
        Set(mapping.rules.filter(\.pushes).flatMap(\.source.fieldNames))
    }

    /// The universal values in `remote`, by field name (absent when the CRM has no value).
    public func fields(of remote: JSONValue) -> JSONObject { read(remote).values }

    /// The universal values in `remote`, and the fields the record says anything about: a field
    /// whose CRM property is missing from the answer (not asked for) is unknown, not cleared.
    public func read(_ remote: JSONValue) -> (values: JSONObject, known: Set<String>) {
        var out = JSONObject()
        var known = Set<String>()
        // A body that wraps its one record (`/data/0/Email` for Zoho) is read from the bare record a list returns.
        let wrapper = recordWrapper
        let unwrapped = !wrapper.isEmpty && remote.value(at: JSONPointer(tokens: wrapper)) == nil
        for rule in mapping.rules where rule.pulls && Self.canPull(rule) {
            let target = unwrapped ? JSONPointer(tokens: Array(rule.target.tokens.dropFirst(wrapper.count))) : rule.target
            guard case .fields(let names) = rule.source, let raw = remote.value(at: target) else { continue }
            known.formUnion(names)
            if raw.isNull { continue }
            var value: JSONValue? = raw
            for spec in rule.transforms.reversed() {
                guard let v = value else { break }
                value = Self.undo(spec, v, sources: names.count)
            }
            guard let value else { continue }
            if names.count == 1 {
                out[names[0]] = Self.universalType(value, field: names[0])
            } else if let whole = value.stringValue {
                // A joined name: all but the last word, then the last word.
                let words = whole.split(separator: " ").map(String.init)
                if names.count == 2, words.count >= 2 {
                    out[names[0]] = .string(words.dropLast().joined(separator: " "))
                    out[names[1]] = .string(words[words.count - 1])
                } else if let first = names.first {
                    out[first] = .string(whole)
                }
            }
        }
        return (out, known)
    }

    /// The tokens every rule's target starts with when the body wraps one record in an array
    /// (`["data", "0"]` for Zoho's `{"data": [record]}`); empty otherwise.
    var recordWrapper: [String] {
        let targets = mapping.rules.map(\.target.tokens)
        guard var common = targets.first else { return [] }
        for t in targets.dropFirst() {
            common = Array(zip(common, t).prefix { $0.0 == $0.1 }.map(\.0))
        }
        guard let index = common.firstIndex(where: { Int($0) != nil }), index < common.count else { return [] }
        let wrapper = Array(common[...index])
        return targets.allSatisfy { $0.count > wrapper.count } ? wrapper : []
    }

    /// The CRM property names the pulled rules read from a `properties` object (HubSpot asks for
    /// them by name in a search).
    public var propertyNames: [String] {
        mapping.rules.filter { $0.pulls && Self.canPull($0) }.compactMap { rule in
            rule.target.tokens.count == 2 && rule.target.tokens[0] == "properties" ? rule.target.tokens[1] : nil
        }
    }

    /// Whether `rule`'s value can be read back from the CRM.
    static func canPull(_ rule: MappingRule) -> Bool {
        guard case .fields(let names) = rule.source, !names.isEmpty else { return false }
        if names.count > 1 && !rule.transforms.contains(where: { $0.name == "join" }) { return false }
        return !rule.transforms.contains { $0.name == "splitName" || $0.name == "currency" }
    }

    /// The inverse of one transform.
    static func undo(_ spec: TransformSpec, _ value: JSONValue, sources: Int) -> JSONValue? {
        switch spec.name {
        case "numberToString":
            if let s = value.stringValue, let n = Double(s.trimmingCharacters(in: .whitespaces)) { return .number(n) }
            return value
        case "toNumber", "toInteger":
            return value
        case "toCents":
            return number(value).map { .number($0 / 100) } ?? value
        case "fromCents":
            return number(value).map { .number(($0 * 100).rounded()) } ?? value
        case "dateToUnix":
            return number(value).map { .string(DateText.isoDate(Date(timeIntervalSince1970: $0))) } ?? value
        case "dateToUnixMillis":
            // The time stays; a date field keeps only its day (`universalType`).
            return number(value).map { .string(DateText.isoDateTime(Date(timeIntervalSince1970: $0 / 1000))) } ?? value
        case "dateToISODate":
            if let s = value.stringValue, let d = DateText.parse(s) { return .string(DateText.isoDate(d)) }
            return value
        case "dateToISODateTime":
            if let s = value.stringValue, let d = DateText.parse(s) { return .string(DateText.isoDateTime(d)) }
            return value
        case "wrapArray":
            guard let key = spec.arguments.first else { return value }
            if let items = value.arrayValue { return items.first?[key] }
            return value
        case "wrapObject":
            guard let key = spec.arguments.first else { return value }
            return value[key] ?? value
        case "first":
            return .array([value])
        case "yesNo":
            switch value.stringValue?.lowercased() {
            case "yes"?: return .bool(true)
            case "no"?: return .bool(false)
            default: return value
            }
        case "lookup":
            let options = spec.options.filter { $0.key != "strict" }
            if let match = options.first(where: { ThreeWayMerge.same($0.value, value) }) { return .string(match.key) }
            return value
        default:
            // trim, lowercase, uppercase, join, domainFromURL, default: the CRM's value as it is.
            return value
        }
    }

    static func number(_ v: JSONValue) -> Double? {
        v.numberValue ?? v.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Number fields of the model hold numbers; the rest keep what the CRM sent.
    static func universalType(_ value: JSONValue, field: String) -> JSONValue {
        if UniversalField(rawValue: field)?.valueType == "number", let n = number(value) { return .number(n) }
        if UniversalField(rawValue: field)?.valueType == "date", let s = value.stringValue, let d = DateText.parse(s) { return .string(DateText.isoDate(d)) }
        if UniversalField(rawValue: field)?.valueType == "datetime", let s = value.stringValue, let d = DateText.parse(s) { return .string(DateText.isoDateTime(d)) }
        return value
    }
}
