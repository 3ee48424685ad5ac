/// A column of a `TableView`.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var width: LayoutConstraint
    public var alignRight: Bool
    public init(_ title: String, width: LayoutConstraint, alignRight: Bool = false) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
    }
}

/// A list with aligned columns and a header row; virtualised like `ListView`.
public struct TableView {
    public var columns: [TableColumn]
    public var emptyMessage: String
    public var focused: Bool

    public init(columns: [TableColumn], emptyMessage: String = "Nothing to show", focused: Bool = true) {
        self.columns = columns
        self.emptyMessage = emptyMessage
        self.focused = focused
    }

    /// Draws the header and the visible rows; `cells(i)` returns the spans of each column of row i.
    public func render(state: inout ListState, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme,
                       cells: (Int) -> [[Span]]) {
        guard rect.height > 0 else { return }
        let (headerRect, body) = rect.splitTop(1)
        let widths = LayoutConstraint.solve(columns.map(\.width), total: max(0, rect.width - 1), spacing: 1)
        let header = theme.style(.tableHeader)
        buffer.fill(headerRect, style: theme.style(.text))
        var x = rect.x
        for (i, column) in columns.enumerated() {
            buffer.write(column.title, x: x, y: headerRect.y, width: widths[i], style: header, alignRight: column.alignRight)
            x += widths[i] + 1
        }
        let alignments = columns.map(\.alignRight)
        ListView(emptyMessage: emptyMessage, focused: focused).render(state: &state, in: body, buffer: &buffer, theme: theme) { index in
            let row = cells(index)
            var spans: [Span] = []
            for (i, width) in widths.enumerated() {
                let cell = i < row.count && !row[i].isEmpty ? row[i] : [Span("", theme.style(.text))]
                spans.append(contentsOf: TableView.fit(cell, width: width, alignRight: alignments[i]))
                if i < widths.count - 1 { spans.append(Span(" ", cell.last?.style ?? theme.style(.text))) }
            }
            return spans
        }
    }

    /// Spans cut or padded to exactly `width` columns.
    static func fit(_ spans: [Span], width: Int, alignRight: Bool) -> [Span] {
        guard width > 0 else { return [] }
        let total = spans.reduce(0) { $0 + CharacterWidth.of($1.text) }
        if total <= width {
            let pad = Span(String(repeating: " ", count: width - total), spans.last?.style ?? .plain)
            return alignRight ? [pad] + spans : spans + [pad]
        }
        var out: [Span] = []
        var remaining = width - 1
        for span in spans where remaining > 0 {
            let piece = TextLayout.truncate(span.text, to: remaining, ellipsis: false)
            out.append(Span(piece, span.style))
            remaining -= CharacterWidth.of(piece)
            if piece.count < span.text.count { break }
        }
        out.append(Span(String(repeating: " ", count: max(0, remaining)) + "…", spans.last?.style ?? .plain))
        return out
    }
}
