/// Why an authorization step failed, in words for support staff. Never contains a whole token.
public enum AuthError: Error, Sendable, Equatable, CustomStringConvertible {
    // Key and store
    case badMasterKey(String)
    case cannotDecrypt(String)
    case credentialGone(String)
    case store(String)
    // Configuration
    case unknownConnector(String)
    case unknownRegion(String, connector: String, available: [String])
    case notOAuth(connector: String)
    case notAPIKey(connector: String)
    case missingAppCredentials(connector: String, envPrefix: String, configFile: String)
    case badAppConfig(String)
    case badRedirectURI(String)
    case redirectNeedsPaste(String)
    // Listener
    case portInUse(Int, flag: String)
    case cannotListen(String)
    // Callback
    case stateMismatch
    case missingState
    case missingCode
    case providerDenied(error: String, description: String?)
    case timedOut(seconds: Int)
    case alreadyCompleted
    case cancelled
    case invalidPastedURL(String)
    case untrustedAccountsServer(String)
    // Token endpoint
    case tokenRequestFailed(status: Int, error: String?, description: String?)
    case invalidGrant(String?)
    case invalidTokenResponse(String)
    case network(String)
    // Using credentials
    case noCredential(tenant: String, connector: String)
    case needsReauth(tenant: String, connector: String)
    case emptyAPIKey
    /// The manifest in use would send the credential to a host it was not issued for.
    case hostNotIssued(connector: String, host: String, issued: [String])

    public var description: String {
        switch self {
        case .badMasterKey(let why): return "encryption key: \(why)"
        case .cannotDecrypt(let why): return "credential store: \(why)"
        case .credentialGone(let id): return "credential \(id) no longer exists (deleted meanwhile?)"
        case .store(let why): return why
        case .unknownConnector(let id): return "no connector \"\(id)\" in the catalog; `switchboard connectors list` shows them"
        case .unknownRegion(let region, let id, let available):
            return available.isEmpty ? "connector \"\(id)\" has no regions (no --region needed)"
                : "connector \"\(id)\" has no region \"\(region)\"; regions: \(available.joined(separator: ", "))"
        case .notOAuth(let id): return "connector \"\(id)\" does not use OAuth; use `auth login \(id) --api-key-stdin`"
        case .notAPIKey(let id): return "connector \"\(id)\" uses OAuth, not an API key; run `auth login \(id)` without --api-key-stdin"
        case .missingAppCredentials(let id, let prefix, let file):
            return "no OAuth app credentials for \"\(id)\": set \(prefix)_CLIENT_ID and \(prefix)_CLIENT_SECRET, or add \"\(id)\" to \(file)"
        case .badAppConfig(let why): return "app credentials file: \(why)"
        case .redirectNeedsPaste(let uri):
            return "the registered redirect URI \(uri) cannot be served by the local http listener; use --paste and paste the final redirect URL (or pass --port for an http://localhost URI)"
        case .badRedirectURI(let uri): return "the redirect URI \(uri) is not a loopback http URI (http://127.0.0.1:PORT/path or http://localhost:PORT/path)"
        case .portInUse(let port, let flag):
            return "port \(port) on 127.0.0.1 is already in use; stop whatever holds it or pass \(flag) with a port your app registered"
        case .cannotListen(let why): return "cannot start the loopback listener: \(why)"
        case .stateMismatch: return "the callback's state does not match this login (a stale or forged callback); nothing was stored, start the login again"
        case .missingState: return "the callback has no state parameter; nothing was stored, start the login again"
        case .missingCode: return "the callback has no authorization code; nothing was stored, start the login again"
        case .providerDenied(let error, let description):
            let why = description.map { ": \($0)" } ?? ""
            return error == "access_denied"
                ? "the user declined access at the provider\(why); nothing was stored"
                : "the provider refused the authorization (\(error))\(why); nothing was stored"
        case .timedOut(let seconds): return "no callback within \(seconds) s; nothing was stored (use --timeout for longer, or --paste)"
        case .alreadyCompleted: return "this login has already received its callback; start a new login"
        case .cancelled: return "the login was cancelled; nothing was stored"
        case .untrustedAccountsServer(let server):
            return "the callback names the accounts server \(server), which is none of the connector's regions; the code was not sent there and nothing was stored"
        case .invalidPastedURL(let why): return "the pasted redirect URL is not usable: \(why)"
        case .tokenRequestFailed(let status, let error, let description):
            let detail = [error, description].compactMap { $0 }.joined(separator: ": ")
            return "the token endpoint answered HTTP \(status)\(detail.isEmpty ? "" : " (\(detail))"); nothing was stored"
        case .invalidGrant(let description):
            return "the provider refused the grant (invalid_grant\(description.map { ": \($0)" } ?? "")); run `switchboard auth login` again"
        case .invalidTokenResponse(let why): return "the token endpoint's answer is not usable: \(why)"
        case .network(let why): return "network: \(why)"
        case .noCredential(let tenant, let connector):
            return "tenant \"\(tenant)\" has no credential for \(connector); run `switchboard auth login \(connector) --tenant \(tenant)`"
        case .needsReauth(let tenant, let connector):
            return "the \(connector) credential of tenant \"\(tenant)\" needs re-authorization; run `switchboard auth login \(connector) --tenant \(tenant)`"
        case .emptyAPIKey: return "no API key on standard input"
        case .hostNotIssued(let connector, let host, let issued):
            return "not sent: the \(connector) credential was issued for \(issued.joined(separator: ", ")), and the manifest in use sends it to \(host) "
                + "(a --connectors-dir or sandbox manifest pointing elsewhere?); log in again (`auth login \(connector)`) to use that host"
        }
    }

    /// The push engine's error code for this failure.
    public var code: String {
        switch self {
        case .noCredential, .needsReauth, .invalidGrant, .cannotDecrypt, .credentialGone: return "INVALID_CREDENTIAL"
        case .network: return "NETWORK"
        default: return "AUTH_FAILED"
        }
    }
}
