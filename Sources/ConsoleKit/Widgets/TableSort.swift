/// How a table's rows are sorted: by one of its sortable columns, or in their natural order,
/// each way round. `s` (`next`) goes to the next sortable column and after the last back to the
/// natural order; `S` (`reverse`) turns the order round; a click on a header (`select`) sorts by
/// that column, and a second click on it turns the order round.
///
/// The sorted column's header carries `▲` (smallest first) or `▼` (largest first), as `marker` says.
public struct TableSort: Sendable, Equatable {
    /// A column the rows can be sorted by.
    public struct Key: Sendable, Equatable {
        /// The column's index in the table.
        public var column: Int
        /// The column's name as the flash line says it ("status").
        public var name: String
        /// Whether the first sort by it puts the largest value first (counts, durations, ages).
        public var descending: Bool

        public init(column: Int, name: String, descending: Bool = false) {
            self.column = column
            self.name = name
            self.descending = descending
        }
    }

    /// The sortable columns, in the order `s` goes through them.
    public let keys: [Key]
    /// The column the natural order follows (History's Started, newest first), when there is one:
    /// its header is marked while no other column is chosen, and a click on it comes back to it.
    public let natural: Key?
    /// How the natural order is said ("newest first") and, turned round, ("oldest first").
    public let naturalLabel: (forward: String, reversed: String)
    /// The position in `keys` of the column sorted by; nil: the natural order.
    public private(set) var current: Int?
    /// Whether the order is turned round (`S`).
    public private(set) var reversed = false

    public init(_ keys: [Key], natural: Key? = nil, naturalLabel: (forward: String, reversed: String) = ("in their first order", "in reverse order")) {
        self.keys = keys
        self.natural = natural
        self.naturalLabel = naturalLabel
    }

    public static func == (a: TableSort, b: TableSort) -> Bool {
        a.keys == b.keys && a.natural == b.natural && a.current == b.current && a.reversed == b.reversed
            && a.naturalLabel.forward == b.naturalLabel.forward && a.naturalLabel.reversed == b.naturalLabel.reversed
    }

    /// The key sorted by now; nil: the natural order.
    public var key: Key? { current.map { keys[$0] } }

    /// The column whose header is marked, if any.
    public var markedColumn: Int? { (key ?? natural)?.column }

    /// Whether the marked column's largest value comes first.
    public var isDescending: Bool { ((key ?? natural)?.descending ?? false) != reversed }

    /// The header marker of `column`: `▲` or `▼` on the marked column, nil elsewhere.
    public func marker(column: Int) -> String? {
        column == markedColumn ? (isDescending ? "▼" : "▲") : nil
    }

    /// `s`: the next sortable column, and after the last the natural order; not reversed.
    public mutating func next() {
        if let current { self.current = current + 1 < keys.count ? current + 1 : nil } else { current = keys.isEmpty ? nil : 0 }
        reversed = false
    }

    /// `S`: the same column the other way round.
    public mutating func reverse() { reversed.toggle() }

    /// A click on `column`'s header: sorts by it, or turns the order round when it is sorted by
    /// it already; false when the column does not sort (nothing changes).
    @discardableResult
    public mutating func select(column: Int) -> Bool {
        if column == markedColumn {
            reversed.toggle()
            return true
        }
        if let natural, natural.column == column {
            current = nil
            reversed = false
            return true
        }
        guard let i = keys.firstIndex(where: { $0.column == column }) else { return false }
        current = i
        reversed = false
        return true
    }

    /// The order as words: "by status", "by status (reversed)", or the natural order's label.
    public var label: String {
        guard let key else { return reversed ? naturalLabel.reversed : naturalLabel.forward }
        return "by \(key.name)\(reversed ? " (reversed)" : "")"
    }

    /// The rows' indices in the order of the key sorted by (not reversed): `ranks(column)` gives
    /// each row's place for that column as an integer, smaller first (ties keep the natural
    /// order); a column sorted largest first has its ranks negated here.
    public func order(count: Int, ranks: (Int) -> [Int]) -> [Int] {
        guard let key else { return Array(0..<count) }
        var r = ranks(key.column)
        if key.descending { r = r.map { -$0 } }
        return Self.stableOrder(count: count, ranks: r)
    }

    /// The indices 0..<count ordered by `ranks`, equal ranks in index order: a counting sort when
    /// the ranks span little (states, names, counts), else a comparison sort.
    public static func stableOrder(count: Int, ranks: [Int]) -> [Int] {
        guard count > 0, let low = ranks.min(), let high = ranks.max() else { return [] }
        let span = high - low
        guard span < 4_000_000 else {
            return (0..<count).sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        }
        var starts = [Int](repeating: 0, count: span + 2)
        for r in ranks { starts[r - low + 1] += 1 }
        for i in 1..<starts.count { starts[i] += starts[i - 1] }
        var out = [Int](repeating: 0, count: count)
        for (i, r) in ranks.enumerated() {
            out[starts[r - low]] = i
            starts[r - low] += 1
        }
        return out
    }
}

/// Ranks for `TableSort.order`: each row's place among the values of one column.
public enum SortRanks {
    /// Text compared without case, digits as numbers ("contact-9" before "contact-10"); equal
    /// texts share a rank. Each distinct text is compared once, so 100,000 rows of a few states
    /// cost a few comparisons.
    public static func text(_ values: [String]) -> [Int] {
        var distinct: [String: Int] = [:]
        var keys: [String] = []
        var ids = [Int](repeating: 0, count: values.count)
        for (i, v) in values.enumerated() {
            if let id = distinct[v] { ids[i] = id; continue }
            distinct[v] = keys.count
            ids[i] = keys.count
            keys.append(v)
        }
        let folded = keys.map { NaturalText($0) }
        let sorted = folded.indices.sorted { folded[$0] < folded[$1] }
        var rank = [Int](repeating: 0, count: keys.count)
        var r = 0
        for (n, k) in sorted.enumerated() {
            if n > 0, folded[sorted[n - 1]] < folded[k] { r += 1 }
            rank[k] = r
        }
        return ids.map { rank[$0] }
    }

    /// Numbers, smaller first; a missing value (nil) goes after every number.
    public static func numbers(_ values: [Int?]) -> [Int] {
        let present = Set(values.compactMap { $0 }).sorted()
        let rank = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        return values.map { $0.flatMap { rank[$0] } ?? present.count }
    }
}

/// A text as the table sorts it: lowercased, runs of digits compared as numbers.
struct NaturalText: Comparable {
    enum Part: Comparable {
        case number(Int, String)
        case text(String)

        static func < (a: Part, b: Part) -> Bool {
            switch (a, b) {
            case let (.number(x, sx), .number(y, sy)): return x != y ? x < y : sx < sy
            case (.number, .text): return true
            case (.text, .number): return false
            case let (.text(x), .text(y)): return x < y
            }
        }
    }

    let parts: [Part]

    init(_ text: String) {
        var parts: [Part] = []
        var digits = "", letters = ""
        for c in text.lowercased() {
            if c.isASCII, c.isNumber {
                if !letters.isEmpty { parts.append(.text(letters)); letters = "" }
                digits.append(c)
            } else {
                if !digits.isEmpty { parts.append(.number(Int(digits.prefix(18)) ?? 0, digits)); digits = "" }
                letters.append(c)
            }
        }
        if !digits.isEmpty { parts.append(.number(Int(digits.prefix(18)) ?? 0, digits)) }
        if !letters.isEmpty { parts.append(.text(letters)) }
        self.parts = parts
    }

    static func < (a: NaturalText, b: NaturalText) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
}
