/// A terminal colour as themes describe it; backends degrade it to what the terminal can show.
public enum Color: Sendable, Hashable, CustomStringConvertible {
    /// The terminal's own default foreground or background.
    case `default`
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(UInt8)
    /// One of the 256 indexed colours.
    case indexed(UInt8)
    /// A 24-bit colour.
    case rgb(UInt8, UInt8, UInt8)

    /// The 16 ANSI colour names themes may use, in index order.
    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
        "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    public var description: String {
        switch self {
        case .default: return "default"
        case .ansi(let n): return Color.ansiNames[Int(n) & 15]
        case .indexed(let n): return "color(\(n))"
        case .rgb(let r, let g, let b):
            return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        }
    }

    /// Parses `#rrggbb`, `color(N)`, an ANSI name (also `grey`/`gray` for bright-black) or `default`.
    public init?(parsing text: String) {
        let t = text.lowercased()
        if t == "default" { self = .default; return }
        if t.hasPrefix("#"), t.count == 7, t.dropFirst().allSatisfy(\.isHexDigit), let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
            return
        }
        if t.hasPrefix("color("), t.hasSuffix(")"), let n = UInt8(t.dropFirst(6).dropLast()) {
            self = .indexed(n)
            return
        }
        let name = t.replacingOccurrences(of: "_", with: "-")
        if name == "grey" || name == "gray" { self = .ansi(8); return }
        if let i = Color.ansiNames.firstIndex(of: name) { self = .ansi(UInt8(i)); return }
        return nil
    }

    /// The RGB value this colour stands for (the xterm palette for indexed and ANSI colours).
    public var rgbValue: (UInt8, UInt8, UInt8)? {
        switch self {
        case .default: return nil
        case .rgb(let r, let g, let b): return (r, g, b)
        case .ansi(let n): return Color.xtermRGB(Int(n & 15))
        case .indexed(let n): return Color.xtermRGB(Int(n))
        }
    }

    /// This colour reduced to what a terminal of the given depth can show.
    public func degraded(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (_, .none), (.default, _): return .default
        case (_, .trueColor): return self
        case (.rgb(let r, let g, let b), .c256): return .indexed(Color.nearest256(r, g, b))
        case (.rgb, .c16), (.indexed, .c16):
            guard let (r, g, b) = rgbValue else { return .default }
            if case .indexed(let n) = self, n < 16 { return .ansi(n) }
            return .ansi(Color.nearest16(r, g, b))
        case (.ansi, _), (.indexed, _): return self
        }
    }

    // MARK: - Palettes

    static func xtermRGB(_ index: Int) -> (UInt8, UInt8, UInt8) {
        let base16: [(UInt8, UInt8, UInt8)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
            (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return base16[index] }
        if index < 232 {
            let i = index - 16
            let steps: [UInt8] = [0, 95, 135, 175, 215, 255]
            return (steps[i / 36], steps[(i / 6) % 6], steps[i % 6])
        }
        let g = UInt8(8 + (index - 232) * 10)
        return (g, g, g)
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 16, bestDistance = Int.max
        for i in 16..<256 {
            let d = distance(xtermRGB(i), (r, g, b))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 0, bestDistance = Int.max
        for i in 0..<16 {
            let d = distance(xtermRGB(i), (r, g, b))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        // Weighted for the eye's sensitivity to green.
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }
}

/// How many colours a terminal can show.
public enum ColorDepth: Sendable, Equatable, Comparable {
    case none, c16, c256, trueColor

    /// The depth for a terminal that reports `colors` colours (ncurses `COLORS`).
    public static func forColorCount(_ colors: Int) -> ColorDepth {
        if colors >= 1 << 24 { return .trueColor }
        if colors >= 256 { return .c256 }
        if colors >= 8 { return .c16 }
        return .none
    }
}

extension String {
    func leftPadded(to n: Int, with c: Character = "0") -> String {
        count >= n ? self : String(repeating: c, count: n - count) + self
    }
}
