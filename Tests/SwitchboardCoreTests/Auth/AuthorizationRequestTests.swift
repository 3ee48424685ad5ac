import Foundation
import Testing
@testable import SwitchboardCore

/// The authorization URL (RFC 6749 §4.1.1 + RFC 7636) and the validation of its response (§4.1.2).
@Suite("Authorization request")
struct AuthorizationRequestTests {
    @Test("PKCE S256 matches RFC 7636 Appendix B")
    func pkceVector() {
        let pkce = PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        #expect(pkce.challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
        let fresh = PKCE()
        #expect(fresh.verifier.count == 43)
        #expect(fresh.verifier.allSatisfy { $0.isLetter || $0.isNumber || "-._~".contains($0) })
        #expect(PKCE().verifier != fresh.verifier)
    }

    @Test("the URL carries response_type, client_id, redirect_uri, scope, state and the S256 challenge")
    func url() throws {
        let request = try AuthorizationRequest(spec: testSpec(), clientID: "client-123", redirectURI: "http://127.0.0.1:5555/callback")
        #expect(request.url.hasPrefix("https://provider.test/authorize?"))
        #expect(queryValue(request.url, "response_type") == "code")
        #expect(queryValue(request.url, "client_id") == "client-123")
        #expect(queryValue(request.url, "redirect_uri") == "http://127.0.0.1:5555/callback")
        #expect(queryValue(request.url, "scope") == "contacts.read contacts.write")
        #expect(queryValue(request.url, "state") == request.state)
        #expect(request.state.count >= 32)
        #expect(queryValue(request.url, "code_challenge") == request.pkce?.challenge)
        #expect(queryValue(request.url, "code_challenge_method") == "S256")
        #expect(!request.url.contains(request.pkce!.verifier))
    }

    @Test("no PKCE where unsupported; extra params and form_post response mode are added")
    func noPKCE() throws {
        var spec = testSpec(callback: .formPost, pkce: .unsupported)
        spec.extraAuthorizeParams = [NameValue("access_type", "offline")]
        let request = try AuthorizationRequest(spec: spec, clientID: "c", redirectURI: "http://127.0.0.1:1/cb")
        #expect(request.pkce == nil)
        #expect(queryValue(request.url, "code_challenge") == nil)
        #expect(queryValue(request.url, "access_type") == "offline")
        #expect(queryValue(request.url, "response_mode") == "form_post")
    }

    @Test("validation: state first, then error, then code; a refusal with a wrong or missing state is a stale or forged callback (issue 18, finding 11)")
    func validation() throws {
        let r = try AuthorizationRequest(spec: testSpec(), clientID: "c", redirectURI: "http://127.0.0.1:1/callback", state: "S")
        #expect(try r.validate([("code", "abc"), ("state", "S")]) == "abc")
        #expect(throws: AuthError.stateMismatch) { try r.validate([("code", "abc"), ("state", "T")]) }
        #expect(throws: AuthError.missingState) { try r.validate([("code", "abc")]) }
        #expect(throws: AuthError.missingCode) { try r.validate([("state", "S")]) }
        #expect(throws: AuthError.providerDenied(error: "access_denied", description: "User said no")) {
            try r.validate([("error", "access_denied"), ("error_description", "User said no"), ("state", "S")])
        }
        #expect(AuthError.providerDenied(error: "access_denied", description: nil).description.contains("declined"))
        #expect(throws: AuthError.stateMismatch) { try r.validate([("error", "access_denied"), ("state", "T")]) }
        #expect(throws: AuthError.missingState) { try r.validate([("error", "access_denied")]) }
    }

    @Test("a pasted redirect URL is validated like a callback and must match the redirect URI")
    func pasted() throws {
        let r = try AuthorizationRequest(spec: testSpec(), clientID: "c", redirectURI: "http://localhost:8976/oauth/callback", state: "S")
        #expect(try r.validatePasted("  http://localhost:8976/oauth/callback?code=xyz&state=S\n") == "xyz")
        #expect(throws: AuthError.stateMismatch) { try r.validatePasted("http://localhost:8976/oauth/callback?code=xyz&state=nope") }
        #expect(throws: AuthError.self) { try r.validatePasted("http://localhost:9999/oauth/callback?code=xyz&state=S") }
        #expect(throws: AuthError.self) { try r.validatePasted("http://localhost:8976/other?code=xyz&state=S") }
        #expect(throws: AuthError.self) { try r.validatePasted("xyz") }
    }
}
