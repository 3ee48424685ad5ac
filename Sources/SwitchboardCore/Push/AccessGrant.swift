/// What a request needs to know about the tenant's credential: the token (used only in the
/// headers) and the API host from the token response, if the provider gives one. Handed out by a
/// `PushAccessProvider`; never printed whole (`PreparedRequest.displayHeaders` masks it).
public struct AccessGrant: Sendable, Equatable {
    public var accessToken: String
    public var apiHost: String?

    public init(accessToken: String, apiHost: String? = nil) {
        self.accessToken = accessToken
        self.apiHost = apiHost
    }

    /// The placeholder for requests built before the tenant is connected.
    public static let notConnected = AccessGrant(accessToken: "<not connected>")
}
