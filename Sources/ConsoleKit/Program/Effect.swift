/// Asynchronous work an update asks for; its result comes back to the update as a message.
public struct Effect<Msg: Sendable>: Sendable {
    public let label: String
    public let run: @Sendable () async -> Msg?

    public init(_ label: String = "effect", _ run: @escaping @Sendable () async -> Msg?) {
        self.label = label
        self.run = run
    }

    /// An effect that only delivers a message.
    public static func send(_ msg: Msg) -> Effect { Effect("send") { msg } }
}
