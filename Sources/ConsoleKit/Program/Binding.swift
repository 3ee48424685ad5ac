/// One entry of the key table: which keys trigger an action, its title, and when it is available.
///
/// The same list dispatches keys, draws the key-hint bar and generates the help screen, so the
/// three can never disagree.
public struct Binding<State>: Sendable {
    public var id: String
    public var keys: [Key]
    public var title: String
    public var group: String
    public var showInBar: Bool
    /// Why the action is unavailable in this state, or nil when it is available.
    public var disabledReason: @Sendable (State) -> String?

    public init(_ id: String, keys: [Key], title: String, group: String = "General", showInBar: Bool = true,
                disabledReason: @escaping @Sendable (State) -> String? = { _ in nil }) {
        self.id = id
        self.keys = keys
        self.title = title
        self.group = group
        self.showInBar = showInBar
        self.disabledReason = disabledReason
    }

    /// The keys as shown to people, e.g. "↑/k".
    public var keyLabel: String { keys.map(\.description).joined(separator: "/") }

    /// Whether a key triggers this binding.
    public func matches(_ key: Key) -> Bool { keys.contains(key) }
}

extension Array {
    /// The first binding that a key triggers.
    public func binding<State>(for key: Key) -> Binding<State>? where Element == Binding<State> {
        first { $0.matches(key) }
    }
}
