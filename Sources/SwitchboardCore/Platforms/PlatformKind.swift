/// Which way Switchboard reaches the CRMs: directly from the connector manifests, or through the
/// Alloy Connectivity API, which holds the credentials.
public enum PlatformKind: String, Sendable, Equatable, CaseIterable {
    case direct
    case alloy

    /// `flag` (the `--platform` flag), else `SWITCHBOARD_PLATFORM`, else direct; anything else is a
    /// usage error naming where it came from.
    public static func chosen(flag: String?, environment: [String: String]) throws(WorkspaceError) -> PlatformKind {
        let fromEnvironment = environment["SWITCHBOARD_PLATFORM"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = flag ?? fromEnvironment else { return .direct }
        guard let kind = PlatformKind(name: text) else {
            let known = allCases.map(\.rawValue).joined(separator: " or ")
            throw .usage("\(flag != nil ? "--platform" : "SWITCHBOARD_PLATFORM") \(text): expected \(known)")
        }
        return kind
    }

    /// The platform named by `--platform` or `SWITCHBOARD_PLATFORM`; nil for anything else.
    public init?(name: String) {
        self.init(rawValue: name.lowercased())
    }
}
