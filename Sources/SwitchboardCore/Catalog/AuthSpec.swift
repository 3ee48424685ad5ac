/// How a connector authenticates: OAuth 2.0 authorization code, or an API key in a header.
///
/// Manifest keys: `kind` (`oauth2` | `apiKey`), then the keys of `OAuth2Spec` or `APIKeySpec`.
public enum AuthSpec: Sendable, Equatable {
    case oauth2(OAuth2Spec)
    case apiKey(APIKeySpec)

    /// The kinds of authentication a manifest can declare.
    public enum Kind: String, Sendable, CaseIterable { case oauth2, apiKey }

    /// Which kind this is.
    public var kind: Kind {
        switch self {
        case .oauth2: return .oauth2
        case .apiKey: return .apiKey
        }
    }

    /// The OAuth settings, when this is OAuth 2.0.
    public var oauth2: OAuth2Spec? { if case .oauth2(let s) = self { return s }; return nil }

    /// The API key settings, when this is an API key.
    public var apiKey: APIKeySpec? { if case .apiKey(let s) = self { return s }; return nil }

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> AuthSpec? {
        guard let value else { return nil }
        guard case .object(let object) = value else { r.report(p, "expected object, found \(value.typeName)"); return nil }
        guard let kindValue = object["kind"] else {
            r.report(p.appending("kind"), "missing")
            return nil
        }
        guard let kindText = kindValue.stringValue, let kind = Kind(rawValue: kindText) else {
            r.report(p.appending("kind"), "unknown auth kind \(JSONWriter.compact(kindValue)); expected \"oauth2\" or \"apiKey\"")
            return nil
        }
        switch kind {
        case .oauth2: return OAuth2Spec.decode(value, at: p, r).map(AuthSpec.oauth2)
        case .apiKey: return APIKeySpec.decode(value, at: p, r).map(AuthSpec.apiKey)
        }
    }
}

/// How the client proves its identity at the token endpoint (RFC 6749 §2.3.1).
public enum ClientAuthentication: String, Sendable, Equatable, CaseIterable {
    /// `client_id` and `client_secret` in the form body.
    case clientSecretPost = "client_secret_post"
    /// HTTP Basic with the client id and secret.
    case clientSecretBasic = "client_secret_basic"
}

/// Whether the provider accepts PKCE (RFC 7636) with S256.
public enum PKCESupport: String, Sendable, Equatable, CaseIterable {
    case supported, required, unsupported
}

/// How the authorization response reaches us: a GET with query parameters, or an HTML form POST.
public enum CallbackMode: String, Sendable, Equatable, CaseIterable {
    case query
    case formPost = "form_post"
}

/// Which redirect URI the provider accepts.
public enum RedirectPolicy: Sendable, Equatable {
    /// Any port on the loopback interface (RFC 8252 §7.3), with this callback path.
    case anyLoopbackPort(path: String)
    /// Exactly this registered URI.
    case fixed(uri: String)
}

/// OAuth 2.0 authorization-code settings.
///
/// Keys: `authorizationURL`, `tokenURL`, `scopes`, `clientAuthentication`, `pkce`, `redirect`
/// (`{"policy": "anyLoopbackPort", "path": "/callback"}` or `{"policy": "fixed", "uri": "..."}`),
/// `callback` (required); `refreshURL` (default: tokenURL), `revokeURL`, `scopeSeparator` (default
/// " "), `extraAuthorizeParams`, `apiHostFields` (token-response fields holding the API host, e.g.
/// `instance_url`), `accessTokenHeader` (default "Authorization"), `accessTokenFormat` (default
/// "Bearer {token}"), `issuesRefreshTokens` (default true), `notes` (optional).
public struct OAuth2Spec: Sendable, Equatable {
    public var authorizationURL: String
    public var tokenURL: String
    public var refreshURL: String
    public var revokeURL: String?
    public var scopes: [String]
    public var scopeSeparator: String
    public var clientAuthentication: ClientAuthentication
    public var pkce: PKCESupport
    public var redirect: RedirectPolicy
    public var callback: CallbackMode
    public var extraAuthorizeParams: [NameValue]
    public var apiHostFields: [String]
    public var accessTokenHeader: String
    public var accessTokenFormat: String
    public var issuesRefreshTokens: Bool
    public var notes: String?

    /// The scopes joined as the provider expects them in the `scope` parameter.
    public var scopeParameter: String { scopes.joined(separator: scopeSeparator) }

    /// The `Authorization` (or other) header value for `token`.
    public func headerValue(forToken token: String) -> String {
        accessTokenFormat.replacingOccurrences(of: "{token}", with: token)
    }

    static let keys = ManifestKeys(
        required: ["kind", "authorizationURL", "tokenURL", "scopes", "clientAuthentication", "pkce", "redirect", "callback"],
        optional: ["refreshURL", "revokeURL", "scopeSeparator", "extraAuthorizeParams", "apiHostFields",
                   "accessTokenHeader", "accessTokenFormat", "issuesRefreshTokens", "notes"])
    static let redirectKeys = ManifestKeys(required: ["policy"], optional: ["path", "uri"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> OAuth2Spec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let authorizationURL = o.url("authorizationURL")
        let tokenURL = o.url("tokenURL")
        let refreshURL = o.url("refreshURL")
        let revokeURL = o.url("revokeURL")
        let scopes = o.strings("scopes")
        let separator = o.string("scopeSeparator", allowEmpty: false) ?? " "
        let clientAuth = o.enumeration("clientAuthentication", ClientAuthentication.self, what: "client authentication")
        let pkce = o.enumeration("pkce", PKCESupport.self, what: "PKCE support")
        let callback = o.enumeration("callback", CallbackMode.self, what: "callback mode")
        let redirect = decodeRedirect(o.value("redirect"), at: o.at("redirect"), r)
        let extra = o.stringMap("extraAuthorizeParams") ?? []
        let hostFields = o.strings("apiHostFields") ?? []
        let tokenHeader = o.string("accessTokenHeader") ?? "Authorization"
        let tokenFormat = o.string("accessTokenFormat") ?? "Bearer {token}"
        if o.has("accessTokenFormat") && !tokenFormat.contains("{token}") {
            r.report(o.at("accessTokenFormat"), "must contain the placeholder {token}")
        }
        let issuesRefresh = o.bool("issuesRefreshTokens") ?? true
        let notes = o.string("notes")
        guard let authorizationURL, let tokenURL, let scopes, let clientAuth, let pkce, let callback, let redirect else { return nil }
        return OAuth2Spec(
            authorizationURL: authorizationURL, tokenURL: tokenURL, refreshURL: refreshURL ?? tokenURL, revokeURL: revokeURL,
            scopes: scopes, scopeSeparator: separator, clientAuthentication: clientAuth, pkce: pkce, redirect: redirect,
            callback: callback, extraAuthorizeParams: extra.map { NameValue($0.0, $0.1) }, apiHostFields: hostFields,
            accessTokenHeader: tokenHeader, accessTokenFormat: tokenFormat, issuesRefreshTokens: issuesRefresh, notes: notes)
    }

    private static func decodeRedirect(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> RedirectPolicy? {
        guard let o = r.object(value, at: p, keys: redirectKeys) else { return nil }
        switch o.string("policy") {
        case "anyLoopbackPort":
            if o.has("uri") { r.report(o.at("uri"), "not allowed with policy \"anyLoopbackPort\" (use \"path\")") }
            let path = o.string("path") ?? "/callback"
            guard path.hasPrefix("/") else { r.report(o.at("path"), "must start with \"/\""); return nil }
            return .anyLoopbackPort(path: path)
        case "fixed":
            if o.has("path") { r.report(o.at("path"), "not allowed with policy \"fixed\" (use \"uri\")") }
            guard o.has("uri") else { r.report(o.at("uri"), "missing"); return nil }
            return o.url("uri").map { .fixed(uri: $0) }
        case let other?:
            r.report(o.at("policy"), "unknown redirect policy \"\(other)\"; expected \"anyLoopbackPort\" or \"fixed\"")
            return nil
        case nil:
            return nil
        }
    }
}

/// API-key settings: the header that carries the key and how its value is written.
///
/// Keys: `kind`, `header`, `format` (must contain `{apiKey}`, e.g. "Token token={apiKey}") required;
/// `instructions` (where the user finds the key) optional.
public struct APIKeySpec: Sendable, Equatable {
    public var header: String
    public var format: String
    public var instructions: String?

    /// The header value for `key`.
    public func headerValue(forKey key: String) -> String { format.replacingOccurrences(of: "{apiKey}", with: key) }

    static let keys = ManifestKeys(required: ["kind", "header", "format"], optional: ["instructions"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> APIKeySpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let header = o.string("header")
        let format = o.string("format")
        if let format, !format.contains("{apiKey}") { r.report(o.at("format"), "must contain the placeholder {apiKey}") }
        guard let header, let format, format.contains("{apiKey}") else { return nil }
        return APIKeySpec(header: header, format: format, instructions: o.string("instructions"))
    }
}

extension RedirectPolicy {
    /// One line for people: "any loopback port, path /callback" or "exactly http://...".
    public var summary: String {
        switch self {
        case .anyLoopbackPort(let path): return "any loopback port (RFC 8252), path \(path)"
        case .fixed(let uri): return "exactly \(uri)"
        }
    }
}
