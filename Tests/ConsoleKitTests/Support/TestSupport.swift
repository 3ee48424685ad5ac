import ConsoleKit

/// A small deterministic random number generator (SplitMix64) so property tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A theme whose roles are all different colours, so a style assertion can tell the roles apart.
enum TestTheme {
    static let roles = ThemeRoles(
        background: .indexed(16), foreground: .indexed(255), primary: .indexed(33), surface: .indexed(236),
        muted: .indexed(244), error: .indexed(196), warning: .indexed(214), success: .indexed(40))
    static let theme = Theme(name: "test", isDark: true, roles: roles)
}

extension ScreenBuffer {
    /// The cells of one row, for assertions about styles and widths.
    func cells(row y: Int) -> [Cell] { (0..<size.width).map { self[$0, y] } }

    /// Whether every wide cell is followed by its continuation and every continuation follows a wide cell.
    var wideCharactersAreWhole: Bool {
        for y in 0..<size.height {
            for x in 0..<size.width {
                let cell = self[x, y]
                if cell.width == 2 && (x + 1 >= size.width || !self[x + 1, y].isContinuation) { return false }
                if cell.isContinuation && (x == 0 || self[x - 1, y].width != 2) { return false }
            }
        }
        return true
    }
}

/// A buffer pre-filled with a visible character, so tests can see which cells a widget touched.
func dottedBuffer(width: Int, height: Int) -> ScreenBuffer {
    ScreenBuffer(size: Size(width: width, height: height), fill: Cell(".", style: .plain, width: 1))
}
