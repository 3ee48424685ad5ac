import ConsoleKit
import Foundation
import Testing

// MARK: - A tiny counter application

/// Keys: `+` counts, `d` counts later through an effect, `c` copies, `q` quits. Resizes are ignored.
struct CounterApp: Application {
    struct Model: Sendable {
        var count = 0
        var quit = false
        var gaveUp = false
        var finishAtCount: Int?
        var deadline = Date.distantFuture
        var pendingOutput: [String] = []
    }

    enum Msg: Sendable {
        case increment, incrementLater, copy, quit, giveUp
    }

    /// Sees every model the update produces (the program loop runs on one thread).
    let recorder: ModelRecorder?

    init(recorder: ModelRecorder? = nil) { self.recorder = recorder }

    func message(for event: InputEvent, model: Model) -> Msg? {
        switch event {
        case .key(.character("+")): .increment
        case .key(.character("d")): .incrementLater
        case .key(.character("c")): .copy
        case .key(.character("q")): .quit
        default: nil
        }
    }

    func tick(_ model: Model, now: Date) -> Msg? { now > model.deadline && !model.gaveUp ? .giveUp : nil }

    func update(_ model: inout Model, _ msg: Msg) -> [Effect<Msg>] {
        defer { recorder?.model = model }
        switch msg {
        case .increment: model.count += 1
        case .incrementLater:
            return [Effect("later") {
                try? await Task.sleep(nanoseconds: 5_000_000)
                return .increment
            }]
        case .copy: model.pendingOutput.append("\u{1B}]52;c;Y291bnQ=\u{7}")
        case .quit: model.quit = true
        case .giveUp: model.gaveUp = true
        }
        return []
    }

    func view(_ model: Model, into buffer: inout ScreenBuffer) -> (x: Int, y: Int)? {
        buffer.write("Count: \(model.count)", x: 0, y: 0, style: .plain)
        buffer.write("日本 \(buffer.size)", x: 1, y: buffer.size.height - 1, style: Style(attributes: .bold))
        return (7, 0)
    }

    func isFinished(_ model: Model) -> Bool {
        model.quit || model.gaveUp || model.finishAtCount.map { model.count >= $0 } ?? false
    }

    func takeTerminalOutput(_ model: inout Model) -> [String] {
        defer { model.pendingOutput = [] }
        return model.pendingOutput
    }
}

final class ModelRecorder {
    var model: CounterApp.Model
    init(_ model: CounterApp.Model) { self.model = model }
}

/// Wraps a TestBackend and, before every read, checks that what the terminal shows equals a
/// fresh render of the current model at the current size.
final class CheckingBackend: Backend {
    let inner: TestBackend
    let freshRender: (Size) -> ScreenBuffer
    private(set) var mismatches: [String] = []
    private(set) var draws: [(cells: Int, size: Size)] = []
    private var checkedReads = 0

    init(_ inner: TestBackend, freshRender: @escaping (Size) -> ScreenBuffer) {
        self.inner = inner
        self.freshRender = freshRender
    }

    var size: Size { inner.size }
    var colorDepth: ColorDepth { inner.colorDepth }

    func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        if checkedReads < 10_000 {
            checkedReads += 1
            let expected = freshRender(inner.size)
            if inner.screen != expected {
                mismatches.append("read \(checkedReads): screen\n\(inner.screen.plainText)\nexpected\n\(expected.plainText)")
            }
        }
        return inner.readEvent(timeoutMilliseconds: timeoutMilliseconds)
    }

    func draw(_ runs: [CellRun], cursor: (x: Int, y: Int)?) {
        draws.append((runs.reduce(0) { $0 + $1.cells.count }, inner.size))
        inner.draw(runs, cursor: cursor)
    }

    func writeRaw(_ text: String) { inner.writeRaw(text) }
    func shutdown() { inner.shutdown() }
}

/// What a program run left behind, safe to hand back from the program's thread.
struct RunResult: Sendable {
    var model: CounterApp.Model
    var screen: ScreenBuffer
    var mismatches: [String]
    var drawCells: [Int]
    var drawSizes: [Size]
    var rawOutput: [String]
    var framesDrawn: Int
    var firstFrameCallbacks: Int
}

/// Runs the counter through `Program` on its own thread (the loop blocks, like a real terminal
/// program) with a deadline, so a lost effect fails the test instead of hanging it.
func runCounter(events: [InputEvent], size: Size = Size(width: 30, height: 5),
                finishAtCount: Int? = nil) async -> RunResult {
    await withCheckedContinuation { (continuation: CheckedContinuation<RunResult, Never>) in
        let thread = Thread {
            var model = CounterApp.Model()
            model.finishAtCount = finishAtCount
            model.deadline = Date().addingTimeInterval(60)
            let recorder = ModelRecorder(model)
            let app = CounterApp(recorder: recorder)
            let backend = CheckingBackend(TestBackend(size: size, events: events)) { size in
                var fresh = ScreenBuffer(size: size)
                _ = app.view(recorder.model, into: &fresh)
                return fresh
            }
            let program = Program(app: app, model: model, backend: backend, inputTimeoutMilliseconds: 1)
            var firstFrames = 0
            program.onFirstFrame = { firstFrames += 1 }
            let final = program.run()
            continuation.resume(returning: RunResult(
                model: final, screen: backend.inner.screen, mismatches: backend.mismatches,
                drawCells: backend.draws.map(\.cells), drawSizes: backend.draws.map(\.size),
                rawOutput: backend.inner.rawOutput, framesDrawn: program.framesDrawn, firstFrameCallbacks: firstFrames))
        }
        thread.start()
    }
}

func freshRender(_ model: CounterApp.Model, size: Size) -> ScreenBuffer {
    var buffer = ScreenBuffer(size: size)
    _ = CounterApp().view(model, into: &buffer)
    return buffer
}

// MARK: - Program

@Suite("Program")
struct ProgramTests {
    @Test("quits on q, after drawing the first frame")
    func quits() async {
        let result = await runCounter(events: [.key(.character("q"))])
        #expect(result.model.quit)
        #expect(!result.model.gaveUp)
        #expect(result.firstFrameCallbacks == 1)
        #expect(result.screen.text(row: 0).hasPrefix("Count: 0"))
    }

    @Test("key presses update the model and the screen")
    func keys() async {
        let plus = InputEvent.key(.character("+"))
        let result = await runCounter(events: [plus, plus, plus, .key(.character("q"))])
        #expect(result.model.count == 3)
        #expect(result.screen == freshRender(result.model, size: Size(width: 30, height: 5)))
        #expect(result.mismatches.isEmpty, "\(result.mismatches.first ?? "")")
    }

    @Test("after a change only the changed cells are drawn")
    func incrementalDrawing() async {
        let result = await runCounter(events: [.key(.character("+")), .key(.character("q"))])
        #expect(result.drawCells.first == 30 * 5, "the first frame is drawn whole")
        #expect(result.drawCells.dropFirst().first == 1, "0 → 1 changes one cell")
    }

    @Test("events the application ignores draw nothing")
    func ignoredEvents() async {
        let result = await runCounter(events: [.key(.character("x")), .key(.character("y")), .key(.character("+"))], finishAtCount: 1)
        #expect(result.drawCells.count == 2, "the first frame and the one after +, nothing for x and y")
    }

    @Test("effects run off the loop and their messages come back through the mailbox")
    func effects() async {
        let later = InputEvent.key(.character("d"))
        let result = await runCounter(events: [later, later, later], finishAtCount: 3)
        #expect(!result.model.gaveUp, "the effects' messages never arrived")
        #expect(result.model.count == 3)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.first ?? "")")
    }

    @Test("a resize redraws the whole screen at the new size, even if the application ignores it")
    func resize() async {
        let newSize = Size(width: 20, height: 4)
        let result = await runCounter(events: [.key(.character("+")), .resize(newSize), .key(.character("+")), .key(.character("q"))])
        #expect(result.screen.size == newSize)
        #expect(result.screen == freshRender(result.model, size: newSize))
        let firstAtNewSize = result.drawSizes.firstIndex(of: newSize)
        #expect(firstAtNewSize.map { result.drawCells[$0] } == 20 * 4, "the first frame at the new size is drawn whole")
        #expect(result.mismatches.isEmpty, "\(result.mismatches.first ?? "")")
    }

    @Test("the terminal always shows exactly a fresh render of the model")
    func screenMatchesFreshRender() async {
        let events: [InputEvent] = [
            .key(.character("+")), .resize(Size(width: 12, height: 3)), .key(.character("d")), .key(.character("+")),
            .resize(Size(width: 40, height: 6)), .key(.character("x")), .key(.character("+")),
        ]
        let result = await runCounter(events: events, size: Size(width: 25, height: 4), finishAtCount: 4)
        #expect(result.model.count == 4)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.first ?? "")")
        #expect(result.screen == freshRender(result.model, size: Size(width: 40, height: 6)))
    }

    @Test("terminal output the model queues is written raw, once")
    func rawOutput() async {
        let result = await runCounter(events: [.key(.character("c")), .key(.character("+")), .key(.character("q"))])
        #expect(result.rawOutput == ["\u{1B}]52;c;Y291bnQ=\u{7}"])
    }
}

// MARK: - ProgramHarness

@Suite("ProgramHarness")
struct ProgramHarnessTests {
    func harness() -> ProgramHarness<CounterApp> {
        ProgramHarness(app: CounterApp(), model: CounterApp.Model(), size: Size(width: 30, height: 5))
    }

    @Test("press delivers keys by their written names and the screen shows the result")
    func press() {
        let h = harness()
        h.press("+", "+")
        #expect(h.model.count == 2)
        #expect(h.text.hasPrefix("Count: 2"))
        h.press("q")
        #expect(h.isFinished)
    }

    @Test("a word that is not a key name is typed character by character")
    func pressTypes() {
        let h = harness()
        h.press("+++")
        #expect(h.model.count == 3)
        h.type("+x+")
        #expect(h.model.count == 5)
    }

    @Test("effects wait until settle, which runs them and delivers their messages")
    func settle() async {
        let h = harness()
        h.press("d", "d")
        #expect(h.model.count == 0)
        #expect(h.pendingEffectLabels == ["later", "later"])
        await h.settle()
        #expect(h.model.count == 2)
        #expect(h.pendingEffectLabels.isEmpty)
    }

    @Test("a resize changes the screen size")
    func resize() {
        let h = harness()
        h.send(.resize(Size(width: 12, height: 3)))
        #expect(h.screen.size == Size(width: 12, height: 3))
        #expect(h.text == "Count: 0\n\n 日本 12x3")
    }

    @Test("ticks deliver time-based messages")
    func tick() {
        let h = harness()
        h.model.deadline = Date(timeIntervalSinceReferenceDate: 100)
        h.tick(now: Date(timeIntervalSinceReferenceDate: 50))
        #expect(!h.isFinished)
        h.tick(now: Date(timeIntervalSinceReferenceDate: 101))
        #expect(h.model.gaveUp)
        #expect(h.isFinished)
    }

    @Test("terminal output is collected")
    func output() {
        let h = harness()
        h.press("c")
        #expect(h.terminalOutput.count == 1)
        #expect(h.model.pendingOutput.isEmpty)
    }
}
