/// Width-aware text helpers: truncation with an ellipsis, padding and word wrapping.
public enum TextLayout {
    /// The string cut to at most `width` columns, ending in "…" when something was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        let limit = ellipsis ? width - 1 : width
        var out = ""
        var used = 0
        for c in text {
            let w = CharacterWidth.of(c)
            if used + w > limit { break }
            out.append(c)
            used += w
        }
        return ellipsis ? out + "…" : out
    }

    /// The string truncated and then padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let t = truncate(text, to: width)
        let gap = max(0, width - CharacterWidth.of(t))
        return alignRight ? String(repeating: " ", count: gap) + t : t + String(repeating: " ", count: gap)
    }

    /// Word-wraps `text` to lines of at most `width` columns; long words are broken; newlines kept.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var w = String(word)
                var ww = CharacterWidth.of(w)
                if lineWidth > 0 && lineWidth + 1 + ww <= width {
                    line += " " + w
                    lineWidth += 1 + ww
                    continue
                }
                if lineWidth > 0 || !line.isEmpty {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while ww > width, w.count > 1 {
                    // A character wider than the whole line goes on a line of its own rather than looping forever.
                    var head = truncate(w, to: width, ellipsis: false)
                    if head.isEmpty { head = String(w.first!) }
                    lines.append(head)
                    w = String(w.dropFirst(head.count))
                    ww = CharacterWidth.of(w)
                }
                line = w
                lineWidth = ww
            }
            lines.append(line)
        }
        return lines
    }
}
