import ConsoleKit
import Testing

@Suite("TableView")
struct TableViewTests {
    let theme = TestTheme.theme
    // In 21 columns: one is kept for the scrollbar, Name gets 14, a space, Count gets 5.
    let table = TableView(columns: [TableColumn("Name", width: .fill(1)), TableColumn("Count", width: .fixed(5), alignRight: true)])

    func render(_ rows: [[String]], selected: Int = 0, width: Int = 21) -> ScreenBuffer {
        var state = ListState(count: rows.count)
        state.select(selected)
        var buffer = ScreenBuffer(size: Size(width: width, height: rows.count + 1))
        table.render(state: &state, in: buffer.bounds, buffer: &buffer, theme: theme) { i in
            rows[i].map { [Span($0, theme.style(.text))] }
        }
        return buffer
    }

    @Test("the header shows the column titles, aligned like their columns, in the header style")
    func header() {
        let buffer = render([["Alice", "42"]])
        #expect(buffer.text(row: 0) == "Name" + String(repeating: " ", count: 11) + "Count ")
        #expect(buffer.style(of: "Name") == theme.style(.tableHeader))
        #expect(buffer.style(of: "Count") == theme.style(.tableHeader))
    }

    @Test("cells line up under their headers; right-aligned columns align right")
    func alignment() {
        let buffer = render([["Alice", "42"], ["Bob", "1234"]], selected: 1)
        #expect(buffer.text(row: 1) == "Alice" + String(repeating: " ", count: 10) + "   42 ")
        #expect(buffer.text(row: 2) == "Bob" + String(repeating: " ", count: 12) + " 1234 ")
    }

    @Test("a cell too long for its column is cut with … and does not push the next column")
    func truncation() {
        let buffer = render([["Bartholomew Fitzgerald", "123456789"]])
        #expect(buffer.text(row: 1) == "Bartholomew F… 1234… ")
    }

    @Test("wide characters are cut by columns")
    func wideCells() throws {
        let buffer = render([["日本語のテキストです", "7"]])
        let row = buffer.text(row: 1)
        #expect(row.hasPrefix("日本語のテキ"))
        let ellipsis = try #require(row.range(of: "…"))
        #expect(CharacterWidth.of(String(row[..<ellipsis.lowerBound])) == 13, "the … ends the Name column")
        #expect(CharacterWidth.of(row) == 21)
        #expect(row.hasSuffix("    7 "))
    }

    @Test("the selected row is highlighted across all columns")
    func selection() {
        let buffer = render([["Alice", "42"], ["Bob", "7"]], selected: 1)
        for x in 0..<20 { #expect(buffer[x, 2].style == theme.style(.selection), "column \(x)") }
        #expect(buffer[0, 1].style == theme.style(.text))
    }

    @Test("a row with missing cells is still drawn in the theme's colours")
    func missingCells() {
        let buffer = render([["Alice"], ["Bob", "7"]], selected: 1)
        #expect(buffer.text(row: 1).hasPrefix("Alice "))
        for x in 0..<20 {
            #expect(buffer[x, 1].style.background == theme.roles.background, "column \(x)")
        }
    }

    @Test("an empty table shows the header and the empty message")
    func empty() {
        var state = ListState()
        var buffer = ScreenBuffer(size: Size(width: 30, height: 3))
        TableView(columns: table.columns, emptyMessage: "No records").render(state: &state, in: buffer.bounds, buffer: &buffer, theme: theme) { _ in [] }
        #expect(buffer.text(row: 0).hasPrefix("Name"))
        #expect(buffer.text(row: 1).contains("No records"))
    }
}
