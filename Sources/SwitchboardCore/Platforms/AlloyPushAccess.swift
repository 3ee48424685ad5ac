/// The push engine's access through Alloy: the API key as the token (sent as
/// `Authorization: Bearer <key>`). Alloy refreshes CRM tokens itself, so a refused credential
/// (INVALID_CREDENTIAL) cannot be fixed by refreshing here: the run stops and asks for re-auth.
public struct AlloyPushAccess: PushAccessProvider {
    let apiKey: String

    public init(apiKey: String) { self.apiKey = apiKey }

    public func access() async throws(PushAccessError) -> AccessGrant {
        AccessGrant(accessToken: apiKey)
    }

    public func accessAfterRejection(_ rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        throw PushAccessError("Alloy says the tenant's credential has expired or been revoked (reconnect through Alloy: auth login with --platform alloy --force)")
    }
}
