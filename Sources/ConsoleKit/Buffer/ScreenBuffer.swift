/// A grid of cells that views draw into; the program diffs two of them to update the terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank()) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: fill, count: self.size.width * self.size.height)
    }

    public var bounds: Rect { Rect(size: size) }

    /// The cell at a position; positions outside the buffer read as a blank cell.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank() }
            return cells[y * size.width + x]
        }
        set {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
            cells[y * size.width + x] = newValue
        }
    }

    // MARK: - Drawing

    /// Fills a rectangle (clipped to the buffer) with one character in one style.
    public mutating func fill(_ rect: Rect, with character: Character = " ", style: Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        let cell = Cell(String(character), style: style, width: 1)
        for y in r.y..<r.maxY {
            let base = y * size.width
            // A wide character cut by either edge loses its outside half too.
            if cells[base + r.x].isContinuation, r.x > 0 { cells[base + r.x - 1] = Cell(" ", style: cells[base + r.x - 1].style) }
            if cells[base + r.maxX - 1].width == 2, r.maxX < size.width { cells[base + r.maxX] = Cell(" ", style: cells[base + r.maxX].style) }
            for x in r.x..<r.maxX { cells[base + x] = cell }
        }
    }

    /// Writes text at (x, y), clipped to `clip` (default: the whole buffer), and returns the
    /// columns used. Wide characters that do not fit whole are replaced by a space; zero-width
    /// marks join the previous cell; control characters are shown as `�`.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let area = (clip ?? bounds).intersection(bounds)
        guard y >= area.y, y < area.maxY else { return 0 }
        var cx = x
        for character in text {
            if cx >= area.maxX { break }
            var w = CharacterWidth.of(character)
            var glyph = String(character)
            if w == 0 {
                if let first = character.unicodeScalars.first, first.value < 0x20 || (first.value >= 0x7F && first.value < 0xA0) {
                    glyph = "�"
                    w = 1
                } else {
                    attachZeroWidth(glyph, before: cx, y: y, area: area)
                    continue
                }
            }
            if cx < area.x { cx += w; continue }
            if w == 2 && cx + 1 >= area.maxX {
                put(Cell(" ", style: style, width: 1), x: cx, y: y)
                cx += 1
                break
            }
            put(Cell(glyph, style: style, width: UInt8(w)), x: cx, y: y)
            if w == 2 { put(.continuation(style), x: cx + 1, y: y) }
            cx += w
        }
        return max(0, cx - x)
    }

    /// Writes text padded or truncated to exactly `width` columns (with "…" when cut).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, width: Int, style: Style, alignRight: Bool = false) -> Int {
        guard width > 0 else { return 0 }
        let fitted = TextLayout.pad(text, to: width, alignRight: alignRight)
        return write(fitted, x: x, y: y, style: style, clip: Rect(x: x, y: y, width: width, height: 1))
    }

    /// Changes the style of existing cells in a rectangle, keeping their text.
    public mutating func restyle(_ rect: Rect, _ transform: (Style) -> Style) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * size.width + x].style = transform(cells[y * size.width + x].style) }
        }
    }

    /// Draws a single-line box around `rect` with an optional title on the top edge.
    public mutating func box(_ rect: Rect, style: Style, title: String? = nil, titleStyle: Style? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in rect.x + 1..<rect.maxX - 1 {
            put(Cell("─", style: style), x: x, y: rect.y)
            put(Cell("─", style: style), x: x, y: rect.maxY - 1)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            put(Cell("│", style: style), x: rect.x, y: y)
            put(Cell("│", style: style), x: rect.maxX - 1, y: y)
        }
        put(Cell("┌", style: style), x: rect.x, y: rect.y)
        put(Cell("┐", style: style), x: rect.maxX - 1, y: rect.y)
        put(Cell("└", style: style), x: rect.x, y: rect.maxY - 1)
        put(Cell("┘", style: style), x: rect.maxX - 1, y: rect.maxY - 1)
        if let title, rect.width > 4 {
            let t = TextLayout.truncate(" \(title) ", to: rect.width - 4)
            write(t, x: rect.x + 2, y: rect.y, style: titleStyle ?? style)
        }
    }

    // MARK: - Reading (tests, snapshots)

    /// The text of one row, continuation cells skipped, trailing spaces kept.
    public func text(row y: Int) -> String {
        guard y >= 0, y < size.height else { return "" }
        var out = ""
        for x in 0..<size.width {
            let c = cells[y * size.width + x]
            if !c.isContinuation { out += c.text }
        }
        return out
    }

    /// All rows as text with trailing spaces removed, joined by newlines.
    public var plainText: String {
        (0..<size.height).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Whether any row contains `needle`.
    public func contains(_ needle: String) -> Bool {
        (0..<size.height).contains { text(row: $0).contains(needle) }
    }

    /// The row index of the first row that contains `needle`.
    public func row(containing needle: String) -> Int? {
        (0..<size.height).first { text(row: $0).contains(needle) }
    }

    /// The style of the cell where `needle` first starts, for style assertions.
    public func style(of needle: String) -> Style? {
        for y in 0..<size.height {
            let line = text(row: y)
            guard let range = line.range(of: needle) else { continue }
            let prefixWidth = CharacterWidth.of(String(line[line.startIndex..<range.lowerBound]))
            return self[prefixWidth, y].style
        }
        return nil
    }

    // MARK: - Internals

    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let i = y * size.width + x
        // Overwriting half of a wide character blanks its other half.
        if cells[i].isContinuation, !cell.isContinuation, x > 0, cells[i - 1].width == 2 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if cells[i].width == 2, x + 1 < size.width, cell.width != 2 {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    private mutating func attachZeroWidth(_ mark: String, before cx: Int, y: Int, area: Rect) {
        var px = cx - 1
        while px >= area.x, px >= 0, self[px, y].isContinuation { px -= 1 }
        guard px >= area.x, px >= 0, px < size.width else { return }
        let i = y * size.width + px
        if cells[i].text.unicodeScalars.count < 5 { cells[i].text += mark }
    }
}
