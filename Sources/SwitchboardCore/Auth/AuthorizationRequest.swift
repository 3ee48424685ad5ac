import Foundation

/// One pending authorization: the URL to open, and the secrets its callback must match.
public struct AuthorizationRequest: Sendable {
    /// The full authorization URL (printed whole; holds no secret: only `state` and the PKCE challenge).
    public let url: String
    /// The exact `redirect_uri` sent, repeated at the token endpoint.
    public let redirectURI: String
    /// The `state` the callback must echo.
    public let state: String
    /// The PKCE pair, when the provider supports it.
    public let pkce: PKCE?

    /// Builds the request for `spec` with the app's `clientID` and the listener's `redirectURI`.
    public init(spec: OAuth2Spec, clientID: String, redirectURI: String, state: String? = nil,
                pkce: PKCE? = nil) throws(AuthError) {
        self.state = state ?? Random.base64URL(bytes: 24)
        let usePKCE = spec.pkce != .unsupported
        let pair = usePKCE ? (pkce ?? PKCE()) : nil
        guard var components = URLComponents(string: spec.authorizationURL) else { throw .badRedirectURI(spec.authorizationURL) }
        var items = components.queryItems ?? []
        items.append(URLQueryItem(name: "response_type", value: "code"))
        items.append(URLQueryItem(name: "client_id", value: clientID))
        items.append(URLQueryItem(name: "redirect_uri", value: redirectURI))
        if !spec.scopes.isEmpty { items.append(URLQueryItem(name: "scope", value: spec.scopeParameter)) }
        items.append(URLQueryItem(name: "state", value: self.state))
        if let pair {
            items.append(URLQueryItem(name: "code_challenge", value: pair.challenge))
            items.append(URLQueryItem(name: "code_challenge_method", value: pair.method))
        }
        if spec.callback == .formPost { items.append(URLQueryItem(name: "response_mode", value: "form_post")) }
        for extra in spec.extraAuthorizeParams { items.append(URLQueryItem(name: extra.name, value: extra.value)) }
        components.percentEncodedQuery = FormEncoding.encode(items.map { ($0.name, $0.value ?? "") })
        guard let url = components.string else { throw .badRedirectURI(spec.authorizationURL) }
        self.url = url
        self.redirectURI = redirectURI
        self.pkce = pair
    }

    /// Checks the callback's parameters (RFC 6749 §4.1.2): state first (an error answer carries it
    /// too, so a stale or forged `error=access_denied` is not taken for the user's refusal), then
    /// error, then code. Returns the authorization code.
    public func validate(_ parameters: [(String, String)]) throws(AuthError) -> String {
        func value(_ name: String) -> String? { parameters.first { $0.0 == name }?.1 }
        guard let received = value("state"), !received.isEmpty else { throw .missingState }
        guard Self.constantTimeEqual(received, state) else { throw .stateMismatch }
        if let error = value("error") {
            throw .providerDenied(error: String(error.prefix(100)), description: value("error_description").map { String($0.prefix(300)) })
        }
        guard let code = value("code"), !code.isEmpty else { throw .missingCode }
        return code
    }

    /// Validates a pasted final redirect URL the same way as a callback: same scheme, host, port and
    /// path as `redirectURI`, then the query (or fragment) parameters.
    public func validatePasted(_ text: String) throws(AuthError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pasted = URLComponents(string: trimmed), pasted.scheme != nil else {
            throw .invalidPastedURL("not a URL (paste the whole address from the browser's address bar)")
        }
        guard let expected = URLComponents(string: redirectURI) else { throw .badRedirectURI(redirectURI) }
        func port(_ c: URLComponents) -> Int? { c.port ?? (c.scheme == "https" ? 443 : 80) }
        let sameHost = pasted.host?.lowercased() == expected.host?.lowercased()
        guard pasted.scheme?.lowercased() == expected.scheme?.lowercased(), sameHost, port(pasted) == port(expected),
              pasted.path == expected.path else {
            throw .invalidPastedURL("it does not start with the redirect URI \(redirectURI)")
        }
        let query = pasted.percentEncodedQuery ?? pasted.percentEncodedFragment ?? ""
        return try validate(FormEncoding.decode(query))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
