/// One problem found while mapping a record: the target place, and why its value is missing or wrong.
public struct MappingIssue: Sendable, Equatable, CustomStringConvertible {
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
            var values: [JSONValue?]
            switch rule.source {
            case .fields(let names): values = names.map { record.value($0) }
            case .constant(let value): values = [value]
            }
            var value = values.first ?? nil
            do throws(TransformError) {
                for t in rule.transforms { value = try TransformEngine.apply(t, to: value, all: values) }
            } catch {
                issues.append(MappingIssue(target: rule.target, message: error.description))
                continue
            }
            if let value { body = JSONEdit.setting(value, at: rule.target.tokens[...], in: body) }
        }
        return MappedBody(body: body, issues: issues)
    }
}

/// Writes values into JSON documents by pointer, creating objects (and arrays for index tokens).
public enum JSONEdit {
    public static func setting(_ value: JSONValue, at tokens: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        if let index = Int(token), node.objectValue == nil {
            var items = node.arrayValue ?? []
            while items.count <= index { items.append(.object(JSONObject())) }
            items[index] = setting(value, at: rest, in: items[index])
            return .array(items)
        }
        var o = node.objectValue ?? JSONObject()
        o[token] = setting(value, at: rest, in: o[token] ?? .object(JSONObject()))
        return .object(o)
    }
}
