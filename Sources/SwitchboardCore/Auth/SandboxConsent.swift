import Foundation

/// Answers the sandbox's OAuth consent page from the console, so a training session connects
/// with no browser: reads the page at the authorization URL, posts the decision to its form, and
/// delivers the redirect to the login's loopback listener — what a person's browser would do.
/// Only for the sandbox: a URL that is not on this machine is refused (a real CRM's consent is
/// the person's to give, in their browser).
public enum SandboxConsent {
    /// Approves (or denies) the consent at `authorizationURL`; returns where the answer went.
    public static func decide(authorizationURL: String, approve: Bool, transport: any HTTPTransport) async throws(WorkspaceError) -> String {
        guard let url = URLComponents(string: authorizationURL), let host = url.host, URLRule.isLoopback(host), let scheme = url.scheme,
              let origin = URL(string: "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")")?.absoluteString else {
            throw WorkspaceError("only the sandbox's consent page can be answered here; open the URL in a browser to authorize")
        }
        func send(_ request: HTTPRequestValue) async throws(WorkspaceError) -> HTTPResponseValue {
            do { return try await transport.send(request) } catch { throw WorkspaceError("the sandbox's consent page did not answer: \(error)") }
        }
        let page = try await send(HTTPRequestValue(method: "GET", url: authorizationURL))
        guard page.status == 200, let action = Self.attribute("action", of: "<form", in: page.text), action.hasPrefix("/"),
              let request = Self.hiddenValue("request", in: page.text) else {
            throw WorkspaceError("the sandbox's consent page was not offered (HTTP \(page.status)): \(String(page.text.prefix(200)).terminalSafe)")
        }
        let form = FormEncoding.encode([("request", request), ("decision", approve ? "approve" : "deny")])
        let decided = try await send(HTTPRequestValue(method: "POST", url: origin + action,
                                                      headers: [HTTPHeaderField("Content-Type", "application/x-www-form-urlencoded")], body: Data(form.utf8)))
        guard (300...399).contains(decided.status), let location = decided.header("Location"),
              let target = URLComponents(string: location)?.host, URLRule.isLoopback(target) else {
            throw WorkspaceError("the sandbox did not redirect back to this machine (HTTP \(decided.status))")
        }
        _ = try await send(HTTPRequestValue(method: "GET", url: location))
        return location
    }

    /// The value of `name` in the first tag starting with `tag` (`<form … action="/x">`).
    static func attribute(_ name: String, of tag: String, in html: String) -> String? {
        guard let start = html.range(of: tag), let end = html[start.upperBound...].firstIndex(of: ">") else { return nil }
        return value(of: name, in: html[start.upperBound..<end])
    }

    /// The value of the hidden input named `name`.
    static func hiddenValue(_ name: String, in html: String) -> String? {
        var rest = html[...]
        while let start = rest.range(of: "<input") {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { return nil }
            let tag = rest[start.upperBound..<end]
            if value(of: "name", in: tag) == name { return value(of: "value", in: tag).map(Self.unescape) }
            rest = rest[end...]
        }
        return nil
    }

    private static func value(of attribute: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: attribute + "=\"") else { return nil }
        guard let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return String(tag[start.upperBound..<end])
    }

    private static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
