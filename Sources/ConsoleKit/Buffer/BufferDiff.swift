/// A run of changed cells on one row, drawn by a backend in one call.
public struct CellRun: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]
}

/// Computes what changed between two frames so backends redraw only that.
public enum BufferDiff {
    /// The changed runs from `old` to `new`; everything when there is no old frame or the size changed.
    public static func runs(from old: ScreenBuffer?, to new: ScreenBuffer) -> [CellRun] {
        let width = new.size.width
        let full = old == nil || old!.size != new.size
        var runs: [CellRun] = []
        new.cells.withUnsafeBufferPointer { newCells in
            let oldCells = full ? nil : old!.cells
            for y in 0..<new.size.height {
                let base = y * width
                var x = 0
                while x < width {
                    if !full, oldCells![base + x] == newCells[base + x] { x += 1; continue }
                    var start = x
                    // A changed continuation cell means its wide character must be redrawn.
                    if newCells[base + start].isContinuation, start > 0 { start -= 1 }
                    var end = x + 1
                    while end < width, full || oldCells![base + end] != newCells[base + end] { end += 1 }
                    if end < width, newCells[base + end].isContinuation { end += 1 }
                    runs.append(CellRun(x: start, y: y, cells: Array(newCells[(base + start)..<(base + end)])))
                    x = end
                }
            }
        }
        return runs
    }

    /// How many cells differ between two frames of the same size (for tests and benchmarks).
    public static func changedCellCount(from old: ScreenBuffer?, to new: ScreenBuffer) -> Int {
        runs(from: old, to: new).reduce(0) { $0 + $1.cells.count }
    }
}
