import Foundation
import Testing

/// The real binary under `--platform alloy` against a `sandbox serve` process: a tenant becomes an
/// Alloy user, connects HubSpot through Alloy's oauthUrl, reads a schema, previews and pushes.
@Suite("alloy platform from the command line", .serialized, .enabled(if: switchboardBinary() != nil, "needs a built switchboard binary"))
struct AlloyCommandTests {
    static let demoKey = "sbx-alloy-demo-key-7f3c9a1e5b2d"

    @Test("alloy users / connect / schema, then preview and push createContact through Alloy; the record lands in the sandbox's HubSpot")
    func session() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sballoycli-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["SWITCHBOARD_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let sandbox = try BackgroundProcess(["sandbox", "serve", "--port", "0", "--auto-approve"], environment: env)
        defer { sandbox.stop() }
        let url = try #require(await sandbox.waitFor("http://127\\.0\\.0\\.1:[0-9]+"), "the sandbox prints its URL:\n\(sandbox.text)")
        var cli = env
        cli["SWITCHBOARD_SANDBOX_URL"] = url
        #expect(try runSwitchboard(["tenants", "create", "acme"], environment: cli).status == 0)

        let connectors = try runSwitchboard(["alloy", "connectors"], environment: cli)
        #expect(connectors.status == 0, "\(connectors.stderr)")
        #expect(connectors.stdout.contains("salesforceCRM") && connectors.stdout.contains("hubspot"))
        #expect(!connectors.stdout.contains("slack"), "only CRM connectors by default")
        #expect(try runSwitchboard(["alloy", "connectors", "--all"], environment: cli).stdout.contains("slack"))

        let user = try runSwitchboard(["alloy", "users", "create", "--tenant", "acme"], environment: cli)
        #expect(user.status == 0 && user.stdout.contains("Created Alloy user"), "\(user.stdout)\(user.stderr)")

        let login = try BackgroundProcess(["auth", "login", "hubspot", "--tenant", "acme", "--platform", "alloy", "--no-browser"], environment: cli)
        defer { login.stop() }
        let oauthURL = try #require(await login.waitFor("http://127\\.0\\.0\\.1:[0-9]+/oauth/hubspot/authorize\\?[^ \\n]+"), "login prints Alloy's oauthUrl:\n\(login.text)")
        let browser = shell(["curl", "-s", "-L", "-o", "/dev/null", "-w", "%{http_code} %{url_effective}", oauthURL])
        #expect(browser.output.hasPrefix("200 ") && browser.output.contains("success=true"), "the redirect reaches the listener: \(browser.output)")
        #expect(await login.wait() == 0, "login ends with success:\n\(login.text)")
        #expect(login.text.contains("Connected hubspot through Alloy"))
        let reconnect = try runSwitchboard(["alloy", "connect", "hubspot", "--tenant", "acme", "--no-browser"], environment: cli)
        #expect(reconnect.status == 0 && reconnect.stdout.contains("already has hubspot credential cred_") && reconnect.stdout.contains("kept it"),
                "an existing credential is kept without a new authorization: \(reconnect.stdout)\(reconnect.stderr)")

        let schema = try runSwitchboard(["alloy", "schema", "hubspot", "createContact"], environment: cli)
        #expect(schema.status == 0 && schema.stdout.contains("POST /crm/v3/objects/contacts") && schema.stdout.contains("email"), "\(schema.stdout)\(schema.stderr)")

        let record = home.appendingPathComponent("john.json")
        try Data(#"{"id": "j1", "contact_email": "john.doe@acme.com", "contact_first_name": "John", "contact_last_name": "Doe"}"#.utf8).write(to: record)
        let preview = try runSwitchboard(["preview", "hubspot", "createContact", "--record", record.path, "--tenant", "acme", "--platform", "alloy"], environment: cli)
        #expect(preview.status == 0, "\(preview.stdout)\(preview.stderr)")
        #expect(preview.stdout.contains("POST \(url)/alloy/connectors/hubspot/actions/createContact/execute"))
        #expect(preview.stdout.contains("Authorization: Bearer ••••" + Self.demoKey.suffix(4)) && !preview.stdout.contains(Self.demoKey), "the key is masked")
        #expect(preview.stdout.contains("x-api-version: 2025-09") && preview.stdout.contains("x-alloy-userid: "))
        #expect(preview.stdout.contains("\"credentialId\": \"cred_"))

        var viaEnv = cli
        viaEnv["SWITCHBOARD_PLATFORM"] = "alloy"
        let push = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--record", record.path, "--yes", "--json"], environment: viaEnv)
        #expect(push.status == 0, "\(push.stdout)\(push.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(push.stdout.utf8)) as? [String: Any])
        #expect(report["succeeded"] as? Int == 1)
        let crmID = try #require((report["items"] as? [[String: Any]])?.first?["crmId"] as? String)
        let again = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--record", record.path, "--yes"], environment: viaEnv)
        #expect(again.stdout.contains("1 already pushed (skipped)"), "\(again.stdout)")
        let direct = try runSwitchboard(["history"], environment: cli)
        #expect(direct.stdout.contains("alloy:hubspot"), "the run is recorded as through Alloy: \(direct.stdout)")

        // The catalog commands show Alloy's view under --platform alloy.
        let list = try runSwitchboard(["connectors", "list", "--platform", "alloy"], environment: cli)
        #expect(list.status == 0 && list.stdout.contains("alloy:salesforceCRM") && list.stdout.contains("alloy"), "\(list.stdout)\(list.stderr)")
        let gatewaySchema = try runSwitchboard(["actions", "schema", "hubspot", "createContact", "--platform", "alloy"], environment: cli)
        #expect(gatewaySchema.stdout.contains("POST /connectors/hubspot/actions/createContact/execute") && gatewaySchema.stdout.contains("* credentialId"), "\(gatewaySchema.stdout)")

        // A revoked credential stops the push with INVALID_CREDENTIAL and says how to go on.
        let users = try runSwitchboard(["alloy", "users", "list", "--json"], environment: cli).stdout
        let userID = try #require(users.range(of: "[0-9a-f]{24}", options: .regularExpression).map { String(users[$0]) }, "\(users)")
        let credentials = try runSwitchboard(["alloy", "credentials", "hubspot", "--tenant", "acme", "--json"], environment: cli)
        let credentialID = try #require(credentials.stdout.range(of: "cred_[a-z0-9]+", options: .regularExpression).map { String(credentials.stdout[$0]) })
        let revoke = shell(["curl", "-s", "-X", "DELETE", "-H", "Authorization: Bearer \(Self.demoKey)", "-H", "x-api-version: 2025-09",
                            "-H", "x-alloy-userid: \(userID)", url + "/alloy/connectors/hubspot/credentials/\(credentialID)"])
        #expect(revoke.output.contains("success"), "\(revoke.output)")
        let jane = home.appendingPathComponent("jane.json")
        try Data(#"{"id": "j2", "contact_email": "jane@acme.com", "contact_last_name": "Roe"}"#.utf8).write(to: jane)
        let stopped = try runSwitchboard(["push", "hubspot", "createContact", "--tenant", "acme", "--record", jane.path, "--yes"], environment: viaEnv)
        #expect(stopped.status == 1 && stopped.stderr.contains("INVALID_CREDENTIAL") && stopped.stderr.contains("--resume"), "\(stopped.stderr)")

        // The record is in the sandbox's HubSpot under the linked id.
        let mint = shell(["curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-d", #"{"connector":"hubspot"}"#, url + "/admin/tokens"])
        let token = try #require((try JSONSerialization.jsonObject(with: Data(mint.output.utf8)) as? [String: Any])?["access_token"] as? String)
        let stored = shell(["curl", "-s", "-H", "Authorization: Bearer \(token)", url + "/hubspot/crm/v3/objects/contacts/\(crmID)?properties=email"])
        #expect(stored.output.contains("john.doe@acme.com"), "\(stored.output)")
    }

    @Test("bad input: an unknown platform, no API key, an unreachable Alloy (one line each); a stored key is encrypted and shown masked")
    func errors() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("sballoyerr-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: home) }
        let env = ["SWITCHBOARD_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let bogus = try runSwitchboard(["preview", "hubspot", "createContact", "--record", "/dev/null", "--platform", "bogus"], environment: env)
        #expect(bogus.status == 2 && bogus.stderr.contains("expected direct or alloy"), "\(bogus.stderr)")
        let sync = try runSwitchboard(["sync", "hubspot", "contact", "--tenant", "acme", "--platform", "alloy"], environment: env)
        #expect(sync.status == 2 && sync.stderr.contains("do not work through Alloy"), "sync refuses rather than going direct: \(sync.stderr)")
        let noKey = try runSwitchboard(["alloy", "connectors"], environment: env)
        #expect(noKey.status == 1 && noKey.stderr.contains("SWITCHBOARD_ALLOY_API_KEY"), "\(noKey.stderr)")
        #expect(noKey.stderr.split(separator: "\n").count == 1, "one line")
        let stored = try runSwitchboard(["alloy", "login", "--no-verify", "--alloy-url", "http://127.0.0.1:9/alloy"], environment: env, input: "secret-alloy-key-1234abcd\n")
        #expect(stored.status == 0 && stored.stdout.contains("••••abcd") && !stored.stdout.contains("secret-alloy-key"), "\(stored.stdout)\(stored.stderr)")
        let status = try runSwitchboard(["alloy", "status", "--alloy-url", "http://127.0.0.1:9/alloy"], environment: env)
        #expect(status.stdout.contains("••••abcd (stored)") && !status.stdout.contains("secret-alloy-key"), "\(status.stdout)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: home.path)) ?? []
        for name in files {
            let data = (try? Data(contentsOf: home.appendingPathComponent(name))) ?? Data()
            #expect(data.range(of: Data("secret-alloy-key".utf8)) == nil, "\(name) holds no clear API key")
        }
        let unreachable = try runSwitchboard(["alloy", "connectors", "--alloy-url", "http://127.0.0.1:9/alloy"], environment: env)
        #expect(unreachable.status == 1 && unreachable.stderr.hasPrefix("switchboard: cannot reach Alloy"), "\(unreachable.stderr)")
        #expect(!unreachable.stderr.contains("secret-alloy-key"))
    }
}
