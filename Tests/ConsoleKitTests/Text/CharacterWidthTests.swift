@testable import ConsoleKit
import Testing

@Suite("CharacterWidth")
struct CharacterWidthTests {
    @Test("columns per character", arguments: [
        ("a", 1), ("~", 1), ("é", 1), ("ß", 1), ("Ж", 1), ("─", 1),
        ("日", 2), ("한", 2), ("あ", 2), ("Ａ", 2),
        ("😀", 2), ("🚀", 2), ("❤️", 2), ("👍🏽", 2),
        ("👨‍👩‍👧", 2), ("🏳️‍🌈", 2),
        ("e\u{0301}", 1), ("\u{0301}", 0), ("\u{200B}", 0),
        ("\u{07}", 0), ("\u{1B}", 0), ("\u{7F}", 0),
    ])
    func characterWidth(_ text: String, _ expected: Int) throws {
        #expect(text.count == 1, "test data should be one grapheme cluster")
        let character = try #require(text.first)
        #expect(CharacterWidth.of(character) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }

    @Test("string widths add up character widths", arguments: [
        ("hello", 5), ("", 0), ("日本語", 6), ("a😀b", 4), ("Cafe\u{0301}", 4), ("Café", 4), ("👨‍👩‍👧 family", 9),
    ])
    func stringWidth(_ text: String, _ expected: Int) {
        #expect(CharacterWidth.of(text) == expected)
    }

    @Test("precomposed and decomposed é have the same width")
    func normalisationDoesNotMatter() {
        let precomposed = "\u{00E9}"
        let decomposed = "e\u{0301}"
        #expect(precomposed.unicodeScalars.count != decomposed.unicodeScalars.count)
        #expect(CharacterWidth.of(precomposed) == CharacterWidth.of(decomposed))
        #expect(CharacterWidth.of(decomposed) == 1)
    }

    @Test("scalar widths: wide, narrow, zero and control")
    func scalars() {
        #expect(CharacterWidth.of(scalar: "A") == 1)
        #expect(CharacterWidth.of(scalar: "\u{4E00}") == 2)
        #expect(CharacterWidth.of(scalar: "\u{0300}") == 0)
        #expect(CharacterWidth.of(scalar: "\u{0}") == 0)
        #expect(CharacterWidth.of(scalar: "\u{9B}") == 0)
    }

    @Test("the range tables are sorted and do not overlap, so binary search finds every entry")
    func tablesAreSorted() {
        for table in [CharacterWidth.zeroWidthRanges, CharacterWidth.wideRanges] {
            for (a, b) in zip(table, table.dropFirst()) {
                #expect(a.upperBound < b.lowerBound, "\(a) then \(b)")
            }
        }
    }
}
