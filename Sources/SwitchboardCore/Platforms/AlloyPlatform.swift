import Foundation

/// The Alloy Connectivity API as a `ConnectorPlatform`. Tenants are Alloy users (created with
/// `POST /users`, their `userId` kept in the store); credentials live at Alloy, Switchboard keeps
/// only which `credentialId` a tenant uses per connector.
public struct AlloyPlatform: ConnectorPlatform {
    public let client: AlloyClient
    public let account: AlloyAccountStore
    public var kind: PlatformKind { .alloy }

    public init(client: AlloyClient, account: AlloyAccountStore) {
        self.client = client
        self.account = account
    }

    // MARK: - Users

    /// The tenant's Alloy user, created (`POST /users` with fullName and username) when it has none.
    @discardableResult
    public func ensureUser(_ tenant: Tenant, fullName: String? = nil) async throws(PlatformError) -> String {
        if let id = try account.userID(tenant: tenant, baseURL: client.baseURL) { return id }
        let username = "switchboard-" + (tenant.externalID ?? tenant.name)
        let answer = try await client.send("POST", "/users", body: ["fullName": .string(fullName ?? tenant.name), "username": .string(username)])
        guard let id = answer["userId"]?.stringValue, !id.isEmpty else { throw AlloyErrors.badResponse("POST /users answered without a userId") }
        try account.saveUser(id, username: username, tenant: tenant, baseURL: client.baseURL)
        return id
    }

    /// The tenant's user, or `noUser`.
    public func user(_ tenant: Tenant) throws(PlatformError) -> String {
        guard let id = try account.userID(tenant: tenant, baseURL: client.baseURL) else { throw AlloyErrors.noUser(tenant: tenant.name) }
        return id
    }

    // MARK: - ConnectorPlatform

    public func connectors() async throws(PlatformError) -> [PlatformConnector] {
        let answer = try await client.send("GET", "/connectors")
        guard let list = answer["connectors"]?.arrayValue else { throw AlloyErrors.badResponse("GET /connectors answered without connectors") }
        return list.compactMap { c in
            guard let id = c["id"]?.stringValue else { return nil }
            return PlatformConnector(id: id, name: c["name"]?.stringValue ?? id, categories: (c["category"]?.arrayValue ?? []).compactMap(\.stringValue),
                                     manifestID: AlloyConnectorID.manifestID(forAlloy: id))
        }
    }

    /// The connectors whose category mentions CRM, as the Alloy docs filter them.
    public func crmConnectors() async throws(PlatformError) -> [PlatformConnector] {
        try await connectors().filter(\.isCRM)
    }

    public func credentials(tenant: Tenant, connector: String) async throws(PlatformError) -> [PlatformCredential] {
        let answer = try await client.send("GET", "/connectors/\(connector)/credentials", userID: try user(tenant))
        return (answer["credentials"]?.arrayValue ?? []).compactMap { c in
            guard let id = c["credentialId"]?.stringValue else { return nil }
            return PlatformCredential(id: id, name: c["name"]?.stringValue ?? id, type: c["type"]?.stringValue ?? "",
                                      createdAt: c["createdAt"]?.stringValue, updatedAt: c["updatedAt"]?.stringValue)
        }
    }

    public func beginAuthorization(tenant: Tenant, connector: String, redirectURI: String) async throws(PlatformError) -> AuthorizationStart {
        let existing = try await credentials(tenant: tenant, connector: connector)
        let answer = try await client.send("POST", "/connectors/\(connector)/credentials", userID: try user(tenant),
                                           body: ["authenticationType": "oauth2", "redirectUri": .string(redirectURI)])
        guard let url = answer["oauthUrl"]?.stringValue, !url.isEmpty else { throw AlloyErrors.badResponse("POST credentials answered without an oauthUrl") }
        return AuthorizationStart(url: url, existing: existing)
    }

    /// Checks the redirect's `success` parameter, then finds the new credential by listing them and
    /// keeps it as the tenant's credential for the connector.
    public func completeAuthorization(tenant: Tenant, connector: String, start: AuthorizationStart, callback: [(String, String)]) async throws(PlatformError) -> PlatformCredential {
        let success = callback.first { $0.0 == "success" }?.1
        guard success == "true" else {
            let error = callback.first { $0.0 == "error" }?.1
            throw AlloyErrors.authorizationFailed(success == nil ? "the redirect carried no success parameter" : "Alloy reported success=\(success!)\(error.map { " (\($0))" } ?? "")")
        }
        let now = try await credentials(tenant: tenant, connector: connector)
        let known = Set(start.existing.map(\.id))
        guard let fresh = now.last(where: { !known.contains($0.id) }) else {
            throw AlloyErrors.authorizationFailed("Alloy reported success but lists no new credential for \(connector)")
        }
        try account.saveCredential(fresh.id, name: fresh.name, tenant: tenant, connector: connector, baseURL: client.baseURL)
        return fresh
    }

    /// The credential the tenant uses for a connector: the one kept, else the newest Alloy lists (then kept).
    public func credentialID(tenant: Tenant, connector: String) async throws(PlatformError) -> String {
        if let id = try account.credentialID(tenant: tenant, connector: connector, baseURL: client.baseURL) { return id }
        guard let newest = try await credentials(tenant: tenant, connector: connector).last else {
            throw AlloyErrors.noCredential(tenant: tenant.name, connector: connector)
        }
        try account.saveCredential(newest.id, name: newest.name, tenant: tenant, connector: connector, baseURL: client.baseURL)
        return newest.id
    }

    public func resources(connector: String) async throws(PlatformError) -> [PlatformResource] {
        let answer = try await client.send("GET", "/connectors/\(connector)/resources")
        guard let list = answer["resources"]?.arrayValue else { throw AlloyErrors.badResponse("GET resources answered without resources") }
        return list.map { r in
            PlatformResource(name: r["name"]?.stringValue ?? "", description: r["description"]?.stringValue ?? "",
                             actions: (r["actions"]?.arrayValue ?? []).compactMap { a in
                                 a["id"]?.stringValue.map { PlatformActionSummary(id: $0, name: a["name"]?.stringValue ?? $0, description: a["description"]?.stringValue ?? "") }
                             })
        }
    }

    public func action(connector: String, action: String) async throws(PlatformError) -> PlatformAction {
        let answer = try await client.send("GET", "/connectors/\(connector)/actions/\(action)")
        guard let a = answer["action"], let id = a["id"]?.stringValue else { throw AlloyErrors.badResponse("GET action answered without an action") }
        let parameters = (a["parameters"]?.arrayValue ?? []).filter { $0["in"]?.stringValue == "path" }.compactMap { $0["name"]?.stringValue }
        return PlatformAction(id: id, name: a["displayName"]?.stringValue ?? id, description: a["description"]?.stringValue ?? "",
                              method: (a["httpMethod"]?.stringValue ?? "post").uppercased(), path: a["path"]?.stringValue ?? "",
                              pathParameters: parameters, requestSchema: a["requestBody"])
    }

    public func execute(tenant: Tenant, connector: String, action: String, requestBody: JSONValue, pathParams: [String: String] = [:]) async throws(PlatformError) -> PlatformExecution {
        let credential = try await credentialID(tenant: tenant, connector: connector)
        var body = JSONObject([("credentialId", .string(credential)), ("requestBody", requestBody)])
        if !pathParams.isEmpty { body["pathParams"] = .object(JSONObject(pathParams.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })) }
        let answer = try await client.send("POST", "/connectors/\(connector)/actions/\(action)/execute", userID: try user(tenant), body: .object(body))
        let data = answer["responseData"] ?? .null
        let id = data["id"].flatMap { $0.stringValue ?? $0.numberValue.map(JSONWriter.format(number:)) }
        return PlatformExecution(statusCode: answer["statusCode"]?.intValue ?? 200, responseData: data, recordID: id)
    }
}
