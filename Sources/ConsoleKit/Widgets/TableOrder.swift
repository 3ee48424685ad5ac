/// The rows a table shows, in order: filtered by a `/` query and sorted by a `TableSort`, kept
/// as indices into the screen's own rows and made again only when the filter, the sort or the
/// rows change — so keys stay fast on 100,000 rows.
///
/// The screen owns the rows; it gives each row's filter text (`PreparedFilter.haystack`) and,
/// when sorting, each row's rank for a column (`SortRanks`).
public struct TableOrder: Sendable, Equatable {
    /// The sort (what `s`, `S` and a header click change).
    public private(set) var sort: TableSort
    /// The indices of the rows shown, in order.
    public private(set) var shown: [Int]
    /// Every index in the sort's order, not reversed, not filtered.
    private var sorted: [Int]
    /// The filter `shown` was made with.
    private var applied = PreparedFilter("")
    /// Each row's text for the filter, lowercased UTF-8, made once per load.
    private var texts: [[UInt8]]

    /// Rows with these filter texts, in their natural order.
    public init(sort: TableSort, texts: [[UInt8]]) {
        self.sort = sort
        self.texts = texts
        sorted = Array(texts.indices)
        shown = sorted
    }

    /// How many rows pass the filter.
    public var count: Int { shown.count }
    /// Whether a filter is applied.
    public var isFiltered: Bool { !applied.isEmpty }

    /// The row index shown at `position`, if there is one.
    public func row(at position: Int) -> Int? { shown.indices.contains(position) ? shown[position] : nil }

    /// New rows (a reload): their filter texts and ranks; the filter and the sort are kept.
    public mutating func reload(texts: [[UInt8]], ranks: (Int) -> [Int]) {
        self.texts = texts
        resort(ranks: ranks)
    }

    /// Filters by `query` (every word must occur); a word typed onto the end only looks at the
    /// rows shown now, which are already in order.
    public mutating func setFilter(_ query: String) {
        let next = PreparedFilter(query)
        let narrowing = applied.isNarrowed(by: next)
        applied = next
        refilter(narrowing: narrowing)
    }

    /// `s`: sorts by the next column.
    public mutating func next(ranks: (Int) -> [Int]) {
        sort.next()
        resort(ranks: ranks)
    }

    /// `S`: the order turned round (the sort is not made again).
    public mutating func reverse() {
        sort.reverse()
        shown.reverse()
    }

    /// A header click on `column`; false when it does not sort.
    public mutating func select(column: Int, ranks: (Int) -> [Int]) -> Bool {
        let before = sort
        guard sort.select(column: column) else { return false }
        if before.key == sort.key, before.reversed != sort.reversed {
            shown.reverse()
        } else {
            resort(ranks: ranks)
        }
        return true
    }

    /// Sorts every row again by the sort's column, then filters.
    public mutating func resort(ranks: (Int) -> [Int]) {
        sorted = sort.order(count: texts.count, ranks: ranks)
        refilter(narrowing: false)
    }

    private mutating func refilter(narrowing: Bool) {
        let filter = applied
        let base = narrowing ? shown : (sort.reversed ? sorted.reversed() : sorted)
        shown = filter.isEmpty ? base : base.filter { filter.matches(texts[$0]) }
    }
}
