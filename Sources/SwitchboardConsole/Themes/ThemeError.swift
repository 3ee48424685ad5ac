import SwitchboardCore

/// A problem with a theme file, naming the file and, where known, the line.
public struct ThemeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// Terminal-safe: a key quoted from the file shows its control characters escaped.
    public var description: String {
        if let line { return "\(file):\(line): \(message)".terminalSafe }
        return "\(file): \(message)".terminalSafe
    }
}
