import Foundation
import Testing
@testable import SwitchboardCore

/// The console's answer to the sandbox's consent page: only a page on this machine is answered;
/// the page's form is read as a browser reads it.
@Suite("Sandbox consent from the console")
struct SandboxConsentTests {
    @Test("a real CRM's authorization URL is refused before any request")
    func realCRMRefused() async {
        await #expect(throws: WorkspaceError.self) {
            _ = try await SandboxConsent.decide(authorizationURL: "https://app.hubspot.com/oauth/authorize?client_id=x", approve: true,
                                                transport: AsyncHTTPTransport.shared)
        }
    }

    @Test("the form's action and its hidden request value are read, entities unescaped")
    func form() {
        let html = #"<p>Allow?</p><form method="post" action="/oauth/hubspot/authorize/decision"><input type="hidden" name="request" value="a&amp;b">"#
            + #"<button type="submit" name="decision" value="approve">"#
        #expect(SandboxConsent.attribute("action", of: "<form", in: html) == "/oauth/hubspot/authorize/decision")
        #expect(SandboxConsent.hiddenValue("request", in: html) == "a&b")
        #expect(SandboxConsent.hiddenValue("missing", in: html) == nil)
    }
}
