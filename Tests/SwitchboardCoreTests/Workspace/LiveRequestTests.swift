import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The request with the tenant's real token (the console's "copy as curl with the token"): the
/// token comes from the credential provider, and only for the host it was issued for.
@Suite("Live request with the tenant's token", .serialized)
struct LiveRequestTests {
    @Test("the request a push would send, with acme's real token in its Authorization header, on the token's API host")
    func liveToken() async throws {
        try await TestWorkspace.with("sblive", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            let hubspot = try #require(t.catalog.connector(id: "hubspot"))
            let action = try #require(hubspot.action(id: "createContact")?.action)
            let request = try await t.workspace.liveRequest(connector: hubspot, action: action, mapping: .defaults(hubspot, actionId: action.id),
                                                            record: .sample(.contact), tenant: t.tenant)
            let token = try await t.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot").value
            #expect(request.headers.contains { $0.name == "Authorization" && $0.value == "Bearer \(token)" })
            #expect(request.url.hasPrefix(hubspot.api.baseURL + "/"), "\(request.url)")
            #expect(request.curl(redactingToken: false).contains(token) && !request.curl().contains(token))
        }
    }

    @Test("a manifest that sends the API elsewhere gets no token: refused naming the host it was issued for")
    func otherHost() async throws {
        try await TestWorkspace.with("sblive", sandbox: SandboxConfiguration(rateLimits: [:])) { t in
            _ = try await t.workspace.credentialProvider().validAccessToken(tenant: "acme", connector: "hubspot")
            let folder = t.folder.appendingPathComponent("elsewhere")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(#"{"id": "hubspot", "api": {"baseURL": "https://crm.elsewhere.test"}}"#.utf8).write(to: folder.appendingPathComponent("hubspot.json"))
            var configuration = t.workspace.configuration
            configuration.connectorDirectories = [folder]
            let other = Workspace(configuration)
            let hubspot = try #require(other.catalog.connector(id: "hubspot"))
            let action = try #require(hubspot.action(id: "createContact")?.action)
            do {
                let request = try await other.liveRequest(connector: hubspot, action: action, mapping: .defaults(hubspot, actionId: action.id),
                                                          record: .sample(.contact), tenant: t.tenant)
                Issue.record("a token was placed in a request to \(request.url)")
            } catch {
                #expect(String(describing: error).contains("issued for 127.0.0.1") && String(describing: error).contains("crm.elsewhere.test"), "\(error)")
            }
        }
    }
}
