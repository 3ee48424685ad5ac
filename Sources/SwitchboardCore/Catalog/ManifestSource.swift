/// Where a manifest came from: bundled with Switchboard, a file in a user connectors folder, or a
/// platform that describes its own connectors (`alloy`).
public enum ManifestSource: Sendable, Equatable {
    case builtIn
    case user(path: String)
    case platform(String)
}
