import Foundation
import SwitchboardCore

/// Plays the browser of an OAuth walk-through against the sandbox: opens the authorization URL,
/// approves on the consent page for `account`, and follows the redirect to the loopback listener.
/// Returns the listener's HTTP status, and the sandbox's origin (`http://127.0.0.1:PORT`).
func approveInScriptedBrowser(_ url: String, account: String = "acme") async throws -> (status: Int, origin: String) {
    struct BrowserError: Error, CustomStringConvertible { var description: String }
    let browser = AsyncHTTPTransport()
    do {
        let consent = try await browser.send(HTTPRequestValue(method: "GET", url: url))
        guard consent.status == 200 else { throw BrowserError(description: "consent page answered \(consent.status): \(consent.text.prefix(300))") }
        guard let request = consent.text.range(of: #"name="request" value="[^"]+""#, options: .regularExpression)
            .map({ String(String(consent.text[$0]).replacingOccurrences(of: #"name="request" value=""#, with: "").dropLast()) }) else {
            throw BrowserError(description: "no request field on the consent page")
        }
        let origin = url.components(separatedBy: "/oauth/")[0]
        // The consent form posts to its own connector's decision endpoint.
        let action = consent.text.range(of: #"action="/oauth/[^"]+""#, options: .regularExpression)
            .map { String(String(consent.text[$0]).dropFirst("action=\"".count).dropLast()) } ?? "/oauth/hubspot/authorize/decision"
        let decision = try await browser.send(.form(origin + action,
                                                    fields: [("request", request), ("account", account), ("decision", "approve")]))
        guard let location = decision.header("Location") else { throw BrowserError(description: "decision answered \(decision.status)") }
        let callback = try await browser.send(HTTPRequestValue(method: "GET", url: location))
        await browser.shutdown()
        return (callback.status, origin)
    } catch {
        await browser.shutdown()
        throw error
    }
}

/// `switchboard --sandbox` under tmux with a private `SWITCHBOARD_HOME`, HubSpot connected for
/// the demo tenant through the sandbox's consent page. Close the session and delete `home` after.
func sandboxConsoleWithHubSpot(binary: URL, prefix: String) async throws -> (session: TmuxSession, home: URL, origin: String) {
    struct Failure: Error, CustomStringConvertible { var description: String }
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    let session = try TmuxSession(width: 200, height: 50, command: ConsoleUnderTmuxTests.command(binary, "--sandbox"),
                                  environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "SWITCHBOARD_HOME": home.path])
    guard await session.waitFor("SANDBOX").found else { session.close(); throw Failure(description: "the console did not start") }
    session.send(":")
    session.send("connect hubspot", literal: true)
    session.send("Enter")
    let waiting = await session.waitFor("Time left:")
    guard let url = ConnectUnderTmuxTests.url(in: waiting.screen) else { session.close(); throw Failure(description: "no URL on screen:\n\(waiting.screen)") }
    let browser = try await approveInScriptedBrowser(url)
    guard browser.status == 200, await session.waitFor("Connected HubSpot for demo").found else {
        session.close()
        throw Failure(description: "not connected (callback \(browser.status)):\n\(session.capture())")
    }
    return (session, home, browser.origin)
}
