/// The access token a push run's concurrent requests share. When the CRM refuses a token, it is
/// renewed once: requests refused together with the same token wait for that one renewal
/// (single-flight) instead of each refreshing, and a token is never renewed twice.
actor SharedAccess {
    private let provider: any PushAccessProvider
    /// The access new requests use.
    private(set) var current: AccessGrant
    /// Renewals by refused token, kept for the whole run so each token is renewed at most once.
    private var renewals: [String: Task<Result<AccessGrant, PushAccessError>, Never>] = [:]

    init(provider: any PushAccessProvider, first: AccessGrant) {
        self.provider = provider
        current = first
    }

    /// The access to use after the CRM refused `rejected`: the renewal started by whoever was
    /// refused first with that token, or a new one. Throws when the renewal failed.
    func renewed(after rejected: AccessGrant) async throws(PushAccessError) -> AccessGrant {
        let renewal = renewals[rejected.accessToken] ?? startRenewal(of: rejected)
        let fresh = try await renewal.value.get()
        if current.accessToken == rejected.accessToken { current = fresh }
        return current
    }

    private func startRenewal(of rejected: AccessGrant) -> Task<Result<AccessGrant, PushAccessError>, Never> {
        let provider = self.provider
        let renewal = Task { () async -> Result<AccessGrant, PushAccessError> in
            do throws(PushAccessError) { return .success(try await provider.accessAfterRejection(rejected)) } catch { return .failure(error) }
        }
        renewals[rejected.accessToken] = renewal
        return renewal
    }
}
