/// Draws a virtualised list: asks for the text of visible rows only, highlights the selection,
/// shows a scroll indicator, and an empty message when there are no rows.
public struct ListView {
    public var emptyMessage: String
    public var focused: Bool

    public init(emptyMessage: String = "Nothing to show", focused: Bool = true) {
        self.emptyMessage = emptyMessage
        self.focused = focused
    }

    /// Draws rows `state.offset ..< offset + rect.height`; `row(i)` returns the spans of item i.
    public func render(state: inout ListState, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme,
                       row: (Int) -> [Span]) {
        let base = theme.style(.text)
        buffer.fill(rect, style: base)
        guard !rect.isEmpty else { return }
        state.scrollToSelection(height: rect.height)
        if state.count == 0 {
            buffer.write(emptyMessage, x: rect.x + 1, y: rect.y, width: rect.width - 1, style: theme.style(.muted))
            return
        }
        let showScrollbar = state.count > rect.height && rect.width > 2
        let textWidth = showScrollbar ? rect.width - 1 : rect.width
        let selection = theme.style(focused ? .selection : .selectionInactive)
        for line in 0..<rect.height {
            let index = state.offset + line
            guard index < state.count else { break }
            let y = rect.y + line
            var spans = row(index)
            if index == state.selected {
                spans = spans.map { Span($0.text, selection) }
                buffer.write(spans: spans, x: rect.x, y: y, width: textWidth, fill: selection)
            } else {
                buffer.write(spans: spans, x: rect.x, y: y, width: textWidth, fill: base)
            }
        }
        if showScrollbar { drawScrollbar(state: state, rect: rect, buffer: &buffer, theme: theme) }
    }

    private func drawScrollbar(state: ListState, rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let x = rect.maxX - 1
        let h = rect.height
        let thumb = max(1, h * h / max(1, state.count))
        let top = state.count <= h ? 0 : (h - thumb) * state.offset / max(1, state.count - h)
        for i in 0..<h {
            let inThumb = i >= top && i < top + thumb
            buffer[x, rect.y + i] = Cell(inThumb ? "┃" : "│", style: inThumb ? theme.style(.title) : theme.style(.border))
        }
    }
}

/// Case-insensitive matching for `/` filters: every word of the query must occur in the text.
public enum ListFilter {
    /// Whether `text` matches `query` (empty query matches everything).
    public static func matches(_ query: String, _ text: String) -> Bool {
        let words = query.lowercased().split(separator: " ")
        if words.isEmpty { return true }
        let haystack = text.lowercased()
        return words.allSatisfy { haystack.contains($0) }
    }

    /// The indices of `items` whose text matches `query`.
    public static func indices(of items: [String], matching query: String) -> [Int] {
        if query.isEmpty { return Array(items.indices) }
        return items.indices.filter { matches(query, items[$0]) }
    }

    /// Splits `text` into spans, with the parts matching the query's words in `highlight`.
    public static func highlight(_ text: String, query: String, base: Style, highlight: Style) -> [Span] {
        let words = query.lowercased().split(separator: " ").map(String.init)
        guard !words.isEmpty else { return [Span(text, base)] }
        let chars = Array(text)
        let lower = chars.map { String($0).lowercased() }
        var marked = Array(repeating: false, count: chars.count)
        for word in words {
            let w = word.map { String($0) }
            guard !w.isEmpty, w.count <= lower.count else { continue }
            for start in 0...(lower.count - w.count) where Array(lower[start..<start + w.count]) == w {
                for i in start..<start + w.count { marked[i] = true }
            }
        }
        var spans: [Span] = []
        var current = ""
        var currentMarked = false
        for (i, c) in chars.enumerated() {
            if marked[i] != currentMarked, !current.isEmpty {
                spans.append(Span(current, currentMarked ? highlight : base))
                current = ""
            }
            currentMarked = marked[i]
            current.append(c)
        }
        if !current.isEmpty { spans.append(Span(current, currentMarked ? highlight : base)) }
        return spans
    }
}
