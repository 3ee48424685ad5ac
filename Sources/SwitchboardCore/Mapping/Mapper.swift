/// One problem found while mapping a record: the target place, and why its value is missing or wrong.
public struct MappingIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var target: JSONPointer
    public var message: String
    public var description: String { "\(target.description): \(message)" }
}

/// What mapping one record produced: the request body and the problems met on the way.
public struct MappedBody: Sendable, Equatable {
    public var body: JSONValue
    public var issues: [MappingIssue]
}

/// Turns a universal record into a request body by a field mapping: each pushing rule's source
/// value goes through its transforms into its target place. Pure: same inputs, same body.
public enum Mapper {
    public static func map(_ record: UniversalRecord, with mapping: FieldMapping, template: JSONValue? = nil) -> MappedBody {
        var body = template ?? .object(JSONObject())
        var issues: [MappingIssue] = []
        for rule in mapping.rules where rule.pushes {
            switch value(of: rule, in: record) {
            case .success(let value?): JSONEdit.set(value, at: rule.target.tokens[...], in: &body)
            case .success(nil): break
            case .failure(let issue): issues.append(issue)
            }
        }
        return MappedBody(body: body, issues: issues)
    }

    /// One rule's value for a record: its source value through its transforms (nil: none).
    static func value(of rule: MappingRule, in record: UniversalRecord) -> Result<JSONValue?, MappingIssue> {
        if rule.transforms.isEmpty {
            // The common rule: one field as it is (no array of values to build).
            switch rule.source {
            case .fields(let names) where names.count == 1: return .success(record.value(names[0]))
            case .constant(let value): return .success(value)
            default: break
            }
        }
        var values: [JSONValue?]
        switch rule.source {
        case .fields(let names): values = names.count == 1 ? [record.value(names[0])] : names.map { record.value($0) }
        case .constant(let value): values = [value]
        }
        var value = values.first ?? nil
        do throws(TransformError) {
            for t in rule.transforms { value = try TransformEngine.apply(t, to: value, all: values) }
        } catch {
            return .failure(MappingIssue(target: rule.target, message: error.description))
        }
        return .success(value)
    }
}

/// Writes values into JSON documents by pointer, creating objects (and arrays for index tokens).
public enum JSONEdit {
    /// `node` with `value` at `tokens`.
    public static func setting(_ value: JSONValue, at tokens: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        var copy = node
        set(value, at: tokens, in: &copy)
        return copy
    }

    /// Puts `value` at `tokens` in place. Each level is detached from `node` while it is changed,
    /// so nested objects are edited without being copied.
    public static func set(_ value: JSONValue, at tokens: ArraySlice<String>, in node: inout JSONValue) {
        guard let token = tokens.first else { node = value; return }
        let rest = tokens.dropFirst()
        // An index writes into an array only at an existing place or the next one: a larger
        // number is a member name (Copper's custom field ids), never a huge array of padding.
        // `-` (JSON Pointer's "past the end") appends to an array: several rules can add elements.
        if token == "-", node.objectValue == nil {
            var items = node.arrayValue ?? []
            if rest.isEmpty, let many = value.arrayValue {
                // A list appended at `-` adds each of its elements (several associations from one rule).
                items += many
            } else {
                var child: JSONValue = .null
                set(value, at: rest, in: &child)
                items.append(child)
            }
            node = .array(items)
            return
        }
        if let index = Int(token), index >= 0, node.objectValue == nil, index <= (node.arrayValue?.count ?? 0) {
            var items = node.arrayValue ?? []
            node = .null
            while items.count <= index { items.append(.object(JSONObject())) }
            var child = items[index]
            items[index] = .null
            set(value, at: rest, in: &child)
            items[index] = child
            node = .array(items)
            return
        }
        var object = node.objectValue ?? JSONObject()
        node = .null
        // A new child is an array when the next token is an index (`/data/0/Email`), else an object;
        // it is changed in place (one hash of the token).
        object.modifyValue(forKey: token, default: .null) { child in set(value, at: rest, in: &child) }
        node = .object(object)
    }
}
