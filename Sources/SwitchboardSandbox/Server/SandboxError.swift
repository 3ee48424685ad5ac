import Foundation

/// Errors the sandbox reports to whoever starts or drives it, each naming the problem and the fix.
public enum SandboxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A configuration value or command-line option is invalid.
    case invalidOption(String)
    /// The data file could not be opened or migrated.
    case storage(String)
    /// The server could not bind or start.
    case startFailed(String)
    /// A remote edit named something that does not exist or had bad values.
    case editFailed(String)
    /// The override manifests could not be written.
    case manifests(String)

    /// The problem alone, without the "Sandbox ... failed" prefix.
    public var message: String {
        switch self {
        case .invalidOption(let m), .storage(let m), .startFailed(let m), .editFailed(let m), .manifests(let m): return m
        }
    }

    public var description: String {
        switch self {
        case .invalidOption(let m): return "Invalid sandbox option: \(m)"
        case .storage(let m): return "Sandbox data file problem: \(m)"
        case .startFailed(let m): return "The sandbox could not start: \(m)"
        case .editFailed(let m): return "Sandbox edit failed: \(m)"
        case .manifests(let m): return m
        }
    }
}
