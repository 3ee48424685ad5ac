/// Data-centre selection: a manifest's `api.regions` replace the OAuth URLs and the API base URL
/// (Salesforce sandbox orgs on test.salesforce.com, Zoho's EU/IN/AU/… accounts servers). The chosen
/// region's id is kept in the credential's metadata as `region`, so refresh and revoke use it too.
extension OAuth2Spec {
    /// This spec with the region's authorization, token and revocation URLs where it declares them.
    public func inRegion(_ region: RegionSpec?) -> OAuth2Spec {
        guard let region else { return self }
        var spec = self
        if let url = region.authorizationURL { spec.authorizationURL = url }
        if let url = region.tokenURL {
            spec.tokenURL = url
            spec.refreshURL = url
        }
        if let url = region.revokeURL { spec.revokeURL = url }
        return spec
    }
}

extension ConnectorManifest {
    /// The region with `id`, or an error listing the ones the manifest declares.
    public func requireRegion(_ id: String) throws(AuthError) -> RegionSpec {
        guard let region = api.region(id: id) else {
            throw .unknownRegion(id, connector: self.id, available: api.regions.map(\.id))
        }
        return region
    }

    /// The region a credential was created in (its `region` metadata), if the manifest still has it.
    public func region(of credential: Credential) -> RegionSpec? {
        credential.metadata["region"].flatMap { api.region(id: $0) }
    }
}
