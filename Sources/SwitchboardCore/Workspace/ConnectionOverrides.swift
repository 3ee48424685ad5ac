import Foundation

/// What points a workspace at another set of CRM endpoints than the manifests' own: extra
/// manifest folders that override the built-in connectors' hosts, the OAuth apps registered
/// there, and a gateway base URL and key. The sandbox (`--sandbox`, `--sandbox-url`) is the one
/// user today; the core knows nothing of it beyond these values.
public struct ConnectionOverrides: Sendable {
    /// Manifest folders read after the user's (their connectors win).
    public var manifestDirectories: [URL]
    /// The OAuth apps to use instead of the environment's and apps.json.
    public var appCredentials: (@Sendable (String) throws(AuthError) -> AppCredentials)?
    /// The Alloy API base URL to use when none is given.
    public var alloyBaseURL: String?
    /// The Alloy API key to use when none is given or stored.
    public var alloyAPIKey: String?
    /// Whether `alloyAPIKey` is used even when the environment or the store has one (the embedded
    /// sandbox's Alloy API knows only its demo key).
    public var alloyKeyWins: Bool
    /// Where these overrides point, for messages ("the sandbox at http://127.0.0.1:8080").
    public var label: String

    public init(manifestDirectories: [URL] = [], appCredentials: (@Sendable (String) throws(AuthError) -> AppCredentials)? = nil,
                alloyBaseURL: String? = nil, alloyAPIKey: String? = nil, alloyKeyWins: Bool = false, label: String) {
        self.manifestDirectories = manifestDirectories
        self.appCredentials = appCredentials
        self.alloyBaseURL = alloyBaseURL
        self.alloyAPIKey = alloyAPIKey
        self.alloyKeyWins = alloyKeyWins
        self.label = label
    }
}
