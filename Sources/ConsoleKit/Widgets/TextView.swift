/// A scrollable block of wrapped text (help pages, payloads, messages).
public struct TextView {
    public init() {}

    /// Wraps `lines` (each a list of spans, wrapped per span text) to the width and draws from `scroll`.
    /// Returns the total number of wrapped lines, so callers can clamp their scroll offset.
    @discardableResult
    public func render(lines: [[Span]], scroll: Int, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) -> Int {
        buffer.fill(rect, style: theme.style(.text))
        guard rect.width > 0 else { return 0 }
        let wrapped = TextView.wrap(lines, width: rect.width)
        let start = min(max(0, scroll), max(0, wrapped.count - rect.height))
        for i in 0..<rect.height where start + i < wrapped.count {
            buffer.write(spans: wrapped[start + i], x: rect.x, y: rect.y + i, width: rect.width, fill: theme.style(.text))
        }
        return wrapped.count
    }

    /// Wraps rich lines to `width`, keeping span styles; words longer than a line are broken.
    public static func wrap(_ lines: [[Span]], width: Int) -> [[Span]] {
        var out: [[Span]] = []
        for line in lines {
            let plain = line.map(\.text).joined()
            if CharacterWidth.of(plain) <= width { out.append(line); continue }
            // Map each character to its style, wrap the plain text, then rebuild spans.
            var styles: [Style] = []
            for span in line { styles.append(contentsOf: Array(repeating: span.style, count: span.text.count)) }
            let pieces = TextLayout.wrap(plain, width: width)
            var consumed = 0
            let chars = Array(plain)
            for (n, piece) in pieces.enumerated() {
                // Skip the single space the wrapper dropped between pieces.
                if n > 0, consumed < chars.count, chars[consumed] == " ", piece.first != " " { consumed += 1 }
                var spans: [Span] = []
                for c in piece {
                    let style = consumed < styles.count ? styles[consumed] : (styles.last ?? .plain)
                    if let last = spans.last, last.style == style { spans[spans.count - 1].text.append(c) } else { spans.append(Span(String(c), style)) }
                    consumed += 1
                }
                out.append(spans)
            }
        }
        return out
    }
}
