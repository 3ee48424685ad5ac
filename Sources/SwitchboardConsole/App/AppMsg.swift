import ConsoleKit
import Foundation

/// Everything that can happen to the console: input, time, and results of effects.
public enum AppMsg: Sendable {
    case input(InputEvent)
    case tick(Date)
    case command(String)
    case flash(Flash.Level, String)
    /// A result for whichever screens want it (delivered through `ConsoleScreen.receive`).
    case screenMessage(any Sendable)
}
