import Foundation

/// An Elm-style application: a model, messages, a pure update that may ask for effects, and a view.
///
/// `Program` runs it against a real terminal; `ProgramHarness` runs it headlessly in tests.
public protocol Application {
    associatedtype Model
    associatedtype Msg: Sendable

    /// The message for an input event in the current state (nil ignores the event).
    func message(for event: InputEvent, model: Model) -> Msg?
    /// A message to deliver because time passed (flash expiry, countdowns); nil when nothing is due.
    func tick(_ model: Model, now: Date) -> Msg?
    /// Applies a message to the model and returns the effects to start.
    func update(_ model: inout Model, _ msg: Msg) -> [Effect<Msg>]
    /// Draws the model into a buffer the size of the terminal; returns where the cursor should show.
    func view(_ model: Model, into buffer: inout ScreenBuffer) -> (x: Int, y: Int)?
    /// Whether the program should stop.
    func isFinished(_ model: Model) -> Bool
    /// Raw terminal output the model has queued (e.g. an OSC 52 copy), removed from the model.
    func takeTerminalOutput(_ model: inout Model) -> [String]
}

extension Application {
    public func tick(_ model: Model, now: Date) -> Msg? { nil }
    public func takeTerminalOutput(_ model: inout Model) -> [String] { [] }
}
