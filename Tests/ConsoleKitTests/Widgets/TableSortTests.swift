import ConsoleKit
import Testing

/// The sort model every sortable table shares: `s` goes through the columns, `S` turns the order
/// round, a header click sorts by its column; the header marks the sorted column.
@Suite("Table sort")
struct TableSortTests {
    static let sort = TableSort([TableSort.Key(column: 1, name: "name"), TableSort.Key(column: 2, name: "count", descending: true)],
                                natural: TableSort.Key(column: 3, name: "started", descending: true), naturalLabel: ("newest first", "oldest first"))

    @Test("s goes through the sortable columns, then back to the natural order; the marker follows")
    func next() {
        var sort = Self.sort
        #expect(sort.key == nil && sort.markedColumn == 3 && sort.marker(column: 3) == "▼" && sort.label == "newest first")
        sort.next()
        #expect(sort.key?.name == "name" && sort.marker(column: 1) == "▲" && sort.marker(column: 3) == nil && sort.label == "by name")
        sort.next()
        #expect(sort.key?.name == "count" && sort.marker(column: 2) == "▼", "a count sorts largest first")
        sort.reverse()
        #expect(sort.marker(column: 2) == "▲" && sort.label == "by count (reversed)")
        sort.next()
        #expect(sort.key == nil && !sort.reversed && sort.label == "newest first", "after the last column, the natural order again, not reversed")
    }

    @Test("a header click sorts by its column, a second click turns it round, an unsortable column changes nothing")
    func click() {
        var sort = Self.sort
        #expect(sort.select(column: 2) && sort.key?.column == 2 && sort.isDescending)
        #expect(sort.select(column: 2) && sort.key?.column == 2 && !sort.isDescending && sort.reversed)
        #expect(sort.select(column: 1) && sort.key?.column == 1 && !sort.reversed, "another column starts the right way round")
        #expect(sort.select(column: 3) && sort.key == nil && sort.label == "newest first", "the natural order's column comes back to it")
        #expect(sort.select(column: 3) && sort.label == "oldest first")
        let before = sort
        #expect(!sort.select(column: 0) && sort == before)
    }

    @Test("equal ranks keep their first order; counts sort largest first")
    func stable() {
        #expect(TableSort.stableOrder(count: 6, ranks: [2, 1, 2, 1, 0, 1]) == [4, 1, 3, 5, 0, 2])
        #expect(TableSort.stableOrder(count: 3, ranks: [5_000_000, -5_000_000, 0]) == [1, 2, 0], "a wide span sorts by comparison")
        var sort = Self.sort
        _ = sort.select(column: 2)
        #expect(sort.order(count: 4, ranks: { _ in [1, 3, 3, 2] }) == [1, 2, 3, 0])
    }

    @Test("text ranks ignore case and read digits as numbers; missing numbers go last")
    func ranks() {
        let names = ["contact-10", "Contact-9", "alpha", "contact-9", "Beta"]
        let order = TableSort.stableOrder(count: names.count, ranks: SortRanks.text(names)).map { names[$0] }
        #expect(order == ["alpha", "Beta", "Contact-9", "contact-9", "contact-10"], "\(order)")
        #expect(SortRanks.numbers([400, nil, 201, 400]) == [1, 2, 0, 1])
    }

    @Test("TableOrder: a filter narrowed letter by letter keeps the sort; S turns the rows round; a reload keeps both")
    func order() {
        let rows = ["b finished", "a stopped", "c finished", "d finished"]
        var order = TableOrder(sort: Self.sort, texts: rows.map(PreparedFilter.haystack))
        let byName: (Int) -> [Int] = { _ in SortRanks.text(rows) }
        order.next(ranks: byName)
        #expect(order.shown == [1, 0, 2, 3])
        order.setFilter("fin")
        order.setFilter("fini")
        #expect(order.shown == [0, 2, 3])
        order.reverse()
        #expect(order.shown == [3, 2, 0])
        order.setFilter("fin")
        #expect(order.shown == [3, 2, 0], "a shorter filter keeps the reversed order")
        order.reload(texts: rows.map(PreparedFilter.haystack), ranks: byName)
        #expect(order.shown == [3, 2, 0] && order.sort.reversed)
        #expect(order.select(column: 1, ranks: byName) && order.shown == [0, 2, 3], "a click on the sorted column turns it round again")
    }
}
