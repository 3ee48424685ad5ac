import ConsoleKit
import Testing

@Suite("Color")
struct ColorTests {
    @Test("parses the forms theme files use", arguments: [
        ("#ff0000", Color.rgb(255, 0, 0)), ("#0A1b2C", .rgb(0x0A, 0x1B, 0x2C)), ("#000000", .rgb(0, 0, 0)),
        ("color(0)", .indexed(0)), ("color(196)", .indexed(196)), ("color(255)", .indexed(255)),
        ("red", .ansi(1)), ("Black", .ansi(0)), ("white", .ansi(7)), ("bright-red", .ansi(9)),
        ("bright_white", .ansi(15)), ("grey", .ansi(8)), ("gray", .ansi(8)), ("default", .default), ("DEFAULT", .default),
    ])
    func parses(_ text: String, _ expected: Color) {
        #expect(Color(parsing: text) == expected)
    }

    @Test("rejects anything else", arguments: [
        "", "#fff", "#ff00000", "#gg0000", "#+12345", "# 12345", "color(256)", "color(-1)", "color()", "colour(3)",
        "reddish", "bright-", "#",
    ])
    func rejects(_ text: String) {
        #expect(Color(parsing: text) == nil)
    }

    @Test("every colour's description parses back to the same colour")
    func descriptionRoundTrips() {
        var colors: [Color] = [.default, .rgb(0, 0, 0), .rgb(255, 255, 255), .rgb(0x0A, 0x0B, 0x0C), .rgb(0x5F, 0xAF, 0xFF)]
        colors += (0..<16).map { Color.ansi(UInt8($0)) }
        colors += (0..<256).map { Color.indexed(UInt8($0)) }
        for color in colors {
            #expect(Color(parsing: color.description) == color, "\(color)")
        }
        #expect(Color.rgb(0x0A, 0x0B, 0x0C).description == "#0a0b0c")
    }

    @Test("pure red degrades to xterm 196, then ANSI bright red (9), then nothing")
    func degradeRed() {
        let red = Color.rgb(255, 0, 0)
        #expect(red.degraded(to: .trueColor) == red)
        #expect(red.degraded(to: .c256) == .indexed(196))
        #expect(red.degraded(to: .c16) == .ansi(9))
        #expect(red.degraded(to: .none) == .default)
    }

    @Test("colours that exist in the 256 palette map to themselves", arguments: [
        (Color.rgb(0, 0, 0), UInt8(16)), (.rgb(255, 255, 255), 231), (.rgb(0x5F, 0xAF, 0xFF), 75),
        (.rgb(128, 128, 128), 244), (.rgb(0x08, 0x08, 0x08), 232),
    ])
    func exact256(_ color: Color, _ index: UInt8) {
        #expect(color.degraded(to: .c256) == .indexed(index))
    }

    @Test("near colours pick the nearest palette entry")
    func nearest() {
        #expect(Color.rgb(250, 5, 3).degraded(to: .c256) == .indexed(196))
        #expect(Color.rgb(0, 0, 230).degraded(to: .c16) == .ansi(4))
        #expect(Color.rgb(250, 250, 250).degraded(to: .c16) == .ansi(15))
    }

    @Test("indexed colours degrade to 16; the first 16 keep their number")
    func indexedTo16() {
        #expect(Color.indexed(196).degraded(to: .c16) == .ansi(9))
        #expect(Color.indexed(3).degraded(to: .c16) == .ansi(3))
        #expect(Color.indexed(21).degraded(to: .c16) == .ansi(4))
        #expect(Color.indexed(196).degraded(to: .c256) == .indexed(196))
    }

    @Test("ANSI and default colours survive every depth that has colour")
    func ansiAndDefault() {
        for depth in [ColorDepth.c16, .c256, .trueColor] {
            #expect(Color.ansi(5).degraded(to: depth) == .ansi(5))
            #expect(Color.default.degraded(to: depth) == .default)
        }
        #expect(Color.ansi(5).degraded(to: .none) == .default)
    }

    @Test("degrading never produces a colour the depth cannot show")
    func degradeStaysInDepth() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let c = Color.rgb(UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng), UInt8.random(in: 0...255, using: &rng))
            if case .indexed = c.degraded(to: .c256) {} else { Issue.record("\(c) to 256 gave \(c.degraded(to: .c256))") }
            if case .ansi(let n) = c.degraded(to: .c16) { #expect(n < 16) } else { Issue.record("\(c) to 16 gave \(c.degraded(to: .c16))") }
        }
    }

    @Test("the depth follows the terminal's colour count")
    func depthForCount() {
        #expect(ColorDepth.forColorCount(0) == .none)
        #expect(ColorDepth.forColorCount(2) == .none)
        #expect(ColorDepth.forColorCount(8) == .c16)
        #expect(ColorDepth.forColorCount(16) == .c16)
        #expect(ColorDepth.forColorCount(256) == .c256)
        #expect(ColorDepth.forColorCount(1 << 24) == .trueColor)
        #expect([ColorDepth.none, .c16, .c256, .trueColor].sorted() == [.none, .c16, .c256, .trueColor])
        #expect(ColorDepth.c16 < ColorDepth.c256)
    }

    @Test("rgbValue follows the xterm palette")
    func rgbValue() {
        func rgb(_ c: Color) -> [UInt8]? { c.rgbValue.map { [$0.0, $0.1, $0.2] } }
        #expect(rgb(.default) == nil)
        #expect(rgb(.ansi(9)) == [255, 0, 0])
        #expect(rgb(.rgb(1, 2, 3)) == [1, 2, 3])
        #expect(rgb(.indexed(16)) == [0, 0, 0])
        #expect(rgb(.indexed(231)) == [255, 255, 255])
        #expect(rgb(.indexed(232)) == [8, 8, 8])
        #expect(rgb(.indexed(255)) == [238, 238, 238])
    }
}

@Suite("Style")
struct StyleTests {
    @Test("adding attributes keeps the colours; on() replaces the background")
    func modifiers() {
        let s = Style(foreground: .ansi(1), background: .ansi(2), attributes: .bold)
        #expect(s.adding(.underline) == Style(foreground: .ansi(1), background: .ansi(2), attributes: [.bold, .underline]))
        #expect(s.on(.ansi(4)).background == .ansi(4))
        #expect(s.on(.ansi(4)).foreground == .ansi(1))
    }

    @Test("description reads like a theme file entry")
    func description() {
        #expect(Style(foreground: .ansi(1), background: .rgb(0, 0, 0), attributes: [.bold, .underline]).description == "bold underline red on #000000")
        #expect(Style.plain.description == "default")
    }
}
