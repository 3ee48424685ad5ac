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
        let decision = try await browser.send(.form(origin + "/oauth/hubspot/authorize/decision",
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
