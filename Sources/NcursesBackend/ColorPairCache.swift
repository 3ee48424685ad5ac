import CNcursesw
import ConsoleKit

/// Allocates ncurses colour pairs lazily, one per (foreground, background) actually drawn,
/// after degrading theme colours to what the terminal can show.
struct ColorPairCache {
    private let depth: ColorDepth
    private let colorCount: Int
    private let maxPairs: Int
    private var pairs: [ColorKey: Int16] = [:]
    private var next: Int16 = 1
    /// Each colour's number at this depth, worked out once: degrading a true colour searches the
    /// 256-colour palette, which per cell made a full repaint (the `:` command list) take half a
    /// second in a debug build and delayed the keys typed after it.
    private var numbers: [Color: Int16] = [:]

    private struct ColorKey: Hashable {
        var fg: Int16
        var bg: Int16
    }

    init(depth: ColorDepth, colorCount: Int, maxPairs: Int) {
        self.depth = depth
        self.colorCount = colorCount
        self.maxPairs = maxPairs
    }

    /// The ncurses attributes and pair number for a style.
    mutating func attributes(for style: Style) -> (attr_t, Int16) {
        var attrs = cnc_a_normal()
        let a = style.attributes
        if a.contains(.bold) { attrs |= cnc_a_bold() }
        if a.contains(.dim) { attrs |= cnc_a_dim() }
        if a.contains(.underline) { attrs |= cnc_a_underline() }
        if a.contains(.reverse) { attrs |= cnc_a_reverse() }
        if a.contains(.italic) { attrs |= cnc_a_italic() }
        guard depth != .none else { return (attrs, 0) }
        let key = ColorKey(fg: cachedNumber(style.foreground), bg: cachedNumber(style.background))
        if key.fg == -1 && key.bg == -1 { return (attrs, 0) }
        if let pair = pairs[key] { return (attrs, pair) }
        guard Int(next) < maxPairs else { return (attrs, 0) }
        let pair = next
        next += 1
        init_pair(pair, key.fg, key.bg)
        pairs[key] = pair
        return (attrs, pair)
    }

    private mutating func cachedNumber(_ color: Color) -> Int16 {
        if let known = numbers[color] { return known }
        let n = number(color)
        numbers[color] = n
        return n
    }

    private func number(_ color: Color) -> Int16 {
        switch color.degraded(to: depth == .trueColor ? .c256 : depth) {
        case .default: return -1
        case .ansi(let n): return Int16(colorCount >= 16 ? n : n & 7)
        case .indexed(let n): return Int16(n)
        case .rgb: return -1
        }
    }
}
