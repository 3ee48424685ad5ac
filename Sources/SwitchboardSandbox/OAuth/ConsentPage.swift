import Foundation

/// The HTML of the consent page (approve / deny, choose the demo account) and of error pages.
enum ConsentPage {
    static func render(client: SandboxClient, scopes: [String], redirectURI: String, requestID: String, defaultAccount: String) -> String {
        let options = SandboxAccount.all.map { a in
            "<option value=\"\(escape(a.id))\"\(a.id == defaultAccount ? " selected" : "")>\(escape(a.name))</option>"
        }.joined()
        let scopeItems = scopes.map { "<li><code>\(escape($0))</code></li>" }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Authorize \(escape(client.connector)) (Switchboard sandbox)</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36em;margin:3em auto;padding:0 1em}
            .badge{background:#b45309;color:#fff;padding:.1em .5em;border-radius:.3em}button{font-size:1em;padding:.4em 1.2em;margin-right:.6em}</style>
            </head><body>
            <p><span class="badge">SANDBOX</span> Nothing here touches a real CRM.</p>
            <h1>Connect \(escape(client.connector))?</h1>
            <p>The app <code>\(escape(client.id))</code> asks for access to your \(escape(client.connector)) account with these scopes:</p>
            <ul>\(scopeItems)</ul>
            <p>After you decide, you return to <code>\(escape(redirectURI))</code>.</p>
            <form method="post" action="/oauth/\(escape(client.connector))/authorize/decision">
            <input type="hidden" name="request" value="\(escape(requestID))">
            <p><label>Account: <select name="account">\(options)</select></label></p>
            <button type="submit" name="decision" value="approve">Approve</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form></body></html>
            """
    }

    static func error(title: String, message: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
        <body><h1>\(escape(title))</h1><p>\(escape(message))</p></body></html>
        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
