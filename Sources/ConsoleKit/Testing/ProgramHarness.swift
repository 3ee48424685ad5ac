import Foundation

/// Runs an application headlessly: press keys, let effects finish, read the screen.
///
/// Screens are tested through this exactly as a person uses them, without a terminal.
public final class ProgramHarness<App: Application> {
    public let app: App
    public var model: App.Model
    public var size: Size
    public private(set) var terminalOutput: [String] = []
    private var pending: [Effect<App.Msg>] = []

    public init(app: App, model: App.Model, size: Size = Size(width: 80, height: 24)) {
        self.app = app
        self.model = model
        self.size = size
    }

    /// Presses keys written as in key tables: `press("/", "h", "u", "esc")`; a longer word is typed.
    public func press(_ keys: String...) {
        for k in keys {
            if let key = Key(parsing: k) { send(.key(key)) } else { type(k) }
        }
    }

    /// Types text one character at a time.
    public func type(_ text: String) {
        for c in text { send(.key(.character(c))) }
    }

    /// Delivers one input event.
    public func send(_ event: InputEvent) {
        if case .resize(let s) = event { size = s }
        if let msg = app.message(for: event, model: model) { dispatch(msg) }
    }

    /// Delivers a message directly.
    public func dispatch(_ msg: App.Msg) {
        pending.append(contentsOf: app.update(&model, msg))
        terminalOutput.append(contentsOf: app.takeTerminalOutput(&model))
    }

    /// Delivers a tick as if `now` had come.
    public func tick(now: Date) {
        if let msg = app.tick(model, now: now) { dispatch(msg) }
    }

    /// Runs queued effects (and the effects their messages start) until none are left.
    public func settle(maxRounds: Int = 100) async {
        var rounds = 0
        while !pending.isEmpty && rounds < maxRounds {
            let batch = pending
            pending.removeAll()
            for effect in batch {
                if let msg = await effect.run() { dispatch(msg) }
            }
            rounds += 1
        }
    }

    /// The effects waiting to run.
    public var pendingEffectLabels: [String] { pending.map(\.label) }

    /// Renders the current model.
    public var screen: ScreenBuffer {
        var buffer = ScreenBuffer(size: size)
        _ = app.view(model, into: &buffer)
        return buffer
    }

    /// The rendered screen as text, trailing spaces trimmed.
    public var text: String { screen.plainText }

    public var isFinished: Bool { app.isFinished(model) }
}
