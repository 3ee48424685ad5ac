import ConsoleKit
import Testing

@Suite("TextLayout")
struct TextLayoutTests {
    // MARK: truncate

    @Test("text that fits is unchanged")
    func fits() {
        #expect(TextLayout.truncate("hello", to: 5) == "hello")
        #expect(TextLayout.truncate("日本", to: 4) == "日本")
    }

    @Test("cut text ends in … and fills the width")
    func cutWithEllipsis() {
        #expect(TextLayout.truncate("hello world", to: 8) == "hello w…")
        #expect(TextLayout.truncate("abc", to: 1) == "…")
    }

    @Test("truncation counts columns, not characters")
    func wideCharacters() {
        #expect(TextLayout.truncate("日本語テキスト", to: 7) == "日本語…")
        // A wide character never gets split: there is one column too few for 本, so it goes.
        #expect(TextLayout.truncate("日本語", to: 4) == "日…")
        #expect(TextLayout.truncate("a日本", to: 4) == "a日…")
    }

    @Test("without an ellipsis the text is just cut")
    func noEllipsis() {
        #expect(TextLayout.truncate("abcdef", to: 3, ellipsis: false) == "abc")
        #expect(TextLayout.truncate("日本語", to: 3, ellipsis: false) == "日")
    }

    @Test("zero or negative width gives nothing")
    func zeroWidth() {
        #expect(TextLayout.truncate("abc", to: 0) == "")
        #expect(TextLayout.truncate("abc", to: -2) == "")
    }

    @Test("combining marks stay with their letter when cutting")
    func combiningMarks() {
        #expect(TextLayout.truncate("Cafe\u{0301} au lait", to: 5) == "Cafe\u{0301}…")
    }

    // MARK: pad

    @Test("pad fills to the width on the right, or on the left when aligned right")
    func pad() {
        #expect(TextLayout.pad("ab", to: 5) == "ab   ")
        #expect(TextLayout.pad("ab", to: 5, alignRight: true) == "   ab")
        #expect(TextLayout.pad("日本", to: 5) == "日本 ")
        #expect(TextLayout.pad("hello world", to: 5) == "hell…")
    }

    @Test("pad always produces exactly the width, whatever the text")
    func padIsExact() {
        var rng = SeededGenerator(seed: 7)
        let alphabet: [Character] = ["a", "b", " ", "日", "本", "😀", "é", "\u{65}\u{301}", "x"]
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let width = Int.random(in: 1...15, using: &rng)
            let padded = TextLayout.pad(text, to: width, alignRight: Bool.random(using: &rng))
            #expect(CharacterWidth.of(padded) == width, "\(text) to \(width) gave \(padded)")
            #expect(CharacterWidth.of(TextLayout.truncate(text, to: width)) <= width)
        }
    }

    // MARK: wrap

    @Test("wraps at word boundaries")
    func wrapWords() {
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("hello world", width: 5) == ["hello", "world"])
    }

    @Test("keeps newlines, including empty lines")
    func wrapNewlines() {
        #expect(TextLayout.wrap("one\ntwo", width: 10) == ["one", "two"])
        #expect(TextLayout.wrap("a\n\nb", width: 10) == ["a", "", "b"])
    }

    @Test("breaks words longer than a line")
    func wrapLongWords() {
        #expect(TextLayout.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextLayout.wrap("hi abcdefgh", width: 4) == ["hi", "abcd", "efgh"])
    }

    @Test("breaks wide text by columns")
    func wrapWide() {
        #expect(TextLayout.wrap("日本語日本語", width: 5) == ["日本", "語日", "本語"])
    }

    @Test("a wide character on a one-column line still ends (one character per line)")
    func wrapWideInOneColumn() {
        #expect(TextLayout.wrap("日本", width: 1) == ["日", "本"])
    }

    @Test("zero width gives no lines")
    func wrapZeroWidth() {
        #expect(TextLayout.wrap("abc", width: 0).isEmpty)
    }

    @Test("wrapped lines never exceed the width and keep every visible character in order")
    func wrapProperty() {
        var rng = SeededGenerator(seed: 99)
        let alphabet: [Character] = ["a", "b", "c", " ", " ", "\n", "日", "😀", "é"]
        for _ in 0..<500 {
            let text = String((0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let width = Int.random(in: 2...12, using: &rng)
            let lines = TextLayout.wrap(text, width: width)
            for line in lines {
                #expect(CharacterWidth.of(line) <= width, "\(text.debugDescription) at \(width): \(lines)")
            }
            let visible = { (s: String) in s.filter { $0 != " " && $0 != "\n" } }
            #expect(visible(lines.joined()) == visible(text), "\(text.debugDescription) at \(width): \(lines)")
        }
    }
}
