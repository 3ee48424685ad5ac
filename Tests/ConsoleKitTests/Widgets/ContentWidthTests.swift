import ConsoleKit
import Foundation
import Testing

/// Issue 24, finding 7: columns sized from their content and the terminal, paths cut in the
/// middle keeping their end.
@Suite("Widths from content (issue 24, finding 7)")
struct ContentWidthTests {
    let theme = TestTheme.theme

    @Test("a path too long is cut in the middle and keeps its last segments")
    func middleCut() {
        let path = "POST /services/data/v62.0/sobjects/Contact"
        let cut = TextLayout.truncateMiddle(path, to: 34)
        #expect(CharacterWidth.of(cut) <= 34)
        #expect(cut.hasPrefix("POST /services/") && cut.hasSuffix("/sobjects/Contact") && cut.contains("…"), "\(cut)")
        #expect(TextLayout.truncateMiddle(path, to: 80) == path, "what fits is not cut")
        #expect(TextLayout.truncateMiddle("日本語のとても長いパスの名前です", to: 9).hasSuffix("です"))
        for width in 0...12 { #expect(CharacterWidth.of(TextLayout.truncateMiddle(path, to: width)) <= width) }
    }

    @Test("columns take their content's width and the widest gets the spare room")
    func spareToWidest() {
        let columns = [TableColumn("Id", width: .fixed(20)), TableColumn("Name", width: .fill(1)), TableColumn("Problem", width: .fill(3))]
        let widths = TableView.contentWidths(columns, natural: [8, 12, 40], total: 120)
        #expect(widths == [8, 12, 98], "\(widths)")
    }

    @Test("when the content does not fit, droppable columns go first, then the widest columns give way")
    func narrow() {
        let columns = [TableColumn("Run", width: .fixed(20)), TableColumn("Status", width: .fixed(11)), TableColumn("Action", width: .fill(2)),
                       TableColumn("Started", width: .fixed(19), droppable: true), TableColumn("Took", width: .fixed(10), droppable: true)]
        let widths = TableView.contentWidths(columns, natural: [20, 11, 40, 19, 6], total: 79)
        #expect(widths[3] == 0 && widths[4] == 0, "\(widths)")
        #expect(widths[0] == 20 && widths[1] == 11, "run and status stay whole: \(widths)")
        #expect(widths.reduce(0, +) + 2 <= 79)
        #expect(widths[2] == 79 - 2 - 31)
    }

    @Test("a table sized by content draws the widest value whole at 200 columns, and a middle-cut column keeps its end at 60")
    func tableDraws() {
        let columns = [TableColumn("Id", width: .fixed(6)), TableColumn("Request", width: .fill(1), cutsMiddle: true)]
        let rows = [["c1", "POST /services/data/v62.0/sobjects/Contact"], ["c2", "GET /crm/v3/objects/contacts/{contactId}/associations/companies"]]
        for (width, whole) in [(200, true), (40, false)] {
            var buffer = ScreenBuffer(size: Size(width: width, height: 3))
            var state = ListState(count: rows.count)
            TableView(columns: columns, sizedByContent: true).render(state: &state, in: buffer.bounds, buffer: &buffer, theme: theme) { i in
                rows[i].map { [Span($0, .plain)] }
            }
            let text = buffer.plainText
            if whole {
                #expect(text.contains(rows[1][1]), "\(text)")
            } else {
                #expect(text.contains("/sobjects/Contact") && text.contains("…"), "\(text)")
            }
        }
    }

    @Test("a tree's detail column is as wide as its widest detail when there is room; a longer one keeps its end")
    func treeDetail() {
        let path = "POST /services/data/v62.0/sobjects/Contact"
        let nodes = [TreeNode(id: "a", label: [Span("createContact", .plain)], detail: [Span(path, .plain)])]
        var state = TreeState()
        var wide = ScreenBuffer(size: Size(width: 200, height: 1))
        TreeView(detailWidth: 34).render(roots: nodes, state: &state, in: wide.bounds, buffer: &wide, theme: theme)
        #expect(wide.text(row: 0).contains(path), "\(wide.text(row: 0))")
        var narrow = ScreenBuffer(size: Size(width: 60, height: 1))
        TreeView(detailWidth: 34).render(roots: nodes, state: &state, in: narrow.bounds, buffer: &narrow, theme: theme)
        let row = narrow.text(row: 0).trimmingCharacters(in: .whitespaces)
        #expect(row.contains("createContact") && row.hasSuffix("/sobjects/Contact") && row.contains("…"), "\(row)")
    }

    @Test("at 200 columns a wide column before counts takes only a little spare room, so the counts stay near it; the last column takes the rest")
    func spareCapped() {
        let columns = [TableColumn("Run", width: .fixed(20)), TableColumn("Action", width: .fill(2)), TableColumn("Total", width: .fixed(6), alignRight: true)]
        let widths = TableView.contentWidths(columns, natural: [20, 21, 5], total: 199)
        #expect(widths == [20, 21 + TableView.spareCap, 5], "\(widths)")
        let last = [TableColumn("Id", width: .fixed(20)), TableColumn("Connections", width: .fill(1))]
        #expect(TableView.contentWidths(last, natural: [8, 30], total: 199) == [8, 190])
    }

    @Test("a column left out stays out when not even the minimums fit")
    func droppedStaysOut() {
        let columns = [TableColumn("Tries", width: .fixed(10), droppable: true), TableColumn("A title thirty columns wide...", width: .fill(1))]
        let widths = TableView.contentWidths(columns, natural: [10, 30], total: 25)
        #expect(widths == [0, 25], "\(widths)")
    }

    @Test("the sorted column's title carries its arrow; a click on a title hits its column, one below the rows nothing")
    func sortMarkerAndHit() {
        let columns = [TableColumn("Id", width: .fixed(6)), TableColumn("Name", width: .fill(1))]
        var sort = TableSort([TableSort.Key(column: 1, name: "name")])
        sort.next()
        let rows = [["c1", "Ada"], ["c2", "Bob"]]
        let table = TableView(columns: columns, sizedByContent: true, sort: sort)
        let cells: (Int) -> [[Span]] = { i in rows[i].map { [Span($0, .plain)] } }
        var buffer = ScreenBuffer(size: Size(width: 40, height: 5))
        var state = ListState(count: rows.count)
        table.render(state: &state, in: buffer.bounds, buffer: &buffer, theme: theme, cells: cells)
        #expect(buffer.text(row: 0).hasPrefix("Id Name ▲"), "\(buffer.text(row: 0))")
        #expect(table.hit(x: 0, y: 0, state: state, in: buffer.bounds, cells: cells) == .header(column: 0))
        #expect(table.hit(x: 5, y: 0, state: state, in: buffer.bounds, cells: cells) == .header(column: 1))
        #expect(table.hit(x: 2, y: 0, state: state, in: buffer.bounds, cells: cells) == nil, "between columns")
        #expect(table.hit(x: 4, y: 2, state: state, in: buffer.bounds, cells: cells) == .row(1))
        #expect(table.hit(x: 4, y: 3, state: state, in: buffer.bounds, cells: cells) == nil, "below the rows")
    }
}
