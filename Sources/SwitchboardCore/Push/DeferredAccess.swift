import Foundation

/// Access whose provider is made when a request first needs it (a preview never does), so that
/// planning a push does not open the credential store. The provider is made once and kept; a
/// failure to make it stops the run like a refused credential.
public final class DeferredAccess: PushAccessProvider, @unchecked Sendable {
    private let make: @Sendable () throws(PushAccessError) -> any PushAccessProvider
    private let lock = NSLock()
    private var made: (any PushAccessProvider)?

    public init(_ make: @escaping @Sendable () throws(PushAccessError) -> any PushAccessProvider) { self.make = make }

    private func provider() throws(PushAccessError) -> any PushAccessProvider {
        if let made = lock.withLock({ made }) { return made }
        let fresh = try make()
        return lock.withLock {
            if let made { return made }
            made = fresh
            return fresh
        }
    }

    public func access() async throws(PushAccessError) -> AccessGrant { try await provider().access() }

    public func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        try await provider().accessAfterRejection(rejected)
    }
}
