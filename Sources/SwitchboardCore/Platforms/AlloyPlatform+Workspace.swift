import Foundation

/// The Alloy account a workspace reaches: the base URL, the API key and where it came from, the
/// account store (API key, tenants' users and credentials, encrypted) and the platform over them.
public struct AlloyAccess: Sendable {
    public let baseURL: String
    public let platform: AlloyPlatform
    public let account: AlloyAccountStore
    /// Where the key came from: "SWITCHBOARD_ALLOY_API_KEY", "stored", "sandbox demo key", "none".
    public let keySource: String
}

extension Workspace {
    /// The Alloy base URL: `--alloy-url`, `SWITCHBOARD_ALLOY_URL`, the overrides' (the sandbox's
    /// `/alloy`), else Alloy's production URL.
    public func alloyBaseURL() throws(WorkspaceError) -> String {
        let c = configuration
        // The embedded sandbox's Alloy API wins over the environment's (its demo key is known only there).
        let sandboxFirst = c.overrides?.alloyKeyWins == true ? c.overrides?.alloyBaseURL : nil
        let given = c.alloyURL ?? sandboxFirst ?? c.environment["SWITCHBOARD_ALLOY_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? c.overrides?.alloyBaseURL ?? AlloyClient.defaultBaseURL
        guard let url = URL(string: given), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw .usage("--alloy-url \(given) is not an http(s) URL (e.g. https://production.runalloy.com)")
        }
        return AlloyClient.normalize(given)
    }

    /// The Alloy account. The key is `SWITCHBOARD_ALLOY_API_KEY`, else the stored one, else the
    /// overrides' (the sandbox's demo key); with `requireKey`, none is an error.
    public func alloy(requireKey: Bool = true) throws(WorkspaceError) -> AlloyAccess {
        let baseURL = try alloyBaseURL()
        let account = AlloyAccountStore(store: try stores().store, key: try masterKey())
        var apiKey = configuration.environment["SWITCHBOARD_ALLOY_API_KEY"].flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var source = "SWITCHBOARD_ALLOY_API_KEY"
        if let sandboxKey = configuration.overrides?.alloyAPIKey, configuration.overrides?.alloyKeyWins == true {
            apiKey = sandboxKey
            source = "sandbox demo key"
        }
        if apiKey == nil {
            do { apiKey = try account.apiKey(baseURL: baseURL) } catch { throw WorkspaceError(error.description) }
            source = "stored"
        }
        if apiKey == nil, let sandboxKey = configuration.overrides?.alloyAPIKey {
            apiKey = sandboxKey
            source = "sandbox demo key"
        }
        if apiKey == nil, requireKey { throw WorkspaceError(AlloyErrors.noAPIKey.description) }
        let platform = AlloyPlatform(client: AlloyClient(baseURL: baseURL, apiKey: apiKey ?? "", transport: configuration.transport), account: account)
        return AlloyAccess(baseURL: baseURL, platform: platform, account: account, keySource: apiKey == nil ? "none" : source)
    }
}
