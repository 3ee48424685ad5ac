import Foundation

/// Runs an `Application` against a `Backend`: read input, update, start effects, view, diff, draw.
///
/// The loop runs on the calling thread (ncurses requires one thread); effects run on the
/// concurrency pool and return their messages through a `Mailbox`.
public final class Program<App: Application> {
    public let app: App
    public private(set) var model: App.Model
    private let backend: Backend
    private let mailbox = Mailbox<App.Msg>()
    private let inputTimeout: Int
    private var lastFrame: ScreenBuffer?
    /// Frames drawn so far (for start-up measurements and tests).
    public private(set) var framesDrawn = 0
    /// Called once after the first frame is on screen.
    public var onFirstFrame: (() -> Void)?

    public init(app: App, model: App.Model, backend: Backend, inputTimeoutMilliseconds: Int = 40) {
        self.app = app
        self.model = model
        self.backend = backend
        self.inputTimeout = inputTimeoutMilliseconds
    }

    /// Sends a message from outside the loop (e.g. at start-up).
    public func send(_ msg: App.Msg) {
        dispatch(msg)
    }

    /// Runs until the application says it is finished, then returns the final model.
    @discardableResult
    public func run() -> App.Model {
        render()
        while !app.isFinished(model) {
            var changed = false
            if let event = backend.readEvent(timeoutMilliseconds: inputTimeout) {
                if case .resize = event { lastFrame = nil; changed = true }
                if let msg = app.message(for: event, model: model) {
                    dispatch(msg)
                    changed = true
                }
            }
            for msg in mailbox.drain() {
                dispatch(msg)
                changed = true
            }
            if let msg = app.tick(model, now: Date()) {
                dispatch(msg)
                changed = true
            }
            if changed { render() }
        }
        return model
    }

    private func dispatch(_ msg: App.Msg) {
        for effect in app.update(&model, msg) { mailbox.start(effect) }
        for raw in app.takeTerminalOutput(&model) { backend.writeRaw(raw) }
    }

    private func render() {
        var frame = ScreenBuffer(size: backend.size)
        let cursor = app.view(model, into: &frame)
        let runs = BufferDiff.runs(from: lastFrame, to: frame)
        if !runs.isEmpty || lastFrame == nil { backend.draw(runs, cursor: cursor) }
        lastFrame = frame
        framesDrawn += 1
        if framesDrawn == 1 { onFirstFrame?() }
    }
}
