/// A backend with no terminal: events are scripted, drawing is applied to an in-memory screen.
///
/// Applying the diff runs to `screen` checks that the program's incremental drawing produces the
/// same picture as a full redraw.
public final class TestBackend: Backend {
    public var size: Size
    public var colorDepth: ColorDepth
    public private(set) var screen: ScreenBuffer
    public private(set) var rawOutput: [String] = []
    public private(set) var drawCalls = 0
    public private(set) var cellsDrawn = 0
    public private(set) var isShutDown = false
    private var events: [InputEvent]

    public init(size: Size = Size(width: 80, height: 24), colorDepth: ColorDepth = .trueColor, events: [InputEvent] = []) {
        self.size = size
        self.colorDepth = colorDepth
        self.screen = ScreenBuffer(size: size)
        self.events = events
    }

    /// Queues more input.
    public func enqueue(_ more: [InputEvent]) { events.append(contentsOf: more) }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        guard !events.isEmpty else { return nil }
        let event = events.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    public func draw(_ runs: [CellRun], cursor: (x: Int, y: Int)?) {
        if screen.size != size { screen = ScreenBuffer(size: size) }
        drawCalls += 1
        for run in runs {
            for (i, cell) in run.cells.enumerated() { screen[run.x + i, run.y] = cell }
            cellsDrawn += run.cells.count
        }
    }

    public func writeRaw(_ text: String) { rawOutput.append(text) }

    public func shutdown() { isShutDown = true }
}
