import ConsoleKit
import Testing

@Suite("ScreenBuffer")
struct ScreenBufferTests {
    let red = Style(foreground: .ansi(1))
    let blue = Style(foreground: .ansi(4))

    func buffer(_ width: Int = 10, _ height: Int = 3) -> ScreenBuffer {
        ScreenBuffer(size: Size(width: width, height: height))
    }

    // MARK: write

    @Test("write returns the columns it used", arguments: [("abc", 3), ("日本", 4), ("e\u{301}x", 2), ("", 0), ("a😀", 3)])
    func writeReturnsColumns(_ text: String, _ columns: Int) {
        var b = buffer()
        #expect(b.write(text, x: 1, y: 0, style: red) == columns)
    }

    @Test("text is placed cell by cell in the given style")
    func writePlacesText() {
        var b = buffer()
        b.write("hi", x: 3, y: 1, style: red)
        #expect(b.text(row: 1) == "   hi     ")
        #expect(b[3, 1] == Cell("h", style: red))
        #expect(b[4, 1] == Cell("i", style: red))
        #expect(b[5, 1] == Cell.blank())
    }

    @Test("a wide character occupies two cells: the glyph and a continuation")
    func wideCharacter() {
        var b = buffer()
        b.write("a日b", x: 0, y: 0, style: red)
        #expect(b[1, 0].text == "日")
        #expect(b[1, 0].width == 2)
        #expect(b[2, 0].isContinuation)
        #expect(b[2, 0].style == red)
        #expect(b[3, 0].text == "b")
        #expect(b.text(row: 0) == "a日b      ")
    }

    @Test("a wide character that would cross the right edge becomes a space")
    func wideAtRightEdge() {
        var b = buffer(5, 1)
        let used = b.write("abcd日", x: 0, y: 0, style: red)
        #expect(b.text(row: 0) == "abcd ")
        #expect(b[4, 0].width == 1)
        #expect(used == 5)
        #expect(b.wideCharactersAreWhole)
    }

    @Test("a wide character that would cross a clip edge becomes a space and nothing leaks past the clip")
    func wideAtClipEdge() {
        var b = dottedBuffer(width: 10, height: 1)
        b.write("ab日", x: 0, y: 0, style: red, clip: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(b.text(row: 0) == "ab .......")
    }

    @Test("overwriting the right half of a wide character blanks its left half")
    func overwriteRightHalf() {
        var b = buffer()
        b.write("日", x: 2, y: 0, style: red)
        b.write("x", x: 3, y: 0, style: blue)
        #expect(b.text(row: 0) == "   x      ")
        #expect(b[2, 0].width == 1)
        #expect(b.wideCharactersAreWhole)
    }

    @Test("overwriting the left half of a wide character blanks its right half")
    func overwriteLeftHalf() {
        var b = buffer()
        b.write("日", x: 2, y: 0, style: red)
        b.write("x", x: 2, y: 0, style: blue)
        #expect(b.text(row: 0) == "  x       ")
        #expect(!b[3, 0].isContinuation)
        #expect(b.wideCharactersAreWhole)
    }

    @Test("a wide character written over another at the same place replaces it whole")
    func wideOverWide() {
        var b = buffer()
        b.write("日", x: 2, y: 0, style: red)
        b.write("本", x: 2, y: 0, style: blue)
        #expect(b.text(row: 0) == "  本      ")
        #expect(b[2, 0] == Cell("本", style: blue, width: 2))
        #expect(b[3, 0].isContinuation)
        #expect(b.wideCharactersAreWhole)
    }

    @Test("a wide character written one column into another blanks the old one's left half")
    func wideOverlappingWide() {
        var b = buffer()
        b.write("日x", x: 2, y: 0, style: red)
        b.write("本", x: 3, y: 0, style: blue)
        #expect(b.text(row: 0) == "   本     ")
        #expect(b.wideCharactersAreWhole)
    }

    @Test("combining marks join the previous cell")
    func combiningInOneWrite() {
        var b = buffer()
        let used = b.write("e\u{301}x", x: 0, y: 0, style: red)
        #expect(used == 2)
        #expect(b[0, 0].text == "e\u{301}")
        #expect(b[1, 0].text == "x")
    }

    @Test("a lone combining mark written after a letter attaches to it, even after a wide character")
    func combiningInLaterWrite() {
        var b = buffer()
        b.write("e", x: 0, y: 0, style: red)
        #expect(b.write("\u{301}", x: 1, y: 0, style: red) == 0)
        #expect(b[0, 0].text == "e\u{301}")
        #expect(b[1, 0] == Cell.blank())

        b.write("日", x: 4, y: 0, style: red)
        b.write("\u{302}", x: 6, y: 0, style: red)
        #expect(b[4, 0].text == "日\u{302}")
        #expect(b[5, 0].isContinuation)
    }

    @Test("a combining mark with nothing before it is dropped")
    func combiningAtStart() {
        var b = buffer()
        b.write("\u{301}a", x: 0, y: 0, style: red)
        #expect(b.text(row: 0) == "a         ")
    }

    @Test("control characters are shown as �, never sent to the terminal", arguments: [
        "a\tb", "a\u{1B}b", "a\u{7}b", "a\u{7F}b", "a\u{9B}b", "a\u{85}b", "a\rb",
    ])
    func controlCharacters(_ text: String) {
        var b = buffer()
        let used = b.write(text, x: 0, y: 0, style: red)
        #expect(b.text(row: 0) == "a�b       ")
        #expect(used == 3)
        for cell in b.cells(row: 0) {
            #expect(!cell.text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        }
    }

    @Test("writing is clipped to the clip rectangle")
    func clipping() {
        var b = dottedBuffer(width: 10, height: 2)
        let clip = Rect(x: 2, y: 0, width: 3, height: 1)
        b.write("abcdefg", x: 0, y: 0, style: red, clip: clip)
        #expect(b.text(row: 0) == "..cde.....")
        #expect(b.write("zzz", x: 0, y: 1, style: red, clip: clip) == 0)
        #expect(b.text(row: 1) == "..........")
    }

    @Test("writing is clipped to the buffer edges")
    func clippingToBuffer() {
        var b = buffer(5, 1)
        #expect(b.write("hello world", x: 3, y: 0, style: red) == 2)
        #expect(b.text(row: 0) == "   he")
        b.write("xyz", x: -1, y: 0, style: red)
        #expect(b.text(row: 0) == "yz he")
        #expect(b.write("a", x: 0, y: 5, style: red) == 0)
        #expect(b.write("a", x: 0, y: -1, style: red) == 0)
    }

    @Test("write with a width pads or truncates to exactly that width")
    func writeWithWidth() {
        var b = dottedBuffer(width: 12, height: 2)
        #expect(b.write("hello world", x: 1, y: 0, width: 8, style: red) == 8)
        #expect(b.text(row: 0) == ".hello w…...")
        b.write("ab", x: 1, y: 1, width: 5, style: red, alignRight: true)
        #expect(b.text(row: 1) == ".   ab......")
    }

    // MARK: fill, restyle, box

    @Test("fill covers the rectangle, clipped to the buffer")
    func fill() {
        var b = buffer(5, 3)
        b.fill(Rect(x: 3, y: 1, width: 10, height: 10), with: "#", style: red)
        #expect(b.plainText == "\n   ##\n   ##")
        #expect(b[4, 2].style == red)
    }

    @Test("fill over half of a wide character blanks the other half")
    func fillOverWideHalf() {
        var b = buffer(8, 1)
        b.write("日本", x: 1, y: 0, style: red)
        b.fill(Rect(x: 2, y: 0, width: 2, height: 1), with: "#", style: blue)
        #expect(b.wideCharactersAreWhole)
        #expect(b.text(row: 0) == "  ## " + "   ")
    }

    @Test("restyle changes styles and keeps the text")
    func restyle() {
        var b = buffer(6, 1)
        b.write("abcdef", x: 0, y: 0, style: red)
        b.restyle(Rect(x: 1, y: 0, width: 2, height: 1)) { $0.adding(.bold) }
        #expect(b.text(row: 0) == "abcdef")
        #expect(b[1, 0].style == red.adding(.bold))
        #expect(b[3, 0].style == red)
    }

    @Test("box draws corners and edges with the title on the top edge")
    func box() {
        var b = buffer(12, 4)
        b.box(Rect(x: 0, y: 0, width: 12, height: 4), style: red, title: "Hi", titleStyle: blue)
        #expect(b.plainText == """
        ┌─ Hi ─────┐
        │          │
        │          │
        └──────────┘
        """)
        #expect(b.style(of: "Hi") == blue)
        #expect(b[0, 0].style == red)
    }

    @Test("a long box title is truncated inside the corners")
    func boxLongTitle() {
        var b = buffer(10, 3)
        b.box(b.bounds, style: red, title: "A very long title")
        #expect(b.text(row: 0).hasPrefix("┌─"))
        #expect(b.text(row: 0).hasSuffix("─┐"))
        #expect(b.text(row: 0).contains("…"))
    }

    @Test("a box smaller than 2×2 draws nothing")
    func tinyBox() {
        var b = dottedBuffer(width: 4, height: 4)
        b.box(Rect(x: 0, y: 0, width: 1, height: 4), style: red)
        #expect(b == dottedBuffer(width: 4, height: 4))
    }

    @Test("a box drawn over wide characters leaves no half characters")
    func boxOverWide() {
        var b = buffer(8, 3)
        for y in 0..<3 { b.write("日本語日", x: 0, y: y, style: red) }
        b.box(Rect(x: 1, y: 0, width: 5, height: 3), style: blue)
        #expect(b.wideCharactersAreWhole)
        for y in 0..<3 { #expect(CharacterWidth.of(b.text(row: y)) == 8) }
    }

    // MARK: reading

    @Test("plainText trims trailing spaces and joins rows with newlines; wide characters appear once")
    func plainText() {
        var b = buffer(8, 3)
        b.write("ab", x: 0, y: 0, style: red)
        b.write("日本", x: 2, y: 2, style: red)
        #expect(b.plainText == "ab\n\n  日本")
    }

    @Test("contains and row(containing:) search row text")
    func search() {
        var b = buffer(10, 3)
        b.write("needle", x: 2, y: 1, style: red)
        #expect(b.contains("needle"))
        #expect(!b.contains("haystack"))
        #expect(b.row(containing: "eed") == 1)
        #expect(b.row(containing: "zz") == nil)
    }

    @Test("style(of:) finds the style where the text starts, counting wide characters as two columns")
    func styleOf() {
        var b = buffer(12, 2)
        b.write("日本", x: 0, y: 1, style: red)
        b.write("key", x: 5, y: 1, style: blue)
        #expect(b.style(of: "key") == blue)
        #expect(b.style(of: "本") == red)
        #expect(b.style(of: "missing") == nil)
    }

    @Test("reading outside the buffer gives blank cells and writing there is ignored")
    func outOfBounds() {
        var b = buffer(3, 1)
        b[5, 5] = Cell("x")
        #expect(b[-1, 0] == Cell.blank())
        #expect(b == buffer(3, 1))
    }

    @Test("after any mix of drawing, wide characters stay whole and every row is exactly as wide as the buffer")
    func drawingKeepsWideCharactersWhole() {
        var rng = SeededGenerator(seed: 2024)
        for _ in 0..<300 {
            var b = ScreenBuffer(size: Size(width: 12, height: 3))
            for _ in 0..<8 { BufferEdits.randomEdit(&b, using: &rng) }
            #expect(b.wideCharactersAreWhole, "\(b.plainText)")
            for y in 0..<3 { #expect(CharacterWidth.of(b.text(row: y)) == 12, "row \(y): \(b.text(row: y))") }
        }
    }
}

/// Random drawing operations for property tests.
enum BufferEdits {
    static let alphabet: [String] = ["a", "b", "日", "本", "😀", "e\u{301}", " ", "x", "語"]
    static let styles = [Style.plain, Style(foreground: .ansi(1)), Style(background: .ansi(4)), Style(attributes: .bold)]

    static func randomEdit(_ b: inout ScreenBuffer, using rng: inout SeededGenerator) {
        let w = b.size.width, h = b.size.height
        let style = styles.randomElement(using: &rng)!
        switch Int.random(in: 0..<10, using: &rng) {
        case 0..<6:
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            b.write(text, x: Int.random(in: -2...w, using: &rng), y: Int.random(in: 0..<h, using: &rng), style: style)
        case 6, 7:
            let rect = Rect(x: Int.random(in: -1..<w, using: &rng), y: Int.random(in: 0..<h, using: &rng),
                            width: Int.random(in: 1...5, using: &rng), height: Int.random(in: 1...2, using: &rng))
            b.fill(rect, with: "#", style: style)
        case 8:
            let rect = Rect(x: Int.random(in: 0..<w - 2, using: &rng), y: 0, width: Int.random(in: 2...6, using: &rng), height: h)
            b.box(rect, style: style)
        default:
            let text = (0..<Int.random(in: 1...6, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            b.write(text, x: Int.random(in: 0..<w, using: &rng), y: Int.random(in: 0..<h, using: &rng),
                    width: Int.random(in: 1...6, using: &rng), style: style)
        }
    }
}
