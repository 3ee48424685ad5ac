import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("OAuth redirect URIs and client authentication")
struct RedirectAndClientTests {
    @Test("loopback redirect URIs match on any port (RFC 8252), other URIs only exactly")
    func redirectMatching() {
        let client = SandboxClient.registered["hubspot"]!
        #expect(client.accepts(redirectURI: "http://127.0.0.1:1/oauth/callback"))
        #expect(client.accepts(redirectURI: "http://localhost:65000/oauth/callback"))
        #expect(client.accepts(redirectURI: "http://[::1]:8080/callback"))
        #expect(client.accepts(redirectURI: "http://localhost:8976/oauth/callback"))
        #expect(!client.accepts(redirectURI: "http://127.0.0.1:5000/other"))
        #expect(!client.accepts(redirectURI: "https://127.0.0.1:5000/oauth/callback"))
        #expect(!client.accepts(redirectURI: "http://evil.example:8976/oauth/callback"))
        let copper = SandboxClient.registered["copper"]!
        #expect(copper.accepts(redirectURI: "https://localhost:8977/oauth/callback"))
        #expect(!copper.accepts(redirectURI: "https://localhost:8978/oauth/callback"))
    }

    @Test("an unregistered redirect URI or client id gets an error page, never a redirect")
    func noRedirectOnBadClient() async throws {
        try await Harness.with { h in
            let badRedirect = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", "sandbox-hubspot-client"), ("redirect_uri", "https://evil.example/cb")]))
            #expect(badRedirect.status == 400)
            #expect(badRedirect.header("Location") == nil)
            let badClient = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", "nope"), ("redirect_uri", "http://127.0.0.1:1/oauth/callback")]))
            #expect(badClient.status == 400)
            #expect(badClient.header("Location") == nil)
        }
    }

    @Test("each client must use its registered authentication method")
    func clientAuthentication() async throws {
        try await Harness.with { h in
            let hub = SandboxClient.registered["hubspot"]!
            let basicForPost = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", "x")], basic: (hub.id, hub.secret))
            #expect(basicForPost.status == 401)
            #expect(basicForPost.json["error"] == "invalid_client")
            let wrongSecret = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", "x"),
                                                                       ("client_id", hub.id), ("client_secret", "wrong")])
            #expect(wrongSecret.json["error"] == "invalid_client")
            let pipe = SandboxClient.registered["pipedrive"]!
            let postForBasic = try await h.form("/oauth/pipedrive/token", [("grant_type", "refresh_token"), ("refresh_token", "x"),
                                                                          ("client_id", pipe.id), ("client_secret", pipe.secret)])
            #expect(postForBasic.status == 401)
            #expect(postForBasic.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
            let tokens = try await h.authorize("pipedrive")
            #expect(tokens["api_domain"]?.stringValue == h.base + "/pipedrive")
        }
    }

    @Test("token endpoint errors follow RFC 6749")
    func tokenErrors() async throws {
        try await Harness.with { h in
            let hub = SandboxClient.registered["hubspot"]!
            let creds = [("client_id", hub.id), ("client_secret", hub.secret)]
            let unsupported = try await h.form("/oauth/hubspot/token", [("grant_type", "password")] + creds)
            #expect(unsupported.status == 400)
            #expect(unsupported.json["error"] == "unsupported_grant_type")
            let missing = try await h.form("/oauth/hubspot/token", creds)
            #expect(missing.json["error"] == "invalid_request")
            let json = try await h.send(.POST, "/oauth/hubspot/token", json: ["grant_type": "refresh_token"])
            #expect(json.status == 400)
            #expect(json.json["error"] == "invalid_request")
            let badCode = try await h.form("/oauth/hubspot/token", [("grant_type", "authorization_code"), ("code", "nope"),
                                                                   ("redirect_uri", "http://127.0.0.1:1/oauth/callback"), ("code_verifier", String(repeating: "a", count: 43))] + creds)
            #expect(badCode.json["error"] == "invalid_grant")
            #expect(badCode.header("Cache-Control") == "no-store")
        }
    }
}
