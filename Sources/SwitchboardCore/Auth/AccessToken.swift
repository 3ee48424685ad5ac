import Foundation

/// A usable access token and where to use it: what the push engine puts on each request.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The credential it belongs to.
    public var credentialID: String
    /// The token or API key itself (never print it; `description` is redacted).
    public var value: String
    /// The header that carries it, e.g. "Authorization".
    public var headerName: String
    /// The header's value, e.g. "Bearer …" or "Zoho-oauthtoken …".
    public var headerValue: String
    /// When it expires, if known.
    public var expiresAt: Date?
    /// The API base URL: the token response's host field (`instance_url`, `api_domain`) when the
    /// manifest names one, else the manifest's `api.baseURL`.
    public var apiBaseURL: String
    /// The credential's non-secret metadata.
    public var metadata: [String: String]

    /// A token value.
    public init(credentialID: String, value: String, headerName: String, headerValue: String, expiresAt: Date?,
                apiBaseURL: String, metadata: [String: String]) {
        self.credentialID = credentialID
        self.value = value
        self.headerName = headerName
        self.headerValue = headerValue
        self.expiresAt = expiresAt
        self.apiBaseURL = apiBaseURL
        self.metadata = metadata
    }

    /// The header as a field, ready to add to a request.
    public var header: HTTPHeaderField { HTTPHeaderField(headerName, headerValue) }

    /// Redacted: `cred_… ••••last4`.
    public var description: String { "\(credentialID) \(Redaction.hint(value))" }
}
