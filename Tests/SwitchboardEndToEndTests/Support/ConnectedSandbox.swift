import Foundation
import Testing

/// A sandbox server process, a data folder and tenant `acme` logged in to its HubSpot.
func connectedSandbox(prefix: String) async throws -> (home: URL, sandbox: BackgroundProcess, url: String, cli: [String: String]) {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    let env = ["SWITCHBOARD_HOME": home.path, "HOME": home.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
    let sandbox = try BackgroundProcess(["sandbox", "serve", "--port", "0", "--auto-approve"], environment: env)
    let url = try #require(await sandbox.waitFor("http://127\\.0\\.0\\.1:[0-9]+"), "the sandbox prints its URL:\n\(sandbox.text)")
    var cli = env
    cli["SWITCHBOARD_SANDBOX_URL"] = url
    #expect(try runSwitchboard(["tenants", "create", "acme"], environment: cli).status == 0)
    let login = try BackgroundProcess(["auth", "login", "hubspot", "--tenant", "acme", "--no-browser"], environment: cli)
    defer { login.stop() }
    let authorize = try #require(await login.waitFor("http://127\\.0\\.0\\.1:[0-9]+/oauth/hubspot/authorize\\?[^ \\n]+"), "login prints the URL:\n\(login.text)")
    // The scripted browser: the auto-approving consent page redirects to the loopback listener.
    let browser = shell(["curl", "-s", "-L", "-o", "/dev/null", "-w", "%{http_code}", authorize])
    #expect(browser.output == "200", "the callback page answered: \(browser.output)")
    #expect(await login.wait() == 0, "login ends with success:\n\(login.text)")
    return (home, sandbox, url, cli)
}
