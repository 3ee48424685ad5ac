import Foundation
import SwitchboardCore

/// The OAuth 2.0 provider: `/oauth/{connector}/authorize` (consent page), `/authorize/decision`,
/// `/token` and `/revoke`, strict about PKCE, redirect URIs and client authentication.
struct OAuthEndpoints: Sendable {
    let state: SandboxState

    func handle(_ r: SandboxRequest) async -> SandboxReply {
        // path: oauth / connector / action [/ decision]
        guard r.path.count >= 3, let client = SandboxClient.registered[r.path[1]] else {
            return .json(404, ["error": "not_found", "error_description": .string("no OAuth provider at \(r.rawPath); use /oauth/{hubspot|salesforce|copper|pipedrive|zoho-crm}/authorize")])
        }
        switch (r.method, Array(r.path.dropFirst(2))) {
        case ("GET", ["authorize"]): return authorize(r, client)
        case ("POST", ["authorize", "decision"]): return decide(r, client)
        case ("POST", ["token"]): return token(r, client)
        case ("POST", ["revoke"]): return revoke(r, client)
        case (_, ["authorize"]), (_, ["token"]), (_, ["revoke"]), (_, ["authorize", "decision"]):
            return .json(405, ["error": "invalid_request", "error_description": .string("method \(r.method) not allowed here")])
        default:
            return .json(404, ["error": "not_found", "error_description": .string("unknown OAuth endpoint \(r.rawPath)")])
        }
    }

    // MARK: Authorization endpoint

    private func authorize(_ r: SandboxRequest, _ client: SandboxClient) -> SandboxReply {
        // Errors about the client or redirect URI must not redirect (RFC 6749 §4.1.2.1).
        guard let clientID = r.queryValue("client_id"), clientID == client.id else {
            return errorPage(400, "Unknown client", "client_id \"\(r.queryValue("client_id") ?? "")\" is not registered for \(client.connector); the sandbox's client id is \(client.id).")
        }
        guard let redirect = r.queryValue("redirect_uri"), client.accepts(redirectURI: redirect) else {
            return errorPage(400, "Redirect URI not registered",
                             "redirect_uri \"\(r.queryValue("redirect_uri") ?? "")\" is not registered; use http://127.0.0.1:ANY-PORT/oauth/callback (or /callback) or one of: \(client.redirectURIs.joined(separator: ", ")).")
        }
        let st = r.queryValue("state")
        func fail(_ error: String, _ description: String) -> SandboxReply {
            .redirect(to: Self.append(to: redirect, [("error", error), ("error_description", description)] + (st.map { [("state", $0)] } ?? [])))
        }
        guard r.queryValue("response_type") == "code" else {
            return fail("unsupported_response_type", "response_type must be \"code\"")
        }
        guard let challenge = r.queryValue("code_challenge"), !challenge.isEmpty else {
            return fail("invalid_request", "PKCE is required: send code_challenge and code_challenge_method=S256")
        }
        guard r.queryValue("code_challenge_method") == "S256" else {
            return fail("invalid_request", "code_challenge_method must be S256")
        }
        guard challenge.count == 43, challenge.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return fail("invalid_request", "code_challenge must be 43 base64url characters (SHA-256 of the verifier)")
        }
        let separators = CharacterSet(charactersIn: client.connector == "zoho-crm" ? ", " : " ")
        let requested = (r.queryValue("scope") ?? "").components(separatedBy: separators).filter { !$0.isEmpty }
        if let bad = requested.first(where: { !client.scopes.contains($0) }) {
            return fail("invalid_scope", "scope \"\(bad)\" is not available to this app")
        }
        let scopes = requested.isEmpty ? client.scopes : requested
        let offline: Bool
        switch client.connector {
        case "salesforce": offline = scopes.contains("refresh_token") || scopes.contains("offline_access")
        case "zoho-crm": offline = r.queryValue("access_type") == "offline"
        default: offline = client.issuesRefreshTokens
        }
        let account = r.queryValue("login_hint").flatMap(SandboxAccount.named)?.id ?? SandboxAccount.all[0].id
        let request = TokenBook.Authorization(
            connector: client.connector, clientID: client.id, redirectURI: redirect, state: st, codeChallenge: challenge,
            scopes: scopes, offline: offline, account: account, expiresAt: Date().timeIntervalSince1970 + state.codeTTL)
        if state.autoApprove.withLock({ $0 }) {
            return approve(request)
        }
        let id = state.tokens.addPending(request)
        return .html(200, ConsentPage.render(client: client, scopes: scopes, redirectURI: redirect, requestID: id, defaultAccount: account))
    }

    private func decide(_ r: SandboxRequest, _ client: SandboxClient) -> SandboxReply {
        guard r.mediaType == "application/x-www-form-urlencoded" else {
            return errorPage(415, "Unsupported form", "the consent form posts application/x-www-form-urlencoded")
        }
        guard let id = r.formValue("request"), var request = state.tokens.takePending(id), request.connector == client.connector else {
            return errorPage(400, "Request expired", "this authorization request is unknown or was already answered; start the connection again.")
        }
        if r.formValue("decision") != "approve" {
            return .redirect(to: Self.append(to: request.redirectURI, [("error", "access_denied"), ("error_description", "the user denied access")]
                                             + (request.state.map { [("state", $0)] } ?? [])))
        }
        if let account = r.formValue("account").flatMap(SandboxAccount.named) { request.account = account.id }
        request.expiresAt = Date().timeIntervalSince1970 + state.codeTTL
        return approve(request)
    }

    private func approve(_ request: TokenBook.Authorization) -> SandboxReply {
        let code = state.tokens.issueCode(request)
        var params = [("code", code)]
        if let s = request.state { params.append(("state", s)) }
        if request.connector == "zoho-crm" { params.append(("accounts-server", state.baseURL + "/oauth/zoho-crm")); params.append(("location", "us")) }
        return .redirect(to: Self.append(to: request.redirectURI, params))
    }

    // MARK: Token endpoint

    private func token(_ r: SandboxRequest, _ client: SandboxClient) -> SandboxReply {
        guard r.mediaType == "application/x-www-form-urlencoded" else {
            return oauthError(400, "invalid_request", "the token request must be application/x-www-form-urlencoded")
        }
        if let failure = authenticate(r, client) { return failure }
        let now = Date().timeIntervalSince1970
        let ttl = client.connector == "copper" ? nil : state.tokenTTL.withLock { $0 }
        switch r.formValue("grant_type") {
        case "authorization_code":
            guard let code = r.formValue("code"), !code.isEmpty else { return oauthError(400, "invalid_request", "missing code") }
            guard let verifier = r.formValue("code_verifier"), !verifier.isEmpty else {
                return oauthError(400, "invalid_request", "missing code_verifier (PKCE is required)")
            }
            let a: TokenBook.Authorization
            switch state.tokens.redeem(code: code, now: now) {
            case .failure(let why): return oauthError(400, "invalid_grant", why)
            case .success(let found): a = found
            }
            guard a.clientID == client.id else { return oauthError(400, "invalid_grant", "authorization code was issued to another client") }
            guard r.formValue("redirect_uri") == a.redirectURI else {
                return oauthError(400, "invalid_grant", "redirect_uri does not match the one used in the authorization request")
            }
            guard (43...128).contains(verifier.count), TokenBook.challenge(forVerifier: verifier) == a.codeChallenge else {
                return oauthError(400, "invalid_grant", "code_verifier does not match the code_challenge (PKCE S256)")
            }
            let issued = state.tokens.issue(connector: client.connector, clientID: client.id, account: a.account, scopes: Set(a.scopes),
                                            ttl: ttl, withRefresh: a.offline, now: now)
            state.tokens.attach(code: code, access: issued.access, refresh: issued.refresh)
            return tokenResponse(client, access: issued.access, refresh: issued.refresh, scopes: a.scopes, account: a.account, ttl: ttl, now: now)
        case "refresh_token":
            guard let token = r.formValue("refresh_token"), !token.isEmpty else { return oauthError(400, "invalid_request", "missing refresh_token") }
            let requested = r.formValue("scope").map { Set($0.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)) }
            switch state.tokens.refresh(token, clientID: client.id, connector: client.connector, scopes: requested, ttl: ttl,
                                        rotate: client.rotatesRefreshTokens, now: now) {
            case .failure(let why): return oauthError(400, "invalid_grant", why)
            case .success(let issued):
                let account = state.tokens.check(issued.access, connector: client.connector, now: now).map(\.account)
                return tokenResponse(client, access: issued.access, refresh: issued.refresh, scopes: issued.scopes.sorted(),
                                     account: account.value ?? SandboxAccount.all[0].id, ttl: ttl, now: now)
            }
        case nil, "":
            return oauthError(400, "invalid_request", "missing grant_type")
        case let other?:
            return oauthError(400, "unsupported_grant_type", "grant_type \"\(other)\" is not supported; use authorization_code or refresh_token")
        }
    }

    private func tokenResponse(_ client: SandboxClient, access: String, refresh: String?, scopes: [String], account: String,
                               ttl: Double?, now: Double) -> SandboxReply {
        var body = JSONObject()
        body["access_token"] = .string(access)
        if let refresh { body["refresh_token"] = .string(refresh) }
        body["token_type"] = client.connector == "hubspot" ? "bearer" : "Bearer"
        if client.reportsExpiry, let ttl { body["expires_in"] = .number(ttl.rounded()) }
        body["scope"] = .string(scopes.joined(separator: client.connector == "zoho-crm" ? "," : " "))
        let acct = SandboxAccount.named(account) ?? SandboxAccount.all[0]
        switch client.connector {
        case "salesforce":
            body["instance_url"] = .string(state.baseURL + "/salesforce")
            body["id"] = .string(state.baseURL + "/salesforce/id/\(acct.orgID)/0055g00000SandboxAAA")
            body["issued_at"] = .string(String(Int64(now * 1000)))
            body["signature"] = .string(TokenBook.base64url(Data(TokenBook.challenge(forVerifier: access).utf8)))
        case "hubspot":
            body["hub_id"] = .number(Double(acct.hubID))
        case "pipedrive", "zoho-crm":
            body["api_domain"] = .string(state.baseURL + "/" + client.connector)
        default:
            break
        }
        return .json(200, .object(body), headers: [("Cache-Control", "no-store"), ("Pragma", "no-cache")])
    }

    // MARK: Revocation (RFC 7009)

    private func revoke(_ r: SandboxRequest, _ client: SandboxClient) -> SandboxReply {
        guard r.mediaType == "application/x-www-form-urlencoded" else {
            return oauthError(400, "invalid_request", "the revocation request must be application/x-www-form-urlencoded")
        }
        if let failure = authenticate(r, client) { return failure }
        guard let token = r.formValue("token"), !token.isEmpty else { return oauthError(400, "invalid_request", "missing token") }
        state.tokens.revoke(token, clientID: client.id)
        return SandboxReply(status: 200)
    }

    // MARK: Client authentication

    /// nil when the client authenticated with its registered method; otherwise the error reply.
    private func authenticate(_ r: SandboxRequest, _ client: SandboxClient) -> SandboxReply? {
        let basic = r.header("authorization").flatMap(Self.basicCredentials)
        let postID = r.formValue("client_id"), postSecret = r.formValue("client_secret")
        switch client.authMethod {
        case "client_secret_basic":
            guard let (id, secret) = basic else {
                return oauthError(401, "invalid_client", postSecret != nil
                                  ? "this client authenticates with HTTP Basic (client_secret_basic), not client_secret in the body"
                                  : "client authentication failed: send Authorization: Basic base64(client_id:client_secret)", basic: true)
            }
            guard id == client.id, secret == client.secret else { return oauthError(401, "invalid_client", "client authentication failed", basic: true) }
            if let postID, postID != id { return oauthError(400, "invalid_request", "client_id in the body differs from the Basic credentials") }
        default:
            if basic != nil && postSecret == nil {
                return oauthError(401, "invalid_client", "this client authenticates with client_id and client_secret in the body (client_secret_post), not HTTP Basic")
            }
            guard let postID, let postSecret else { return oauthError(401, "invalid_client", "client authentication failed: missing client_id or client_secret") }
            guard postID == client.id, postSecret == client.secret else { return oauthError(401, "invalid_client", "client authentication failed") }
        }
        return nil
    }

    static func basicCredentials(_ header: String) -> (String, String)? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic", let data = Data(base64Encoded: String(parts[1])),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        let id = String(text[..<colon]).removingPercentEncoding ?? ""
        let secret = String(text[text.index(after: colon)...]).removingPercentEncoding ?? ""
        return (id, secret)
    }

    // MARK: Replies

    private func oauthError(_ status: Int, _ error: String, _ description: String, basic: Bool = false) -> SandboxReply {
        var reply = SandboxReply.json(status, ["error": .string(error), "error_description": .string(description)],
                                      headers: [("Cache-Control", "no-store")])
        if status == 401 && basic { reply = reply.adding("WWW-Authenticate", "Basic realm=\"sandbox\"") }
        return reply
    }

    private func errorPage(_ status: Int, _ title: String, _ message: String) -> SandboxReply {
        .html(status, ConsentPage.error(title: title, message: message))
    }

    /// `uri` with query parameters appended.
    static func append(to uri: String, _ params: [(String, String)]) -> String {
        let query = SandboxForm.encode(params)
        return uri + (uri.contains("?") ? "&" : "?") + query
    }
}
