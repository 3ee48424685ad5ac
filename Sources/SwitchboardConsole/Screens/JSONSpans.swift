import ConsoleKit
import SwitchboardCore

/// Pretty JSON as coloured lines: keys, strings, numbers and literals in the theme's JSON styles.
enum JSONSpans {
    static func lines(_ value: JSONValue, theme: Theme) -> [[Span]] {
        var lines: [[Span]] = []
        var current: [Span] = []
        let punct = theme.style(.muted)
        func newline(_ indent: Int) {
            lines.append(current)
            current = [Span(String(repeating: "  ", count: indent), punct)]
        }
        func walk(_ v: JSONValue, indent: Int) {
            switch v {
            case .object(let o):
                if o.isEmpty { current.append(Span("{}", punct)); return }
                current.append(Span("{", punct))
                for (i, (key, child)) in o.enumerated() {
                    newline(indent + 1)
                    current.append(Span(JSONWriter.quote(key), theme.style(.jsonKey)))
                    current.append(Span(": ", punct))
                    walk(child, indent: indent + 1)
                    if i < o.count - 1 { current.append(Span(",", punct)) }
                }
                newline(indent)
                current.append(Span("}", punct))
            case .array(let items):
                if items.isEmpty { current.append(Span("[]", punct)); return }
                current.append(Span("[", punct))
                for (i, child) in items.enumerated() {
                    newline(indent + 1)
                    walk(child, indent: indent + 1)
                    if i < items.count - 1 { current.append(Span(",", punct)) }
                }
                newline(indent)
                current.append(Span("]", punct))
            case .string(let s): current.append(Span(JSONWriter.quote(s), theme.style(.jsonString)))
            case .number(let n): current.append(Span(JSONWriter.format(number: n), theme.style(.jsonNumber)))
            case .bool(let b): current.append(Span(b ? "true" : "false", theme.style(.jsonLiteral)))
            case .null: current.append(Span("null", theme.style(.jsonLiteral)))
            }
        }
        walk(value, indent: 0)
        lines.append(current)
        return lines
    }
}
