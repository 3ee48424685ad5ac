/// A piece of text in one style; a row of a rich widget is an array of spans.
public struct Span: Sendable, Equatable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style) {
        self.text = text
        self.style = style
    }
}

extension ScreenBuffer {
    /// Writes spans left to right within `width` columns from (x, y); pads the rest with `fill`.
    public mutating func write(spans: [Span], x: Int, y: Int, width: Int, fill: Style) {
        guard width > 0 else { return }
        let clip = Rect(x: x, y: y, width: width, height: 1)
        self.fill(clip, style: fill)
        var cx = x
        let total = spans.reduce(0) { $0 + CharacterWidth.of($1.text) }
        if total <= width {
            for span in spans { cx += write(span.text, x: cx, y: y, style: span.style, clip: clip) }
            return
        }
        // Too long: cut the spans and end with an ellipsis.
        var remaining = width - 1
        for span in spans where remaining > 0 {
            let piece = TextLayout.truncate(span.text, to: remaining, ellipsis: false)
            let used = write(piece, x: cx, y: y, style: span.style, clip: clip)
            cx += used
            remaining -= used
            if used < CharacterWidth.of(span.text) { break }
        }
        write("…", x: x + width - 1, y: y, style: spans.last?.style ?? fill, clip: clip)
    }
}
