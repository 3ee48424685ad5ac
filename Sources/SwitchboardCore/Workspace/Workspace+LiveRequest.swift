import Foundation

/// A request with the tenant's real credential in its headers, for a person who asked for it
/// whole (the console's "copy as curl with the token", after a confirmation).
extension Workspace {
    /// The request a push of `record` through `action` with `mapping` would send for `tenant`,
    /// built with the access that push would get: the credential provider's token (refreshed when
    /// due, refused when the manifest would send it to a host it was not issued for — see
    /// `CredentialProvider`), and the URL on that token's API host. `pathValues` fill the path's
    /// `{parameters}` (the Preview keeps them as `{name}`).
    ///
    /// The token is placed only in a request to the host it was handed out for: a URL anywhere
    /// else is refused, and nothing is returned.
    public func liveRequest(connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, record: UniversalRecord, tenant: Tenant,
                            pathValues: [String: String] = [:]) async throws(WorkspaceError) -> PreparedRequest {
        let target = try pushTarget(connector: connector, action: action, mapping: mapping, tenant: tenant)
        let grant: AccessGrant
        do { grant = try await target.access.access() } catch { throw WorkspaceError(error.description) }
        let request: PreparedRequest
        do {
            request = try RequestBuilder.build(record: record, mapping: target.mapping, action: target.action, connector: target.manifest,
                                               access: grant, pathValues: pathValues)
        } catch { throw WorkspaceError(error.description) }
        // The token's API host (checked against the hosts it was issued for when it was handed
        // out) is where the request must go.
        let base = RequestBuilder.baseURL(target.manifest, grant)
        guard let host = URLComponents(string: base)?.host else { throw WorkspaceError("\(connector.name)'s API URL \(base) names no host") }
        guard request.url.hasPrefix(base + "/") || request.url.hasPrefix(base + "?") || request.url == base else {
            throw WorkspaceError("\(tenant.name)'s \(connector.name) token is not placed in a request to \(request.url): "
                                 + "it is for \(host) only")
        }
        return request
    }
}
