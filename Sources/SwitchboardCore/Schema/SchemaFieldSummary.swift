/// Plain-text summaries of schema fields, shared by the CLI's `actions schema` and the console's
/// schema viewer so both describe a field in the same words.
public enum SchemaFieldSummary {
    /// The field's type line: `string (email)`, `integer | null`, `array`, `any`.
    public static func typeText(_ field: SchemaField) -> String {
        var text = field.types.isEmpty ? "any" : field.types.joined(separator: " | ")
        if let format = field.format { text += " (\(format))" }
        return text
    }

    /// Everything else worth knowing in one line: required, enum or const, constraints, description.
    public static func details(_ field: SchemaField) -> String {
        var parts: [String] = []
        if let values = field.enumValues {
            parts.append("one of " + values.map { JSONWriter.compact($0) }.joined(separator: ", "))
        }
        if let value = field.constValue { parts.append("always " + JSONWriter.compact(value)) }
        parts += field.constraints
        if let title = field.title, !title.isEmpty { parts.append(title) }
        if let description = field.description, !description.isEmpty { parts.append(description) }
        return parts.joined(separator: "; ")
    }

    /// The indented text outline of `root`'s members, one field per line, required ones marked `*`.
    public static func outlineLines(_ root: SchemaField) -> [String] {
        var lines: [String] = []
        func walk(_ field: SchemaField, depth: Int) {
            let marker = field.required ? "*" : " "
            var line = String(repeating: "  ", count: depth) + marker + " " + field.name + "  " + typeText(field)
            let more = details(field)
            if !more.isEmpty { line += "  — " + more }
            lines.append(line)
            for child in field.children { walk(child, depth: depth + 1) }
        }
        for child in root.children { walk(child, depth: 0) }
        return lines
    }

    /// The data pointers of every required field, depth first (a required field under an optional
    /// parent is listed too: it is required whenever the parent is present).
    public static func requiredPointers(_ root: SchemaField) -> [String] {
        var pointers: [String] = []
        func walk(_ field: SchemaField) {
            for child in field.children {
                if child.required { pointers.append(child.pointer.description) }
                walk(child)
            }
        }
        walk(root)
        return pointers
    }

    /// The required fields a mapping leaves empty: a field counts as written when a rule targets
    /// it or a place above it (a transform such as `wrapArray` builds what is below), with `[]` in
    /// the schema matching any array index (`/data/0/Last_Name` writes `/data/[]/Last_Name`). A
    /// required field under an optional parent the mapping does not write is not listed.
    public static func unmappedRequired(_ root: SchemaField, targets: [JSONPointer]) -> [String] {
        let written = targets.map(\.tokens)
        func matches(_ schema: ArraySlice<String>, _ target: ArraySlice<String>) -> Bool {
            zip(schema, target).allSatisfy { s, t in s == t || (s == "[]" && (Int(t) != nil || t == "-" || t == "[]")) }
        }
        func coveredFromAbove(_ tokens: [String]) -> Bool {
            written.contains { t in t.count <= tokens.count && matches(tokens[..<t.count], t[...]) }
        }
        func writtenBelow(_ tokens: [String]) -> Bool {
            written.contains { t in t.count > tokens.count && matches(tokens[...], t[..<tokens.count]) }
        }
        var missing: [String] = []
        func walk(_ field: SchemaField, present: Bool) {
            for child in field.children {
                let tokens = child.pointer.tokens
                if coveredFromAbove(tokens) { continue }
                let isItem = child.name == "[]"
                let needed = present && (child.required || isItem)
                if needed && !isItem && !writtenBelow(tokens) { missing.append(child.pointer.description); continue }
                walk(child, present: needed || writtenBelow(tokens))
            }
        }
        walk(root, present: true)
        return missing
    }
}
