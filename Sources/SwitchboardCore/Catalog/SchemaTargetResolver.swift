/// Answers whether a JSON Pointer names a place a request schema declares (through `properties`,
/// `items`, `anyOf` / `oneOf` branches and `#/$defs/` references); used to check mapping targets.
enum SchemaTargetResolver {
    /// Whether `pointer` reaches a declared property of `schema`.
    static func declares(_ schema: JSONValue, _ pointer: JSONPointer) -> Bool {
        resolve(schema, pointer.tokens[...], root: schema, depth: 0)
    }

    private static func resolve(_ schema: JSONValue, _ tokens: ArraySlice<String>, root: JSONValue, depth: Int) -> Bool {
        guard depth < 32 else { return false }
        var s = schema
        if let ref = s["$ref"]?.stringValue, ref.hasPrefix("#"), let target = root.value(at: JSONPointer(parsing: String(ref.dropFirst()))) {
            s = target
        }
        guard let token = tokens.first else { return true }
        let rest = tokens.dropFirst()
        if let next = s["properties"]?[token], resolve(next, rest, root: root, depth: depth + 1) { return true }
        if Int(token) != nil || token == "-", let items = s["items"], resolve(items, rest, root: root, depth: depth + 1) { return true }
        for key in ["anyOf", "oneOf"] {
            for branch in s[key]?.arrayValue ?? [] where resolve(branch, tokens, root: root, depth: depth + 1) { return true }
        }
        return false
    }
}
