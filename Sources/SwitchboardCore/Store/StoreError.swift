import Foundation

/// Why the data folder or the database could not be used.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAFolder(String)
    case cannotCreateFolder(String, reason: String)
    case cannotCreateFile(String, reason: String)
    case cannotOpen(String, reason: String)
    case migrationFailed(String)
    case database(String)

    public var description: String {
        switch self {
        case .notAFolder(let path):
            return "the data folder \(path) is a file, not a folder; set SWITCHBOARD_HOME to another path"
        case .cannotCreateFolder(let path, let reason):
            return "cannot create the data folder \(path): \(reason); set SWITCHBOARD_HOME to a writable path"
        case .cannotCreateFile(let path, let reason):
            return "cannot create \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            return "cannot open the database \(path): \(reason)"
        case .migrationFailed(let reason):
            return "cannot upgrade the database: \(reason)"
        case .database(let reason):
            return "database error: \(reason)"
        }
    }
}
