/// Where and how to call the provider's REST API.
///
/// Keys: `baseURL` (required); `contentType` (default "application/json"), `headers` (sent with
/// every request, e.g. Copper's `X-PW-Application`), `regions` (data centres, see `RegionSpec`),
/// `docsURL`.
public struct APISpec: Sendable, Equatable {
    public var baseURL: String
    public var contentType: String
    public var headers: [NameValue]
    public var regions: [RegionSpec]
    public var docsURL: String?

    /// The region with `id`, if declared.
    public func region(id: String) -> RegionSpec? { regions.first { $0.id == id } }

    static let keys = ManifestKeys(required: ["baseURL"], optional: ["contentType", "headers", "regions", "docsURL"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> APISpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let baseURL = o.url("baseURL")
        if let baseURL, baseURL.hasSuffix("/") { r.report(o.at("baseURL"), "must not end with \"/\" (action paths start with one)") }
        let contentType = o.string("contentType") ?? "application/json"
        let headers = (o.stringMap("headers") ?? []).map { NameValue($0.0, $0.1) }
        var regions: [RegionSpec] = []
        for (i, item) in (r.array(o.value("regions"), at: o.at("regions")) ?? []).enumerated() {
            let rp = o.at("regions").appending(i)
            guard let region = RegionSpec.decode(item, at: rp, r) else { continue }
            if regions.contains(where: { $0.id == region.id }) {
                r.report(rp.appending("id"), "duplicate region id \"\(region.id)\"")
            } else {
                regions.append(region)
            }
        }
        let docsURL = o.url("docsURL")
        guard let baseURL, !baseURL.hasSuffix("/") else { return nil }
        return APISpec(baseURL: baseURL, contentType: contentType, headers: headers, regions: regions, docsURL: docsURL)
    }
}

/// A data centre with its own hosts (Zoho: accounts.zoho.eu + www.zohoapis.eu; Salesforce: sandbox login).
///
/// Keys: `id`, `name`, `baseURL` required; `authorizationURL`, `tokenURL`, `revokeURL` optional
/// (replace the auth section's URLs when this region is chosen).
public struct RegionSpec: Sendable, Equatable {
    public var id: String
    public var name: String
    public var baseURL: String
    public var authorizationURL: String?
    public var tokenURL: String?
    public var revokeURL: String?

    static let keys = ManifestKeys(required: ["id", "name", "baseURL"], optional: ["authorizationURL", "tokenURL", "revokeURL"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> RegionSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let id = o.identifier("id", pattern: "^[a-z0-9][a-z0-9-]*$", rule: "use lowercase letters, digits and '-'")
        let name = o.string("name")
        let baseURL = o.url("baseURL")
        let auth = o.url("authorizationURL"), token = o.url("tokenURL"), revoke = o.url("revokeURL")
        guard let id, let name, let baseURL else { return nil }
        return RegionSpec(id: id, name: name, baseURL: baseURL, authorizationURL: auth, tokenURL: token, revokeURL: revoke)
    }
}
