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

    /// The string cut to at most `width` columns in the middle, keeping its beginning and its
    /// end — a path keeps its last segments: `POST /services/…/sobjects/Contact`. Where a `/` is
    /// near the cut, the cut is moved to it, so whole segments are kept.
    public static func truncateMiddle(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if CharacterWidth.of(text) <= width { return text }
        guard width > 4 else { return truncate(text, to: width) }
        let chars = Array(text)
        let budget = width - 1
        // The end gets two thirds: it is what tells one path from another.
        var tailBudget = budget * 2 / 3
        var tail: [Character] = []
        var used = 0
        for c in chars.reversed() {
            let w = CharacterWidth.of(c)
            if used + w > tailBudget { break }
            tail.insert(c, at: 0)
            used += w
        }
        if let slash = tail.firstIndex(of: "/"), slash > 0, slash < tail.count / 2 {
            used -= CharacterWidth.of(String(tail[..<slash]))
            tail.removeFirst(slash)
        }
        tailBudget = used
        var head: [Character] = []
        var headUsed = 0
        for c in chars {
            let w = CharacterWidth.of(c)
            if headUsed + w > budget - tailBudget { break }
            head.append(c)
            headUsed += w
        }
        if let slash = head.lastIndex(of: "/"), slash > head.count / 2, slash < head.count - 1 {
            head.removeLast(head.count - slash - 1)
        }
        return String(head) + "…" + String(tail)
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
