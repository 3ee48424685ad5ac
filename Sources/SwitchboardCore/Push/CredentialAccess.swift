/// The push engine's access through the credential store: a valid token (refreshed before
/// expiry), its API host, and exactly one refresh after a 401.
public struct CredentialAccess: PushAccessProvider {
    public let provider: CredentialProvider
    public let tenant: String
    public let connector: String

    public init(provider: CredentialProvider, tenant: String, connector: String) {
        self.provider = provider
        self.tenant = tenant
        self.connector = connector
    }

    public func access() async throws(PushAccessError) -> RequestPreviewBuilder.Access {
        do { return Self.access(try await provider.validAccessToken(tenant: tenant, connector: connector)) } catch {
            throw PushAccessError(error.description)
        }
    }

    public func accessAfterRejection(_ rejected: RequestPreviewBuilder.Access) async throws(PushAccessError) -> RequestPreviewBuilder.Access {
        do { return Self.access(try await provider.forceRefresh(tenant: tenant, connector: connector)) } catch {
            throw PushAccessError(error.description)
        }
    }

    static func access(_ token: AccessToken) -> RequestPreviewBuilder.Access {
        RequestPreviewBuilder.Access(accessToken: token.value, apiHost: token.apiBaseURL)
    }
}
