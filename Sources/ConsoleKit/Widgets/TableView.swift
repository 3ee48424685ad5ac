/// A column of a `TableView`.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var width: LayoutConstraint
    public var alignRight: Bool
    /// Cut a value too long for the column in the middle, keeping its end (paths, ids).
    public var cutsMiddle: Bool
    /// In a table sized by content: a column left out (rightmost first) when the columns do not
    /// fit whole, before any value is cut.
    public var droppable: Bool
    public init(_ title: String, width: LayoutConstraint, alignRight: Bool = false, cutsMiddle: Bool = false, droppable: Bool = false) {
        self.title = title
        self.width = width
        self.alignRight = alignRight
        self.cutsMiddle = cutsMiddle
        self.droppable = droppable
    }
}

/// A list with aligned columns and a header row; virtualised like `ListView`.
///
/// With `sizedByContent`, each column is as wide as its title and the values of the rows in
/// view; the widest column takes the spare width when it is the last one shown, else a little
/// of it (`spareCap`), the rest staying empty at the right, so values after it stay near their
/// titles; when the columns do not fit the widest give way first (a column's constraint is then
/// its minimum: `fixed(n)` and `min(n)` keep n). With a `sort`, the sorted column's title
/// carries `▲` or `▼`.
public struct TableView {
    public var columns: [TableColumn]
    public var emptyMessage: String
    public var focused: Bool
    public var sizedByContent: Bool
    /// The rows' sort, whose column's header is marked.
    public var sort: TableSort?

    public init(columns: [TableColumn], emptyMessage: String = "Nothing to show", focused: Bool = true, sizedByContent: Bool = false,
                sort: TableSort? = nil) {
        self.columns = columns
        self.emptyMessage = emptyMessage
        self.focused = focused
        self.sizedByContent = sizedByContent
        self.sort = sort
    }

    /// The most spare cells the widest column takes when other columns follow it.
    public static let spareCap = 4

    /// The columns as drawn: the sorted column's title with its marker.
    var shownColumns: [TableColumn] {
        guard let sort else { return columns }
        return columns.enumerated().map { i, column in
            guard let marker = sort.marker(column: i) else { return column }
            var marked = column
            marked.title = column.title.isEmpty ? marker : column.title + " " + marker
            return marked
        }
    }

    /// What is under a point of the table's rectangle.
    public enum Hit: Sendable, Equatable {
        /// The header of this column.
        case header(column: Int)
        /// The row with this index.
        case row(Int)
    }

    /// What a click at (`x`, `y`) hits in a table drawn in `rect` with `state` and `cells` (the
    /// same as `render` gets): a column's header, a row, or nothing (between columns, below the rows).
    public func hit(x: Int, y: Int, state: ListState, in rect: Rect, cells: (Int) -> [[Span]]) -> Hit? {
        guard rect.contains(x: x, y: y) else { return nil }
        var state = state
        let widths = self.widths(state: &state, in: rect, cells: cells)
        if y == rect.y {
            var left = rect.x
            for (i, w) in widths.enumerated() where w > 0 {
                if x >= left && x < left + w { return .header(column: i) }
                left += w + 1
            }
            return nil
        }
        let index = state.offset + (y - rect.y - 1)
        return index < state.count ? .row(index) : nil
    }

    /// The columns' widths for drawing in `rect` (scrolls `state` to its selection first).
    public func widths(state: inout ListState, in rect: Rect, cells: (Int) -> [[Span]]) -> [Int] {
        let body = rect.splitTop(1).1
        guard sizedByContent else {
            return LayoutConstraint.solve(columns.map(\.width), total: max(0, rect.width - 1), spacing: 1)
        }
        state.scrollToSelection(height: body.height)
        var natural = Array(repeating: 0, count: columns.count)
        let first = state.offset, last = Swift.min(state.count, state.offset + body.height)
        if first < last {
            for index in first..<last {
                for (i, cell) in cells(index).enumerated() where i < natural.count {
                    natural[i] = Swift.max(natural[i], cell.reduce(0) { $0 + CharacterWidth.of($1.text) })
                }
            }
        }
        return Self.contentWidths(shownColumns, natural: natural, total: max(0, rect.width - 1))
    }

    /// The columns' widths from their natural widths (title and values) in `total` cells.
    public static func contentWidths(_ columns: [TableColumn], natural: [Int], total: Int, spacing: Int = 1) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var wants = columns.indices.map { max(natural.indices.contains($0) ? natural[$0] : 0, CharacterWidth.of(columns[$0].title)) }
        // Columns that may go are left out, rightmost first, until the rest fit whole.
        var dropped: Set<Int> = []
        func room() -> Int { max(0, total - spacing * (columns.count - dropped.count - 1)) }
        for i in columns.indices.reversed() where columns[i].droppable && wants.reduce(0, +) > room() {
            wants[i] = 0
            dropped.insert(i)
        }
        let available = room()
        let minimums = columns.indices.map { i -> Int in
            switch columns[i].width {
            case _ where dropped.contains(i): return 0
            case .fixed(let n): return Swift.min(n, wants[i])
            case .min(let n): return Swift.min(n, wants[i])
            default: return Swift.min(Swift.max(3, CharacterWidth.of(columns[i].title)), wants[i])
            }
        }
        if minimums.reduce(0, +) > available {
            // Not even the minimums fit: the constraints share the room; dropped columns stay out.
            let kept = columns.indices.filter { !dropped.contains($0) }
            let solved = LayoutConstraint.solve(kept.map { columns[$0].width }, total: total, spacing: spacing)
            var out = Array(repeating: 0, count: columns.count)
            for (k, i) in kept.enumerated() { out[i] = solved[k] }
            return out
        }
        if wants.reduce(0, +) <= available {
            var widths = wants
            let flexible = columns.indices.filter { i in
                if dropped.contains(i) { return false }
                if case .fixed = columns[i].width { return false } else { return true }
            }
            let widest = (flexible.isEmpty ? Array(columns.indices) : flexible).max { wants[$0] < wants[$1] }!
            let spare = available - wants.reduce(0, +)
            // The last column shown takes all the spare room; one with columns after it a
            // little, so the values after it (counts, times) stay near their titles.
            let lastShown = columns.indices.last { widths[$0] > 0 } ?? widest
            widths[widest] += widest == lastShown ? spare : Swift.min(spare, spareCap)
            return widths
        }
        // Too wide: lower a common cap on the widest columns until everything fits.
        func widths(cap: Int) -> [Int] { columns.indices.map { Swift.max(minimums[$0], Swift.min(wants[$0], cap)) } }
        var low = 0, high = wants.max() ?? 0
        while low < high {
            let mid = (low + high + 1) / 2
            if widths(cap: mid).reduce(0, +) <= available { low = mid } else { high = mid - 1 }
        }
        var out = widths(cap: low)
        var spare = available - out.reduce(0, +)
        for i in columns.indices.sorted(by: { wants[$0] > wants[$1] }) where spare > 0 && out[i] < wants[i] {
            out[i] += 1
            spare -= 1
        }
        return out
    }

    /// Draws the header and the visible rows; `cells(i)` returns the spans of each column of row i.
    public func render(state: inout ListState, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme,
                       cells: (Int) -> [[Span]]) {
        guard rect.height > 0 else { return }
        let (headerRect, body) = rect.splitTop(1)
        let widths = self.widths(state: &state, in: rect, cells: cells)
        let header = theme.style(.tableHeader)
        buffer.fill(headerRect, style: theme.style(.text))
        var x = rect.x
        for (i, column) in shownColumns.enumerated() where widths[i] > 0 {
            buffer.write(column.title, x: x, y: headerRect.y, width: widths[i], style: header, alignRight: column.alignRight)
            x += widths[i] + 1
        }
        let alignments = columns.map(\.alignRight), middles = columns.map(\.cutsMiddle)
        ListView(emptyMessage: emptyMessage, focused: focused).render(state: &state, in: body, buffer: &buffer, theme: theme) { index in
            let row = cells(index)
            var spans: [Span] = []
            let lastShown = widths.lastIndex { $0 > 0 } ?? 0
            for (i, width) in widths.enumerated() where width > 0 {
                var cell = i < row.count && !row[i].isEmpty ? row[i] : [Span("", theme.style(.text))]
                if middles[i], cell.reduce(0, { $0 + CharacterWidth.of($1.text) }) > width {
                    cell = [Span(TextLayout.truncateMiddle(cell.map(\.text).joined(), to: width), cell.last?.style ?? theme.style(.text))]
                }
                spans.append(contentsOf: TableView.fit(cell, width: width, alignRight: alignments[i]))
                if i < lastShown { spans.append(Span(" ", cell.last?.style ?? theme.style(.text))) }
            }
            return spans
        }
    }

    /// Spans cut or padded to exactly `width` columns.
    public static func fit(_ spans: [Span], width: Int, alignRight: Bool) -> [Span] {
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
