/// A terminal the program draws to and reads from. Every call happens on one thread.
public protocol Backend: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// How many colours the terminal can show.
    var colorDepth: ColorDepth { get }
    /// Waits up to `timeoutMilliseconds` for input; nil when none arrived.
    func readEvent(timeoutMilliseconds: Int) -> InputEvent?
    /// Draws the changed runs and shows them.
    func draw(_ runs: [CellRun], cursor: (x: Int, y: Int)?)
    /// Sends raw text to the terminal, for escape sequences such as OSC 52 copy.
    func writeRaw(_ text: String)
    /// Restores the terminal; safe to call more than once.
    func shutdown()
}
