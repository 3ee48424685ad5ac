/// Why a push cannot get a usable credential; stops the run (INVALID_CREDENTIAL) until re-auth.
public struct PushAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where the push engine gets its access token and API host, and a fresh one after a 401.
public protocol PushAccessProvider: Sendable {
    func access() async throws(PushAccessError) -> AccessGrant
    func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant
}

/// A fixed token (API keys, tests, the sandbox's own tokens).
public struct StaticAccess: PushAccessProvider {
    public let value: AccessGrant
    public init(_ value: AccessGrant) { self.value = value }
    public func access() async throws(PushAccessError) -> AccessGrant { value }
    public func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        throw PushAccessError("the CRM refused the credential; reconnect with `switchboard auth login`")
    }
}
