import ConsoleKit
import Testing

@Suite("ListView")
struct ListViewTests {
    let theme = TestTheme.theme

    func render(_ state: inout ListState, rect: Rect, width: Int = 20, height: Int = 10, focused: Bool = true,
                empty: String = "Nothing to show") -> ScreenBuffer {
        var buffer = ScreenBuffer(size: Size(width: width, height: height))
        ListView(emptyMessage: empty, focused: focused).render(state: &state, in: rect, buffer: &buffer, theme: theme) { i in
            [Span("item \(i)", theme.style(.text))]
        }
        return buffer
    }

    @Test("only the visible rows are asked for, even in a list of 100,000")
    func virtualised() {
        var state = ListState(count: 100_000)
        state.select(50_000)
        var buffer = ScreenBuffer(size: Size(width: 30, height: 12))
        var requested: [Int] = []
        let rect = Rect(x: 0, y: 1, width: 30, height: 10)
        ListView().render(state: &state, in: rect, buffer: &buffer, theme: theme) { i in
            requested.append(i)
            return [Span("row \(i)", .plain)]
        }
        #expect(requested.count <= rect.height)
        #expect(requested.contains(50_000))
        #expect(buffer.contains("row 50000"))
        #expect(Set(requested).count == requested.count)
        #expect(requested.allSatisfy { $0 >= state.offset && $0 < state.offset + rect.height })
    }

    @Test("rows are drawn from the scroll offset, one per line")
    func rowsFromOffset() {
        var state = ListState(count: 30)
        state.select(12)
        let buffer = render(&state, rect: Rect(x: 0, y: 0, width: 20, height: 5), height: 5)
        #expect(buffer.text(row: 4).hasPrefix("item 12"))
        #expect(buffer.text(row: 0).hasPrefix("item 8"))
    }

    @Test("the selected row is drawn in the selection style across its width; others in the text style")
    func selectionStyle() {
        var state = ListState(count: 5)
        state.select(2)
        let buffer = render(&state, rect: Rect(x: 0, y: 0, width: 20, height: 5), height: 5)
        for x in 0..<20 {
            #expect(buffer[x, 2].style == theme.style(.selection), "column \(x)")
            #expect(buffer[x, 1].style == theme.style(.text), "column \(x)")
        }
    }

    @Test("an unfocused list shows the selection in the inactive style")
    func inactiveSelection() {
        var state = ListState(count: 5)
        let buffer = render(&state, rect: Rect(x: 0, y: 0, width: 20, height: 5), height: 5, focused: false)
        #expect(buffer.style(of: "item 0") == theme.style(.selectionInactive))
    }

    @Test("a list longer than the view has a scrollbar whose thumb follows the position")
    func scrollbar() {
        var state = ListState(count: 100)
        let rect = Rect(x: 0, y: 0, width: 20, height: 10)
        var buffer = render(&state, rect: rect)
        let column = { (b: ScreenBuffer) in (0..<10).map { b[19, $0].text } }
        #expect(column(buffer).first == "┃")
        #expect(column(buffer).dropFirst().allSatisfy { $0 == "│" })
        #expect(buffer.style(of: "┃") == theme.style(.title))
        state.end()
        buffer = render(&state, rect: rect)
        #expect(column(buffer).last == "┃")
        #expect(column(buffer).dropLast().allSatisfy { $0 == "│" })
    }

    @Test("the scrollbar takes a column from the rows, so text never runs under it")
    func scrollbarColumnReserved() {
        var state = ListState(count: 100)
        var buffer = ScreenBuffer(size: Size(width: 10, height: 3))
        ListView().render(state: &state, in: Rect(x: 0, y: 0, width: 10, height: 3), buffer: &buffer, theme: theme) { _ in
            [Span("a long row of text", .plain)]
        }
        #expect(buffer.text(row: 1) == "a long r…│")
    }

    @Test("a list that fits has no scrollbar")
    func noScrollbar() {
        var state = ListState(count: 3)
        let buffer = render(&state, rect: Rect(x: 0, y: 0, width: 20, height: 10))
        #expect(!buffer.contains("│"))
        #expect(!buffer.contains("┃"))
    }

    @Test("an empty list shows its message in the muted style")
    func emptyMessage() {
        var state = ListState(count: 0)
        let buffer = render(&state, rect: Rect(x: 0, y: 0, width: 20, height: 5), empty: "No connectors")
        #expect(buffer.text(row: 0) == " No connectors      ")
        #expect(buffer.style(of: "No connectors") == theme.style(.muted))
    }

    @Test("rows too long for the width end with …")
    func longRows() {
        var state = ListState(count: 1)
        var buffer = ScreenBuffer(size: Size(width: 10, height: 1))
        ListView().render(state: &state, in: buffer.bounds, buffer: &buffer, theme: theme) { _ in
            [Span("abc", theme.style(.text)), Span("defghijkl", theme.style(.match))]
        }
        #expect(buffer.text(row: 0) == "abcdefghi…")
    }

    @Test("drawing stays inside the rectangle")
    func staysInside() {
        var state = ListState(count: 100)
        var buffer = dottedBuffer(width: 20, height: 10)
        ListView().render(state: &state, in: Rect(x: 2, y: 2, width: 10, height: 4), buffer: &buffer, theme: theme) { i in
            [Span("row \(i) with a long tail", .plain)]
        }
        #expect(buffer.text(row: 1) == String(repeating: ".", count: 20))
        #expect(buffer.text(row: 6) == String(repeating: ".", count: 20))
        for y in 2..<6 {
            #expect(buffer.text(row: y).hasPrefix(".."))
            #expect(buffer.text(row: y).hasSuffix("........"))
        }
    }
}
