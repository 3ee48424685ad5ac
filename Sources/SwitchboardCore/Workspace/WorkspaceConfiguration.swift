import Foundation

/// Everything a `Workspace` is opened from: the data folder, the environment, the extra manifest
/// folders, the platform, and the HTTP and retry settings. The command line builds one from its
/// options; the console from its flags; tests from a temporary folder and a live sandbox.
public struct WorkspaceConfiguration: Sendable {
    /// Where the store, the master key and the sandbox's own data live.
    public var folder: DataFolder
    /// The process environment (master key, app credentials, platform settings).
    public var environment: [String: String]
    /// `--connectors-dir` folders, read after the built-ins and the user's config folder.
    public var connectorDirectories: [URL]
    /// Whether the XDG config folder's manifests are read (off in tests).
    public var readsUserManifests: Bool
    /// How the CRMs are reached.
    public var platform: PlatformKind
    /// The Alloy API base URL given on the command line (else `SWITCHBOARD_ALLOY_URL`, the overrides', Alloy's own).
    public var alloyURL: String?
    /// Another set of endpoints (the sandbox).
    public var overrides: ConnectionOverrides?
    /// The HTTP client every request goes through.
    public var transport: any HTTPTransport
    /// Retries of pushes and sync writes.
    public var retry: RetryPolicy
    /// Who is named in audit entries (conflict resolutions).
    public var actor: String

    public init(folder: DataFolder, environment: [String: String] = [:], connectorDirectories: [URL] = [], readsUserManifests: Bool = false,
                platform: PlatformKind = .direct, alloyURL: String? = nil, overrides: ConnectionOverrides? = nil,
                transport: any HTTPTransport = AsyncHTTPTransport.shared, retry: RetryPolicy = RetryPolicy(), actor: String? = nil) {
        self.folder = folder
        self.environment = environment
        self.connectorDirectories = connectorDirectories
        self.readsUserManifests = readsUserManifests
        self.platform = platform
        self.alloyURL = alloyURL
        self.overrides = overrides
        self.transport = transport
        self.retry = retry
        self.actor = actor ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "console"
    }

    /// A configuration from the environment: `SWITCHBOARD_HOME` (or the XDG data folder),
    /// `SWITCHBOARD_PLATFORM` unless `platform` is given, the user's manifest folder.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment, connectorDirectories: [URL] = [],
                                       platform: String? = nil, alloyURL: String? = nil,
                                       overrides: ConnectionOverrides? = nil) throws(WorkspaceError) -> WorkspaceConfiguration {
        // A folder named on purpose must be there: a typo would silently leave its connectors out.
        for directory in connectorDirectories {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw .usage("--connectors-dir \(directory.path): no such folder")
            }
        }
        return WorkspaceConfiguration(folder: DataFolder.resolve(environment: environment), environment: environment, connectorDirectories: connectorDirectories,
                               readsUserManifests: true, platform: try PlatformKind.chosen(flag: platform, environment: environment),
                               alloyURL: alloyURL, overrides: overrides)
    }
}
