/// A rectangle of terminal cells: origin at the top-left, sizes in columns and rows.
public struct Rect: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

    public var size: Size { Size(width: width, height: height) }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }
    public var description: String { "(\(x),\(y) \(width)x\(height))" }

    /// Whether the cell at column `px`, row `py` lies inside.
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }

    /// The rectangle shrunk by the given margins on each side.
    public func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top, width: width - left - right, height: height - top - bottom)
    }

    /// The rectangle shrunk by `n` on every side.
    public func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// The overlap of two rectangles (empty when they do not meet).
    public func intersection(_ other: Rect) -> Rect {
        let nx = max(x, other.x), ny = max(y, other.y)
        return Rect(x: nx, y: ny, width: min(maxX, other.maxX) - nx, height: min(maxY, other.maxY) - ny)
    }

    /// Takes `rows` rows off the top: returns (top, rest).
    public func splitTop(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: r), Rect(x: x, y: y + r, width: width, height: height - r))
    }

    /// Takes `rows` rows off the bottom: returns (rest, bottom).
    public func splitBottom(_ rows: Int) -> (Rect, Rect) {
        let r = min(max(0, rows), height)
        return (Rect(x: x, y: y, width: width, height: height - r), Rect(x: x, y: maxY - r, width: width, height: r))
    }

    /// Takes `columns` columns off the left: returns (left, rest).
    public func splitLeft(_ columns: Int) -> (Rect, Rect) {
        let c = min(max(0, columns), width)
        return (Rect(x: x, y: y, width: c, height: height), Rect(x: x + c, y: y, width: width - c, height: height))
    }

    /// A rectangle of at most the given size, centred inside this one.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// Splits the width into columns by the given constraints.
    public func columns(_ constraints: [LayoutConstraint], spacing: Int = 0) -> [Rect] {
        let widths = LayoutConstraint.solve(constraints, total: width, spacing: spacing)
        var cx = x
        return widths.map { w in
            defer { cx += w + spacing }
            return Rect(x: cx, y: y, width: w, height: height)
        }
    }

    /// Splits the height into rows by the given constraints.
    public func rows(_ constraints: [LayoutConstraint], spacing: Int = 0) -> [Rect] {
        let heights = LayoutConstraint.solve(constraints, total: height, spacing: spacing)
        var cy = y
        return heights.map { h in
            defer { cy += h + spacing }
            return Rect(x: x, y: cy, width: width, height: h)
        }
    }
}

/// A terminal size in columns and rows.
public struct Size: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)x\(height)" }
}

/// How much of a row or column a layout slot takes.
public enum LayoutConstraint: Sendable, Equatable {
    /// Exactly this many cells (shrunk only when there is not enough room).
    case fixed(Int)
    /// A share of what is left after fixed and minimum slots, by weight.
    case fill(Int)
    /// A percentage of the whole.
    case percent(Int)
    /// A share of what is left, but never fewer than this many cells when room allows.
    case min(Int)

    /// The sizes for `constraints` in `total` cells with `spacing` between slots; they never exceed `total`.
    public static func solve(_ constraints: [LayoutConstraint], total: Int, spacing: Int = 0) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        var remaining = max(0, total - spacing * (constraints.count - 1))
        var sizes = Array(repeating: 0, count: constraints.count)
        for (i, c) in constraints.enumerated() {
            switch c {
            case .fixed(let n): sizes[i] = Swift.min(Swift.max(0, n), remaining); remaining -= sizes[i]
            case .percent(let p): sizes[i] = Swift.min(Swift.max(0, total) * Swift.max(0, p) / 100, remaining); remaining -= sizes[i]
            case .min(let n): sizes[i] = Swift.min(Swift.max(0, n), remaining); remaining -= sizes[i]
            case .fill: break
            }
        }
        let weights = constraints.map { c -> Int in
            switch c {
            case .fill(let w): return Swift.max(1, w)
            case .min: return 1
            default: return 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0, remaining > 0 {
            var given = 0
            let lastWeighted = weights.lastIndex { $0 > 0 }!
            for i in weights.indices where weights[i] > 0 {
                let share = i == lastWeighted ? remaining - given : remaining * weights[i] / totalWeight
                sizes[i] += share
                given += share
            }
        }
        return sizes
    }
}
