import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The CRMs' other real ways to connect: a HubSpot private app's token, a Pipedrive API token
/// with the company domain, a Copper API key with its user's email — tried against the sandbox
/// before they are stored, then used by pushes with each CRM's own headers.
@Suite(.serialized) struct TokenMethodTests {
    @Test("each method's token is tried, stored with its kind, and a push goes through with the method's headers",
          arguments: [("hubspot", "private-app", [String: String](), "createContact"),
                      ("pipedrive", "api-token", ["companyDomain": "acme"], "createPerson"),
                      ("copper", "api-key", ["userEmail": "ada@acme.example"], "createPerson")])
    func connectAndPush(_ connector: String, _ method: String, _ inputs: [String: String], _ action: String) async throws {
        try await TestWorkspace.with("sbtoken", sandbox: SandboxConfiguration(seedDemo: true, rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            let token = try await t.mintToken(connector)
            let connection = try await w.connectWithToken(tenant: t.tenant, connector: connector, method: method, token: token + "\n", inputs: inputs)
            let described = try #require(w.catalog.connector(id: connector)).resources.filter { $0.metadata != nil }.count
            #expect(connection.credential.kindDescription == method && connection.schemaProblem == nil && connection.objectsRead == described,
                    "every object the manifest describes is read: \(connection.objectsRead) of \(described)")
            #expect(connection.credential.metadata.values.allSatisfy { !$0.contains(token) }, "the token is not in the plain metadata")

            let target = try await w.pushTarget(connector: connector, action: action, tenant: t.tenant, requireCredential: true)
            let records = [UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string("token.\(connector)@example.com")),
                                                                                  ("contact_first_name", "Tok"), ("contact_last_name", "En")]))]
            let plan = try w.pushPlan(target, records: records, tenant: t.tenant)
            let grant = try await target.access.access()
            #expect(grant.method == method)
            let request = try plan.request(for: plan.entries[0], access: grant)
            let header = try #require(request.headers.first)
            #expect(request.displayHeaders.first?.value.contains(token) == false, "the token is masked in previews: \(request.displayHeaders)")
            #expect(header.value.contains(token))
            let run = try w.startPushRun(plan, tenant: t.tenant, source: "test", onlyValid: true)
            let report = try await w.pushExecutor(target, plan: plan).execute(run)
            let errors = try w.stores().journal.items(run: run.id).compactMap(\.errorMessage)
            #expect(report.tally.succeeded == 1, "\(errors)")
        }
    }

    @Test("a refused token replaces nothing; a missing input, an unknown method and OAuth-only connectors are usage errors")
    func refusals() async throws {
        try await TestWorkspace.with("sbtoken", sandbox: SandboxConfiguration(seedDemo: true, rateLimits: [:])) { t in
            let w = t.workspace
            let found = try w.credentials().find(tenant: t.tenant, connectorID: "hubspot")
            let before = try #require(found)
            await #expect(throws: WorkspaceError("HubSpot refused the token; nothing was stored (check the token and its account)")) {
                try await w.connectWithToken(tenant: t.tenant, connector: "hubspot", method: "private-app", token: "pat-na1-wrong", inputs: [:])
            }
            let after = try w.credentials().find(tenant: t.tenant, connectorID: "hubspot")
            #expect(after?.id == before.id, "the OAuth credential is still there")
            let missing = await #expect(throws: WorkspaceError.self) {
                try await w.connectWithToken(tenant: t.tenant, connector: "pipedrive", method: "api-token", token: "x", inputs: [:])
            }
            #expect(missing?.isUsage == true && missing?.message.contains("--input companyDomain=") == true)
            let unknown = await #expect(throws: WorkspaceError.self) {
                try await w.connectWithToken(tenant: t.tenant, connector: "salesforce", method: "private-app", token: "x", inputs: [:])
            }
            #expect(unknown?.message == "Salesforce has no method \"private-app\"; it connects with OAuth only")
            let badEmail = await #expect(throws: WorkspaceError.self) {
                try await w.connectWithToken(tenant: t.tenant, connector: "copper", method: "api-key", token: "x", inputs: ["userEmail": "not an email"])
            }
            #expect(badEmail?.message.contains("is not valid") == true)
            await #expect(throws: WorkspaceError.self) {
                try await w.connectWithToken(tenant: t.tenant, connector: "hubspot", method: "private-app", token: "a\u{1B}[2Jb", inputs: [:])
            }
        }
    }
}
