import ConsoleKit
import Testing

/// A model of how a real terminal treats wide characters: printing over either half of one
/// erases the whole character. Backends skip continuation cells, so this is what users see.
struct TerminalModel {
    var glyphs: [[String]]
    var widths: [[Int]]
    let width: Int

    init(_ buffer: ScreenBuffer) {
        width = buffer.size.width
        glyphs = (0..<buffer.size.height).map { y in (0..<buffer.size.width).map { buffer[$0, y].text } }
        widths = (0..<buffer.size.height).map { y in (0..<buffer.size.width).map { Int(buffer[$0, y].width) } }
    }

    private mutating func erase(_ x: Int, _ y: Int) {
        guard x >= 0, x < width else { return }
        if widths[y][x] == 0, x > 0 {
            glyphs[y][x - 1] = " "; widths[y][x - 1] = 1
            glyphs[y][x] = " "; widths[y][x] = 1
        } else if widths[y][x] == 2, x + 1 < width {
            glyphs[y][x] = " "; widths[y][x] = 1
            glyphs[y][x + 1] = " "; widths[y][x + 1] = 1
        }
    }

    mutating func draw(_ runs: [CellRun]) {
        for run in runs {
            for (i, cell) in run.cells.enumerated() where !cell.isContinuation {
                let x = run.x + i, y = run.y
                erase(x, y)
                if cell.width == 2 { erase(x + 1, y) }
                glyphs[y][x] = cell.text
                widths[y][x] = Int(cell.width)
                if cell.width == 2, x + 1 < width { glyphs[y][x + 1] = ""; widths[y][x + 1] = 0 }
            }
        }
    }

    func text(row y: Int) -> String { glyphs[y].joined() }
}

@Suite("BufferDiff")
struct BufferDiffTests {
    let size = Size(width: 10, height: 3)

    @Test("identical frames need no drawing")
    func noChange() {
        var a = ScreenBuffer(size: size)
        a.write("hello 日本", x: 0, y: 1, style: .plain)
        #expect(BufferDiff.runs(from: a, to: a).isEmpty)
        #expect(BufferDiff.changedCellCount(from: a, to: a) == 0)
    }

    @Test("one changed cell is one run of one cell at its position")
    func oneCell() {
        let a = ScreenBuffer(size: size)
        var b = a
        b[4, 2] = Cell("x")
        let runs = BufferDiff.runs(from: a, to: b)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 4)
        #expect(runs.first?.y == 2)
        #expect(runs.first?.cells == [Cell("x")])
    }

    @Test("a style change alone is a change")
    func styleChange() {
        var a = ScreenBuffer(size: size)
        a.write("ab", x: 0, y: 0, style: .plain)
        var b = a
        b.restyle(Rect(x: 1, y: 0, width: 1, height: 1)) { $0.adding(.bold) }
        let runs = BufferDiff.runs(from: a, to: b)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 1)
    }

    @Test("separate changes on a row are separate runs; adjacent changes are one")
    func runsGroup() {
        let a = ScreenBuffer(size: size)
        var b = a
        b.write("ab", x: 1, y: 0, style: .plain)
        b.write("c", x: 7, y: 0, style: .plain)
        let runs = BufferDiff.runs(from: a, to: b)
        #expect(runs.map(\.x) == [1, 7])
        #expect(runs.map(\.cells.count) == [2, 1])
    }

    @Test("a new size or no previous frame repaints every cell")
    func fullRepaint() {
        var old = ScreenBuffer(size: size)
        old.write("same", x: 0, y: 0, style: .plain)
        var new = ScreenBuffer(size: Size(width: 12, height: 4))
        new.write("same", x: 0, y: 0, style: .plain)
        #expect(BufferDiff.changedCellCount(from: old, to: new) == 12 * 4)
        #expect(BufferDiff.changedCellCount(from: nil, to: old) == 10 * 3)
        #expect(BufferDiff.runs(from: nil, to: old).map(\.y) == [0, 1, 2])
    }

    @Test("a changed wide character is redrawn whole, never from its continuation")
    func wideRedrawnWhole() {
        var a = ScreenBuffer(size: size)
        a.write("日", x: 3, y: 0, style: .plain)
        var b = a
        b.write("本", x: 3, y: 0, style: .plain)
        let runs = BufferDiff.runs(from: a, to: b)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 3)
        #expect(runs.first?.cells.first?.text == "本")
    }

    @Test("only a continuation's style changed: the run starts at the wide character")
    func continuationOnlyChange() {
        var a = ScreenBuffer(size: size)
        a.write("日", x: 3, y: 0, style: .plain)
        var b = a
        b[4, 0] = Cell.continuation(Style(attributes: .bold))
        let runs = BufferDiff.runs(from: a, to: b)
        #expect(runs.first?.x == 3)
        #expect(runs.allSatisfy { $0.cells.first.map { !$0.isContinuation } ?? false })
    }

    @Test("applying the runs to the old frame always reproduces the new one (random edits, wide characters)")
    func applyingRunsReproducesNewFrame() {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let size = Size(width: 12, height: 4)
        for iteration in 0..<400 {
            var old = ScreenBuffer(size: size)
            for _ in 0..<Int.random(in: 0...6, using: &rng) { BufferEdits.randomEdit(&old, using: &rng) }
            var new = old
            for _ in 0..<Int.random(in: 1...5, using: &rng) { BufferEdits.randomEdit(&new, using: &rng) }

            let runs = BufferDiff.runs(from: old, to: new)
            // Cell by cell, as TestBackend applies them.
            var applied = old
            for run in runs {
                for (i, cell) in run.cells.enumerated() { applied[run.x + i, run.y] = cell }
            }
            #expect(applied == new, "iteration \(iteration)")
            // As a terminal shows them.
            var terminal = TerminalModel(old)
            terminal.draw(runs)
            for y in 0..<size.height {
                #expect(terminal.text(row: y) == new.text(row: y), "iteration \(iteration) row \(y)")
            }
            for run in runs {
                #expect(!(run.cells.first?.isContinuation ?? true), "a run starts on a continuation at \(run.x),\(run.y)")
                #expect(run.x >= 0 && run.x + run.cells.count <= size.width)
            }
        }
    }
}
