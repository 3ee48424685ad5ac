/// Where a manifest came from: bundled with Switchboard, or a file in a user connectors folder.
public enum ManifestSource: Sendable, Equatable {
    case builtIn
    case user(path: String)
}
