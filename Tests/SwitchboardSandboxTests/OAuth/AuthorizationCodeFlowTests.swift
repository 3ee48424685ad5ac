import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("OAuth authorization code with PKCE")
struct AuthorizationCodeFlowTests {
    @Test("auto-approve redirects with a code and the state; the code buys tokens that call the API")
    func happyPath() async throws {
        try await Harness.with { h in
            let tokens = try await h.authorize("hubspot")
            let access = try #require(tokens["access_token"]?.stringValue)
            #expect(tokens["refresh_token"]?.stringValue != nil)
            #expect(tokens["expires_in"]?.numberValue == 1800)
            let list = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access)
            #expect(list.status == 200)
        }
    }

    @Test("the consent page shows approve and deny; deny redirects with access_denied and the state")
    func consentPage() async throws {
        try await Harness.with(SandboxConfiguration(rateLimits: [:])) { h in
            let client = SandboxClient.registered["hubspot"]!
            let challenge = TokenBook.challenge(forVerifier: String(repeating: "a", count: 43))
            let query = SandboxForm.encode([("response_type", "code"), ("client_id", client.id), ("redirect_uri", "http://localhost:40123/oauth/callback"),
                                             ("state", "xyz"), ("code_challenge", challenge), ("code_challenge_method", "S256")])
            let page = try await h.send(.GET, "/oauth/hubspot/authorize?" + query)
            #expect(page.status == 200)
            #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
            #expect(page.text.contains("value=\"approve\"") && page.text.contains("value=\"deny\""))
            let requestID = try #require(page.text.range(of: "name=\"request\" value=\"").map { page.text[$0.upperBound...].prefix { $0 != "\"" } })
            let denied = try await h.form("/oauth/hubspot/authorize/decision", [("request", String(requestID)), ("decision", "deny")])
            #expect(denied.status == 302)
            let location = try #require(denied.header("Location"))
            #expect(location.hasPrefix("http://localhost:40123/oauth/callback?"))
            #expect(Harness.queryItem(location, "error") == "access_denied")
            #expect(Harness.queryItem(location, "state") == "xyz")
            // The same pending request cannot be answered twice.
            let again = try await h.form("/oauth/hubspot/authorize/decision", [("request", String(requestID)), ("decision", "approve")])
            #expect(again.status == 400)
        }
    }

    @Test("approving on the consent page issues a code for the chosen account")
    func approveChoosesAccount() async throws {
        try await Harness.with(SandboxConfiguration(rateLimits: [:])) { h in
            let client = SandboxClient.registered["salesforce"]!
            let verifier = String(repeating: "b", count: 50)
            let query = SandboxForm.encode([("response_type", "code"), ("client_id", client.id), ("redirect_uri", "http://127.0.0.1:9999/callback"),
                                             ("scope", "api refresh_token"), ("code_challenge", TokenBook.challenge(forVerifier: verifier)),
                                             ("code_challenge_method", "S256")])
            let page = try await h.send(.GET, "/oauth/salesforce/authorize?" + query)
            let requestID = String(try #require(page.text.range(of: "name=\"request\" value=\"").map { page.text[$0.upperBound...].prefix { $0 != "\"" } }))
            let approved = try await h.form("/oauth/salesforce/authorize/decision", [("request", requestID), ("decision", "approve"), ("account", "globex")])
            let code = try #require(Harness.queryItem(approved.header("Location") ?? "", "code"))
            let tokens = try await h.form("/oauth/salesforce/token", [("grant_type", "authorization_code"), ("code", code),
                                                                     ("redirect_uri", "http://127.0.0.1:9999/callback"), ("code_verifier", verifier),
                                                                     ("client_id", client.id), ("client_secret", client.secret)])
            #expect(tokens.status == 200)
            #expect(tokens.json["instance_url"]?.stringValue == h.base + "/salesforce")
            #expect(tokens.json["expires_in"] == nil)  // Salesforce does not send expires_in
            #expect(tokens.json["refresh_token"]?.stringValue != nil)
            let access = try #require(tokens.json["access_token"]?.stringValue)
            // The token reads the globex account: its records differ from acme's (empty store here), and creates land there.
            let created = try await h.send(.POST, "/salesforce/services/data/v62.0/sobjects/Account", json: ["Name": "Globex HQ"], token: access)
            #expect(created.status == 201)
            let id = try #require(created.json["id"]?.stringValue)
            let acme = try await h.token("salesforce", account: "acme")
            #expect(try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects/Account/\(id)", token: acme).status == 404)
        }
    }

    @Test("PKCE is required, S256 only, and the verifier must match")
    func pkce() async throws {
        try await Harness.with { h in
            let client = SandboxClient.registered["hubspot"]!
            let redirect = "http://127.0.0.1:5000/oauth/callback"
            let noChallenge = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect), ("state", "q")]))
            #expect(noChallenge.status == 302)
            #expect(Harness.queryItem(noChallenge.header("Location") ?? "", "error") == "invalid_request")
            #expect(Harness.queryItem(noChallenge.header("Location") ?? "", "state") == "q")
            let plain = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect),
                ("code_challenge", String(repeating: "c", count: 43)), ("code_challenge_method", "plain")]))
            #expect(Harness.queryItem(plain.header("Location") ?? "", "error") == "invalid_request")

            let verifier = String(repeating: "d", count: 43)
            let ok = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect),
                ("code_challenge", TokenBook.challenge(forVerifier: verifier)), ("code_challenge_method", "S256")]))
            let code = try #require(Harness.queryItem(ok.header("Location") ?? "", "code"))
            let wrong = try await h.form("/oauth/hubspot/token", [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect),
                                                                 ("code_verifier", String(repeating: "e", count: 43)),
                                                                 ("client_id", client.id), ("client_secret", client.secret)])
            #expect(wrong.status == 400)
            #expect(wrong.json["error"] == "invalid_grant")
        }
    }

    @Test("the RFC 7636 appendix B example verifier hashes to its published challenge")
    func rfc7636Vector() {
        #expect(TokenBook.challenge(forVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("codes are single use: a second exchange fails and revokes the tokens of the first")
    func codeReuse() async throws {
        try await Harness.with { h in
            let client = SandboxClient.registered["hubspot"]!
            let redirect = "http://[::1]:6000/oauth/callback"
            let verifier = String(repeating: "f", count: 64)
            let auth = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect),
                ("code_challenge", TokenBook.challenge(forVerifier: verifier)), ("code_challenge_method", "S256")]))
            let code = try #require(Harness.queryItem(auth.header("Location") ?? "", "code"))
            let fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier),
                          ("client_id", client.id), ("client_secret", client.secret)]
            let first = try await h.form("/oauth/hubspot/token", fields)
            #expect(first.status == 200)
            let access = try #require(first.json["access_token"]?.stringValue)
            let second = try await h.form("/oauth/hubspot/token", fields)
            #expect(second.status == 400)
            #expect(second.json["error"] == "invalid_grant")
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access).status == 401)
        }
    }

    @Test("codes expire")
    func codeExpiry() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, codeTTL: 0.2, rateLimits: [:])) { h in
            let client = SandboxClient.registered["hubspot"]!
            let redirect = "http://127.0.0.1:7000/oauth/callback"
            let verifier = String(repeating: "g", count: 43)
            let auth = try await h.send(.GET, "/oauth/hubspot/authorize?" + SandboxForm.encode([
                ("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect),
                ("code_challenge", TokenBook.challenge(forVerifier: verifier)), ("code_challenge_method", "S256")]))
            let code = try #require(Harness.queryItem(auth.header("Location") ?? "", "code"))
            try await Task.sleep(nanoseconds: 400_000_000)
            let late = try await h.form("/oauth/hubspot/token", [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect),
                                                                ("code_verifier", verifier), ("client_id", client.id), ("client_secret", client.secret)])
            #expect(late.json["error"] == "invalid_grant")
        }
    }
}
