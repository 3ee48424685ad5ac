/// Resolves a JSON Pointer against a request-body schema (following `properties`, array
/// `items`, `anyOf` / `oneOf` branches and `#/$defs/` references); used to check mapping targets.
enum SchemaTargetResolver {
    /// The largest array index a target may name when the schema gives no `maxItems` (a mapping
    /// writes a few elements, never a padded array).
    static let indexBound = 1_000

    /// Whether `pointer` reaches a declared property of `schema`.
    static func declares(_ schema: JSONValue, _ pointer: JSONPointer) -> Bool {
        resolve(schema, pointer.tokens[...], root: schema, depth: 0, open: false)
    }

    /// Whether a body may hold a value at `pointer`: a declared property, or a member an open
    /// object (`additionalProperties`) takes, with array indexes within `maxItems` (else `indexBound`).
    static func admits(_ schema: JSONValue, _ pointer: JSONPointer) -> Bool {
        resolve(schema, pointer.tokens[...], root: schema, depth: 0, open: true)
    }

    /// Why a mapping may not write at `pointer` (an index past the array's limit, or no such place
    /// in the body), or nil when it may.
    static func problem(_ schema: JSONValue, _ pointer: JSONPointer) -> String? {
        if let index = pointer.tokens.compactMap({ Int($0) }).first(where: { $0 >= indexBound }) {
            return "array index \(index) is past the largest a mapping may write (\(indexBound - 1))"
        }
        return admits(schema, pointer) ? nil : "not a place in the request body"
    }

    private static func resolve(_ schema: JSONValue, _ tokens: ArraySlice<String>, root: JSONValue, depth: Int, open: Bool) -> Bool {
        guard depth < 32 else { return false }
        var s = schema
        if let ref = s["$ref"]?.stringValue, ref.hasPrefix("#"), let target = root.value(at: JSONPointer(parsing: String(ref.dropFirst()))) {
            s = target
        }
        guard let token = tokens.first else { return true }
        let rest = tokens.dropFirst()
        if let next = s["properties"]?[token], resolve(next, rest, root: root, depth: depth + 1, open: open) { return true }
        if let items = s["items"] {
            let limit = max(0, min(s["maxItems"]?.intValue ?? indexBound, indexBound))
            let fits = token == "-" || Int(token).map { $0 >= 0 && $0 < limit } == true
            if fits, resolve(items, rest, root: root, depth: depth + 1, open: open) { return true }
        }
        if open, s["properties"]?[token] == nil, let extra = s["additionalProperties"], extra != .bool(false) {
            if extra == .bool(true) { return true }
            if resolve(extra, rest, root: root, depth: depth + 1, open: open) { return true }
        }
        for key in ["anyOf", "oneOf"] {
            for branch in s[key]?.arrayValue ?? [] where resolve(branch, tokens, root: root, depth: depth + 1, open: open) { return true }
        }
        return false
    }
}
