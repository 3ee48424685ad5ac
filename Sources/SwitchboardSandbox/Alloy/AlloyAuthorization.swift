import Foundation
import SwitchboardCore

/// Creating a credential through OAuth: `POST /connectors/{id}/credentials` answers an `oauthUrl`
/// on the sandbox's own consent page; the provider redirects back to `/alloy/oauth/callback`, where
/// the code is exchanged (in-process, at the same token endpoint everyone uses), the credential is
/// stored, and the user is sent on to the caller's `redirectUri` with `success=true`.
struct AlloyAuthorization: Sendable {
    let state: SandboxState

    func start(_ body: JSONValue, user: String, entry: AlloyDirectory.Entry) -> SandboxReply {
        guard case .object(let o) = body else {
            return AlloyErrors.validation("Invalid request body", field: "body", reason: "expected a JSON object with authenticationType and redirectUri")
        }
        if let bad = o.keys.first(where: { !["authenticationType", "redirectUri"].contains($0) }) {
            return AlloyErrors.validation("Invalid request body", field: bad, reason: "unknown field; send authenticationType and redirectUri")
        }
        guard let type = o["authenticationType"]?.stringValue else {
            return AlloyErrors.validation("Invalid field value", field: "authenticationType", reason: o["authenticationType"] == nil ? "required" : "must be a string")
        }
        guard type == "oauth2" else {
            return AlloyErrors.validation("Invalid field value", field: "authenticationType", reason: "\(entry.id) authenticates with oauth2, not \(type)")
        }
        guard let redirect = o["redirectUri"]?.stringValue, let url = URLComponents(string: redirect),
              url.scheme == "http" || url.scheme == "https", url.host?.isEmpty == false, url.fragment == nil else {
            return AlloyErrors.validation("Invalid field value", field: "redirectUri",
                                          reason: o["redirectUri"] == nil ? "required" : "must be an absolute http(s) URL without a fragment")
        }
        guard let manifest = entry.manifest, let client = SandboxClient.registered[manifest.id] else {
            return AlloyErrors.validation("Invalid field value", field: "authenticationType", reason: "\(entry.id) has no OAuth app in the sandbox")
        }
        let verifier = TokenBook.random(32)
        let callback = state.baseURL + "/alloy/oauth/callback"
        let id = state.alloy.addPending(.init(userID: user, connector: entry.id, redirectURI: redirect, verifier: verifier, callbackURI: callback))
        var params = [("response_type", "code"), ("client_id", client.id), ("redirect_uri", callback), ("state", id),
                      ("code_challenge", TokenBook.challenge(forVerifier: verifier)), ("code_challenge_method", "S256")]
        if manifest.id == "zoho-crm" { params.append(("access_type", "offline")) }
        return .json(200, ["oauthUrl": .string(state.baseURL + "/oauth/\(manifest.id)/authorize?" + SandboxForm.encode(params))])
    }

    /// The provider's redirect: exchange the code, keep the credential, send the user on.
    func callback(_ r: SandboxRequest) async -> SandboxReply {
        guard let id = r.queryValue("state"), let pending = state.alloy.takePending(id),
              let entry = AlloyDirectory.standard.entry(pending.connector), let manifest = entry.manifest,
              let client = SandboxClient.registered[manifest.id] else {
            return .html(400, ConsentPage.error(title: "Unknown authorization", message: "This connection request is unknown or was already completed; start it again."))
        }
        if let error = r.queryValue("error") {
            return .redirect(to: OAuthEndpoints.append(to: pending.redirectURI, [("success", "false"), ("error", error)]))
        }
        guard let code = r.queryValue("code") else {
            return .redirect(to: OAuthEndpoints.append(to: pending.redirectURI, [("success", "false"), ("error", "missing_code")]))
        }
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", pending.callbackURI), ("code_verifier", pending.verifier)]
        var headers = ["content-type": "application/x-www-form-urlencoded"]
        if client.authMethod == "client_secret_basic" {
            headers["authorization"] = "Basic " + Data("\(client.id):\(client.secret)".utf8).base64EncodedString()
        } else {
            fields += [("client_id", client.id), ("client_secret", client.secret)]
        }
        let exchange = SandboxRequest(method: "POST", path: ["oauth", manifest.id, "token"], rawPath: "/oauth/\(manifest.id)/token", query: [],
                                      headers: headers, body: Data(SandboxForm.encode(fields).utf8))
        let answer = await OAuthEndpoints(state: state).handle(exchange)
        guard answer.status == 200, let token = try? JSONParser.parse(answer.body), let access = token["access_token"]?.stringValue else {
            return .redirect(to: OAuthEndpoints.append(to: pending.redirectURI, [("success", "false"), ("error", "token_exchange_failed")]))
        }
        let name = ((try? state.store.alloyUserName(pending.userID)) ?? nil) ?? "User"
        let now = SandboxTime.nowMs()
        let credential = AlloyBook.Credential(id: AlloyBook.newID("cred_"), userID: pending.userID, connector: entry.id,
                                              name: "\(name)'s \(entry.name)", type: "\(entry.id)-oauth2", createdMs: now, updatedMs: now,
                                              accessToken: access, refreshToken: token["refresh_token"]?.stringValue)
        state.alloy.add(credential)
        return .redirect(to: OAuthEndpoints.append(to: pending.redirectURI, [("success", "true")]))
    }

    /// Refreshes a credential's CRM token in-process; false when the provider refuses (revoked).
    func refresh(_ credential: AlloyBook.Credential) async -> Bool {
        guard let refresh = credential.refreshToken, let manifestID = AlloyConnectorID.manifestID(forAlloy: credential.connector),
              let client = SandboxClient.registered[manifestID] else { return false }
        var fields = [("grant_type", "refresh_token"), ("refresh_token", refresh)]
        var headers = ["content-type": "application/x-www-form-urlencoded"]
        if client.authMethod == "client_secret_basic" {
            headers["authorization"] = "Basic " + Data("\(client.id):\(client.secret)".utf8).base64EncodedString()
        } else {
            fields += [("client_id", client.id), ("client_secret", client.secret)]
        }
        let request = SandboxRequest(method: "POST", path: ["oauth", manifestID, "token"], rawPath: "/oauth/\(manifestID)/token", query: [],
                                     headers: headers, body: Data(SandboxForm.encode(fields).utf8))
        let answer = await OAuthEndpoints(state: state).handle(request)
        guard answer.status == 200, let token = try? JSONParser.parse(answer.body), let access = token["access_token"]?.stringValue else { return false }
        state.alloy.update(credential.id, accessToken: access, refreshToken: token["refresh_token"]?.stringValue)
        return true
    }
}
