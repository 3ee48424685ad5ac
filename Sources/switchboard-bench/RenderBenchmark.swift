import ConsoleKit
import Foundation

/// Issue 2's figure: render and diff one frame of a 100,000-row list at 200×60 (goal ≤ 2 ms).
enum RenderBenchmark {
    static func run() throws {
        let size = Size(width: 200, height: 60)
        let rows = (0..<100_000).map { "contact-\($0)  someone\($0)@example.com  Acme Corp \($0 % 97)  open" }
        let theme = Theme.builtInDefault
        let view = ListView()
        var state = ListState(count: rows.count)
        var previous = ScreenBuffer(size: size)
        var frame = 0
        let perFrame = Stopwatch.median(runs: 500) {
            frame += 1
            state.move(by: 37)
            var buffer = ScreenBuffer(size: size)
            view.render(state: &state, in: Rect(x: 0, y: 1, width: 200, height: 58), buffer: &buffer, theme: theme) { index in
                [Span(rows[index], theme.style(.text))]
            }
            let runs = BufferDiff.runs(from: previous, to: buffer)
            precondition(!runs.isEmpty, "a moved selection must change the screen")
            previous = buffer
        }
        print(String(format: "render: 100,000-row list at 200x60, render + diff one frame: %.3f ms (median of 500; goal <= 2 ms)", perFrame * 1000))
    }
}
