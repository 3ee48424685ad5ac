/// Why a push cannot get a usable credential; stops the run (INVALID_CREDENTIAL) until re-auth.
public struct PushAccessError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where the push engine gets its access token and API host, and a fresh one after a 401.
public protocol PushAccessProvider: Sendable {
    func access() async throws(PushAccessError) -> RequestPreviewBuilder.Access
    func accessAfterRejection(_ rejected: RequestPreviewBuilder.Access) async throws(PushAccessError) -> RequestPreviewBuilder.Access
}

/// A fixed token (API keys, tests, the sandbox's own tokens).
public struct StaticAccess: PushAccessProvider {
    public let value: RequestPreviewBuilder.Access
    public init(_ value: RequestPreviewBuilder.Access) { self.value = value }
    public func access() async throws(PushAccessError) -> RequestPreviewBuilder.Access { value }
    public func accessAfterRejection(_ rejected: RequestPreviewBuilder.Access) async throws(PushAccessError) -> RequestPreviewBuilder.Access {
        throw PushAccessError("the CRM refused the credential; reconnect with `switchboard auth login`")
    }
}
