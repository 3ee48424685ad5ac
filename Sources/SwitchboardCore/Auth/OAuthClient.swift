import Foundation

/// The token endpoint calls of RFC 6749: code exchange (§4.1.3), refresh (§6) and revocation (RFC 7009).
public struct OAuthClient: Sendable {
    /// The connector's OAuth settings.
    public let spec: OAuth2Spec
    /// The app's client id and secret.
    public let app: AppCredentials
    private let transport: any HTTPTransport

    /// A client for `spec` with the app's credentials.
    public init(spec: OAuth2Spec, app: AppCredentials, transport: any HTTPTransport = AsyncHTTPTransport.shared) {
        self.spec = spec
        self.app = app
        self.transport = transport
    }

    /// Exchanges an authorization code for tokens.
    public func exchange(code: String, request: AuthorizationRequest) async throws(AuthError) -> TokenResponse {
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", request.redirectURI)]
        if let pkce = request.pkce { fields.append(("code_verifier", pkce.verifier)) }
        return try await post(spec.tokenURL, fields: fields, secrets: [code])
    }

    /// Uses a refresh token; `invalid_grant` becomes `AuthError.invalidGrant`.
    public func refresh(refreshToken: String) async throws(AuthError) -> TokenResponse {
        try await post(spec.refreshURL, fields: [("grant_type", "refresh_token"), ("refresh_token", refreshToken)],
                       secrets: [refreshToken])
    }

    /// Revokes a token where the manifest has a revocation URL (RFC 7009); returns false when it has none.
    @discardableResult
    public func revoke(token: String, hint: String) async throws(AuthError) -> Bool {
        guard let url = spec.revokeURL else { return false }
        let request = authenticated(.form(url, fields: [("token", token), ("token_type_hint", hint)]))
        let response: HTTPResponseValue
        do { response = try await transport.send(request) } catch { throw .network(error.description) }
        // RFC 7009 §2.2: 200 even for unknown tokens; treat 400 invalid_token/invalid_grant as gone already.
        guard response.isSuccess || response.status == 400 else {
            let body = OAuthErrorBody(response.body)
            throw .tokenRequestFailed(status: response.status, error: body.error, description: body.description.map { Redaction.scrub($0, secrets: [token]) })
        }
        return true
    }

    // MARK: - Token endpoint

    private func post(_ url: String, fields: [(String, String)], secrets: [String]) async throws(AuthError) -> TokenResponse {
        let request = authenticated(.form(url, fields: fields))
        let response: HTTPResponseValue
        do { response = try await transport.send(request) } catch { throw .network(error.description) }
        let hidden = secrets + [app.clientSecret]
        guard response.isSuccess else {
            let body = OAuthErrorBody(response.body)
            let description = body.description.map { Redaction.scrub($0, secrets: hidden) }
            if body.error == "invalid_grant" { throw .invalidGrant(description) }
            throw .tokenRequestFailed(status: response.status, error: body.error, description: description)
        }
        return try TokenResponse.parse(response.body, hostFields: spec.apiHostFields, separator: spec.scopeSeparator)
    }

    /// Adds client authentication as the manifest says (RFC 6749 §2.3.1).
    private func authenticated(_ request: HTTPRequestValue) -> HTTPRequestValue {
        var request = request
        switch spec.clientAuthentication {
        case .clientSecretBasic:
            // RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
            let pair = FormEncoding.escape(app.clientID) + ":" + FormEncoding.escape(app.clientSecret)
            request.headers.append(HTTPHeaderField("Authorization", "Basic " + Data(pair.utf8).base64EncodedString()))
        case .clientSecretPost:
            let extra = FormEncoding.encode([("client_id", app.clientID), ("client_secret", app.clientSecret)])
            let existing = request.body.map { String(decoding: $0, as: UTF8.self) } ?? ""
            request.body = Data((existing.isEmpty ? extra : existing + "&" + extra).utf8)
        }
        return request
    }
}
