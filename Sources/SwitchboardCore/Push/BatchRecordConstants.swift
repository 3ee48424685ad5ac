/// The values a batch action's schema fixes for every record (`const`), such as Salesforce's
/// `attributes.type`: a record mapped for the single action gets them before it joins the batch.
enum BatchRecordConstants {
    /// The fixed values of one record of `batchAction` (whose records sit at `recordsPointer`), as a
    /// partial record; nil when the schema fixes nothing.
    static func constants(_ batchAction: ActionSpec, recordsPointer: JSONPointer) -> JSONValue? {
        guard var node = batchAction.requestSchema?.document else { return nil }
        for token in recordsPointer.tokens {
            guard let next = node["properties"]?[token] else { return nil }
            node = next
        }
        guard let item = node["items"] else { return nil }
        return fixed(in: item)
    }

    private static func fixed(in schema: JSONValue) -> JSONValue? {
        if let value = schema["const"] { return value }
        guard let properties = schema["properties"]?.objectValue else { return nil }
        var out = JSONObject()
        for (name, property) in properties { if let v = fixed(in: property) { out[name] = v } }
        return out.isEmpty ? nil : .object(out)
    }

    /// `record` with the fixed values added where it has none.
    static func apply(_ constants: JSONValue?, to record: JSONValue) -> JSONValue {
        guard let constants, case .object(let fixed) = constants, case .object(var o) = record else { return record }
        for (name, value) in fixed {
            if let existing = o[name] { o[name] = apply(value, to: existing) } else { o[name] = value }
        }
        return .object(o)
    }
}
