import ConsoleKit
import SwitchboardCore

/// How a running push reaches the console's screens: each event tagged with its session, so a
/// screen takes only its own.
extension PushSession {
    /// An event of one session.
    public struct Message: Sendable {
        public var session: ObjectIdentifier
        public var event: Event
    }

    /// The effect that delivers the next event to the screens.
    public func nextEvent() -> Effect<AppMsg> {
        Effect("push.next") { [self] in
            await self.next().map { AppMsg.screenMessage(Message(session: ObjectIdentifier(self), event: $0)) }
        }
    }
}
