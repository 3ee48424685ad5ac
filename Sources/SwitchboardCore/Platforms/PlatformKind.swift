/// Which way Switchboard reaches the CRMs: directly from the connector manifests, or through the
/// Alloy Connectivity API, which holds the credentials.
public enum PlatformKind: String, Sendable, Equatable, CaseIterable {
    case direct
    case alloy

    /// The platform named by `--platform` or `SWITCHBOARD_PLATFORM`; nil for anything else.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
