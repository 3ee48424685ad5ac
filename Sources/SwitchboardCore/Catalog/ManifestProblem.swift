/// One problem in one manifest file, shown as `hubspot.json: /resources/0/actions/2/path: missing`.
public struct ManifestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name (built-ins) or the path as given (user files).
    public var file: String
    /// Where in the file the problem is; the root for whole-file problems such as malformed JSON.
    public var pointer: JSONPointer
    /// What is wrong, in plain language.
    public var message: String

    /// Makes a problem for `file` at `pointer`.
    public init(file: String, pointer: JSONPointer, message: String) {
        self.file = file
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(file): \(pointer.displayString): \(message)".terminalSafe }
}
