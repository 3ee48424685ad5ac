/// What a request needs to know about the tenant's credential: the token (used only in the
/// headers) and the API host from the token response, if the provider gives one. Handed out by a
/// `PushAccessProvider`; never printed whole (`PreparedRequest.displayHeaders` masks it).
public struct AccessGrant: Sendable, Equatable {
    public var accessToken: String
    public var apiHost: String?
    /// The connector's token method the credential uses (`private-app`, `api-token`), nil for its `auth`.
    public var method: String?
    /// The plain values stored with a token method's credential (Copper's user email).
    public var values: [String: String]

    public init(accessToken: String, apiHost: String? = nil, method: String? = nil, values: [String: String] = [:]) {
        self.accessToken = accessToken
        self.apiHost = apiHost
        self.method = method
        self.values = values
    }

    /// The placeholder for requests built before the tenant is connected.
    public static let notConnected = AccessGrant(accessToken: "<not connected>")
}
