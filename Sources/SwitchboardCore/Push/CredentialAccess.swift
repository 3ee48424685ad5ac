/// The push engine's access through the credential store: a valid token (refreshed before
/// expiry), its API host, and exactly one refresh after a 401.
public struct CredentialAccess: PushAccessProvider {
    public let provider: CredentialProvider
    public let tenant: String
    public let connector: String
    private let issued = IssuedTokens()

    public init(provider: CredentialProvider, tenant: String, connector: String) {
        self.provider = provider
        self.tenant = tenant
        self.connector = connector
    }

    public func access() async throws(PushAccessError) -> AccessGrant {
        do {
            let token = try await provider.validAccessToken(tenant: tenant, connector: connector)
            await issued.remember(token)
            return Self.access(token)
        } catch {
            throw PushAccessError(error.description)
        }
    }

    /// Refreshes once for the rejected token: when another caller already refreshed it, the
    /// provider hands out the newer token instead of refreshing again.
    public func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        do {
            let token = try await provider.forceRefresh(tenant: tenant, connector: connector, rejected: await issued.token(withValue: rejected.accessToken))
            await issued.remember(token)
            return Self.access(token)
        } catch {
            throw PushAccessError(error.description)
        }
    }

    /// The tokens this access handed out, so a rejection names the exact one refused.
    actor IssuedTokens {
        private var tokens: [String: AccessToken] = [:]
        func remember(_ token: AccessToken) { tokens[token.value] = token }
        func token(withValue value: String) -> AccessToken? { tokens[value] }
    }

    static func access(_ token: AccessToken) -> AccessGrant {
        AccessGrant(accessToken: token.value, apiHost: token.apiBaseURL, method: token.metadata[Credential.methodKey],
                    values: Credential.inputs(of: token.metadata))
    }
}
