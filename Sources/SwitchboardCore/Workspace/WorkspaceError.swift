/// A failure of the application layer, in words for support staff: what went wrong and what to do.
/// `isUsage` marks a request that cannot be right as given (a bad flag value, a refused platform):
/// the command line exits 2 for those and 1 for the rest.
public struct WorkspaceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var isUsage: Bool
    /// Whether the message starts with the place it is about (`file:3: …`), so a front end
    /// prints it as it is rather than after its own name.
    public var namesPlace: Bool

    public init(_ message: String, isUsage: Bool = false, namesPlace: Bool = false) {
        self.message = message
        self.isUsage = isUsage
        self.namesPlace = namesPlace
    }

    /// A request that cannot be right as given.
    public static func usage(_ message: String) -> WorkspaceError { WorkspaceError(message, isUsage: true) }

    /// Any error, as one line.
    public init(_ error: any Error) {
        if let error = error as? WorkspaceError { self = error } else { self.init(String(describing: error)) }
    }

    public var description: String { message }
}

/// Runs `body`, turning whatever it throws into a `WorkspaceError`.
func workspaceCall<T>(_ body: () throws -> T) throws(WorkspaceError) -> T {
    do { return try body() } catch { throw WorkspaceError(error) }
}
