import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// Issue 18, finding 7: a credential goes only to the hosts it was issued for. A manifest that
/// overrides the API host or the token URL (a `--connectors-dir`, a stale sandbox manifest) gets a
/// refusal naming both hosts — the token, the refresh token and the client secret are not sent.
@Suite("Credentials bound to their hosts", .serialized)
struct CredentialHostBindingTests {
    /// A workspace over `t`'s data whose HubSpot manifest is overridden by `manifest`.
    func overridden(_ t: TestWorkspace, _ manifest: String) throws -> (Workspace, URL) {
        let folder = t.folder.appendingPathComponent("elsewhere-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("hubspot.json"))
        var configuration = t.workspace.configuration
        configuration.connectorDirectories = [folder]
        return (Workspace(configuration), folder)
    }

    @Test("the API host changed by an override: the access is refused, naming the host issued and the one asked")
    func apiHost() async throws {
        try await TestWorkspace.with("sbbind", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            let token = try await t.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot")
            #expect(token.metadata["issuedHosts"] == "127.0.0.1", "the first use records the hosts: \(token.metadata)")
            let (other, _) = try overridden(t, #"{"id": "hubspot", "api": {"baseURL": "https://crm.elsewhere.test"}}"#)
            do {
                _ = try await other.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot")
                Issue.record("the token was handed out for another host")
            } catch {
                #expect(String(describing: error).contains("issued for 127.0.0.1") && String(describing: error).contains("sends it to crm.elsewhere.test"), "\(error)")
            }
            // The original manifest still gets it.
            _ = try await t.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot")
        }
    }

    @Test("the token URL changed by an override: a refresh is refused before the refresh token or client secret is sent")
    func tokenURL() async throws {
        try await TestWorkspace.with("sbbind", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            _ = try await t.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot")
            let base = try #require(t.sandbox).baseURL.absoluteString
            let (other, _) = try overridden(t, """
                {"id": "hubspot", "api": {"baseURL": "\(base)/hubspot"}, "auth": {"tokenURL": "https://tokens.elsewhere.test/oauth/v1/token",
                 "refreshURL": "https://tokens.elsewhere.test/oauth/v1/token"}}
                """)
            do {
                _ = try await other.credentialProvider().refreshNow(tenant: "acme", connector: "hubspot")
                Issue.record("a refresh went to another host")
            } catch {
                #expect(String(describing: error).contains("sends it to tokens.elsewhere.test"), "\(error)")
            }
        }
    }
}
