import SwitchboardCore

/// The human-readable text of `connectors show`.
enum ConnectorDescription {
    static func lines(_ c: ConnectorManifest) -> [String] {
        var lines = ["\(c.name) (\(c.id))", c.description, ""]
        lines.append("Categories:  \(c.categories.joined(separator: ", "))")
        lines.append("Source:      \(c.sourceDescription)")
        lines.append("API:         \(c.api.baseURL)")
        for region in c.api.regions { lines.append("  region \(region.id): \(region.baseURL)") }
        switch c.auth {
        case .oauth2(let o):
            lines.append("Auth:        OAuth 2.0 (\(o.clientAuthentication.rawValue), PKCE \(o.pkce.rawValue), callback \(o.callback.rawValue))")
            lines.append("  authorize: \(o.authorizationURL)")
            lines.append("  token:     \(o.tokenURL)")
            if o.refreshURL != o.tokenURL { lines.append("  refresh:   \(o.refreshURL)") }
            if let revoke = o.revokeURL { lines.append("  revoke:    \(revoke)") }
            lines.append("  scopes:    \(o.scopes.joined(separator: " "))")
            lines.append("  redirect:  \(o.redirect.summary)")
            if !o.apiHostFields.isEmpty { lines.append("  API host from token response: \(o.apiHostFields.joined(separator: ", "))") }
        case .apiKey(let k):
            lines.append("Auth:        API key in header \(k.header) (\(k.format))")
        }
        for m in c.authMethods {
            let inputs = m.inputs.map { " --input \($0.id)=…" }.joined()
            lines.append("  or token:  \(m.id) — \(m.name), in \(([m.header] + m.extraHeaders.map(\.header)).joined(separator: " + ")) (the token on standard input of `auth login --method \(m.id)\(inputs)`)")
            if let how = m.instructions { lines.append("             \(how)") }
        }
        var limits: [String] = []
        if let n = c.rateLimits.requestsPerWindow, let w = c.rateLimits.windowSeconds {
            limits.append("\(n) requests per \(JSONWriter.format(number: w)) s")
        }
        if let d = c.rateLimits.dailyBudget { limits.append("\(d) per day") }
        if !limits.isEmpty { lines.append("Rate limits: \(limits.joined(separator: ", "))") }
        if let b = c.batch { lines.append("Batch:       at most \(b.maxRecords) records per request") }
        lines.append("")
        for resource in c.resources {
            lines.append("\(resource.name) [\(resource.id)]")
            for action in resource.actions {
                lines.append("  \(action.id.padding(toLength: 22, withPad: " ", startingAt: 0)) \(action.method.padding(toLength: 6, withPad: " ", startingAt: 0)) \(action.path)")
            }
        }
        if !c.syncObjects.isEmpty {
            lines.append("")
            lines.append("Sync: " + c.syncObjects.map { $0.object.rawValue }.joined(separator: ", "))
        }
        return lines
    }
}
