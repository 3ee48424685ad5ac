import Foundation

/// The private folder that holds the database and the key file: `$SWITCHBOARD_HOME`, else
/// `$XDG_DATA_HOME/switchboard`, else `~/.local/share/switchboard`. Created 0700; files in it 0600.
public struct DataFolder: Sendable, Equatable {
    /// The folder's location.
    public var url: URL

    /// A data folder at `url` (not created until `prepare()`).
    public init(url: URL) { self.url = url.standardizedFileURL }

    /// The folder the environment names (see the type's summary for the order).
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> DataFolder {
        if let home = environment["SWITCHBOARD_HOME"], !home.isEmpty {
            return DataFolder(url: URL(fileURLWithPath: home, isDirectory: true))
        }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return DataFolder(url: URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("switchboard", isDirectory: true))
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return DataFolder(url: URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".local/share/switchboard", isDirectory: true))
    }

    /// The SQLite database file.
    public var databaseURL: URL { url.appendingPathComponent("switchboard.sqlite") }
    /// The file holding the 32-byte credential encryption key (when `SWITCHBOARD_MASTER_KEY` is unset).
    public var keyFileURL: URL { url.appendingPathComponent("master.key") }

    /// Creates the folder (0700) if needed and tightens its mode if it exists.
    public func prepare() throws(StoreError) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notAFolder(url.path) }
        } else {
            do {
                try fm.createDirectory(at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotCreateFolder(url.path, reason: error.localizedDescription)
            }
        }
        guard chmod(url.path, 0o700) == 0 else { throw .cannotCreateFolder(url.path, reason: String(cString: strerror(errno))) }
    }

    /// Creates `file` empty with mode 0600 if it does not exist, and sets 0600 if it does.
    public static func ensurePrivateFile(_ file: URL) throws(StoreError) {
        let fd = open(file.path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotCreateFile(file.path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fchmod(fd, 0o600) == 0 else { throw .cannotCreateFile(file.path, reason: String(cString: strerror(errno))) }
    }

    /// The POSIX permission bits of `path`, or nil when it does not exist.
    public static func mode(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }
}
