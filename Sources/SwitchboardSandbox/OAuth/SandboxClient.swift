import Foundation

/// An OAuth client registered with the sandbox's provider: one per built-in connector id.
public struct SandboxClient: Sendable, Equatable {
    /// The connector id (`hubspot`, `salesforce`, `copper`, `pipedrive`, `zoho-crm`).
    public var connector: String
    /// The client id.
    public var id: String
    /// The client secret.
    public var secret: String
    /// How this client must authenticate at the token endpoint (`client_secret_post` or `client_secret_basic`).
    public var authMethod: String
    /// Scopes the client may request (requesting none grants all of them).
    public var scopes: [String]
    /// Exactly registered redirect URIs (any other non-loopback URI is refused).
    public var redirectURIs: [String]
    /// Paths accepted on any loopback port (RFC 8252 §7.3) with http and 127.0.0.1, localhost or [::1].
    public var loopbackPaths: [String]
    /// Whether a refresh grant returns a new refresh token and invalidates the old one.
    public var rotatesRefreshTokens: Bool
    /// Whether refresh tokens are issued at all (Copper: no; Salesforce: only with scope `refresh_token`).
    public var issuesRefreshTokens: Bool
    /// Whether the token response carries `expires_in` (Salesforce's does not).
    public var reportsExpiry: Bool
}

/// The demo accounts (tenants' CRM accounts) every connector has in the sandbox.
public struct SandboxAccount: Sendable, Equatable {
    /// Short id used in URLs and admin calls (`acme`).
    public var id: String
    /// Display name on the consent page.
    public var name: String
    /// HubSpot's portal (hub) id.
    public var hubID: Int
    /// Salesforce's organization id.
    public var orgID: String

    /// The three demo accounts; `acme` is the default.
    public static let all: [SandboxAccount] = [
        SandboxAccount(id: "acme", name: "Acme Corp", hubID: 7_000_001, orgID: "00D5g000004AcmeEAA"),
        SandboxAccount(id: "globex", name: "Globex Corporation", hubID: 7_000_002, orgID: "00D5g000004GlobEAA"),
        SandboxAccount(id: "initech", name: "Initech", hubID: 7_000_003, orgID: "00D5g000004InitEAA"),
    ]

    /// The account with `id`, if any.
    public static func named(_ id: String) -> SandboxAccount? { all.first { $0.id == id } }
}

extension SandboxClient {
    /// The registered clients, keyed by connector id.
    static let registered: [String: SandboxClient] = {
        let loopback = ["/oauth/callback", "/callback", "/alloy/oauth/callback"]
        func client(_ connector: String, _ method: String, _ scopes: [String], fixed: [String],
                    rotates: Bool = true, issues: Bool = true, expiry: Bool = true) -> SandboxClient {
            SandboxClient(connector: connector, id: "sandbox-\(connector)-client", secret: "sandbox-\(connector)-secret",
                          authMethod: method, scopes: scopes, redirectURIs: fixed, loopbackPaths: loopback,
                          rotatesRefreshTokens: rotates, issuesRefreshTokens: issues, reportsExpiry: expiry)
        }
        let list = [
            client("hubspot", "client_secret_post", [
                "oauth", "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read",
                "crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write", "tickets",
                "crm.objects.leads.read", "crm.objects.leads.write", "crm.schemas.contacts.write", "crm.schemas.companies.write", "crm.schemas.deals.write",
            ], fixed: ["http://localhost:8976/oauth/callback"]),
            client("salesforce", "client_secret_post", ["api", "refresh_token", "offline_access", "id", "full", "web"],
                   fixed: ["http://localhost:8976/oauth/callback"], rotates: false, expiry: false),
            client("copper", "client_secret_post", ["developer/v1/all"], fixed: ["https://localhost:8977/oauth/callback"], issues: false),
            client("pipedrive", "client_secret_basic", ["base", "contacts:full", "deals:full", "leads:full", "activities:full"], fixed: ["http://localhost:8976/oauth/callback"]),
            client("zoho-crm", "client_secret_post", [
                "ZohoCRM.modules.contacts.ALL", "ZohoCRM.modules.accounts.ALL", "ZohoCRM.modules.deals.ALL", "ZohoCRM.modules.leads.ALL",
                "ZohoCRM.modules.tasks.ALL", "ZohoCRM.modules.calls.ALL", "ZohoCRM.modules.events.ALL", "ZohoCRM.modules.cases.ALL", "ZohoCRM.settings.fields.READ",
            ], fixed: ["http://localhost:8976/oauth/callback"], rotates: false),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.connector, $0) })
    }()

    /// Whether `uri` is acceptable for this client: exactly registered, or http on a loopback host
    /// (127.0.0.1, localhost, [::1]) with any port and a registered loopback path (RFC 8252 §7.3).
    func accepts(redirectURI uri: String) -> Bool {
        if redirectURIs.contains(uri) { return true }
        guard let c = URLComponents(string: uri), c.scheme == "http", let host = c.host?.lowercased(),
              ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host), c.user == nil, c.fragment == nil else { return false }
        return loopbackPaths.contains(c.path)
    }
}
