/// The exact HTTP request a push sends, built before anything is sent: what the Preview screen
/// and `switchboard preview` show, and what the executor sends unchanged.
public struct PreparedRequest: Sendable, Equatable {
    public var method: String
    /// The full URL: the API host (the credential's instance URL when it has one) plus the path.
    public var url: String
    /// Headers in sending order; `Authorization` holds the real token only in `sendableHeaders`.
    public var headers: [NameValue]
    public var body: JSONValue?
    /// Mapping problems (missing source values, failed transforms).
    public var mappingIssues: [MappingIssue]
    /// Schema violations of the body, with JSON Pointer paths.
    public var violations: [SchemaViolation]

    /// Whether the request may be sent: no mapping problems and a body that fits the schema.
    public var isValid: Bool { mappingIssues.isEmpty && violations.isEmpty }

    /// The headers with the credential masked (`Bearer ••••abcd`), for display and logs.
    public var displayHeaders: [NameValue] {
        headers.map { h in
            guard Secret.isSensitiveHeader(h.name), !h.value.contains(AccessGrant.notConnected.accessToken) else { return h }
            return NameValue(h.name, Secret.maskHeaderValue(h.value))
        }
    }

    /// The request as text: request line, headers (masked), blank line, pretty body.
    public var displayText: String {
        var lines = ["\(method) \(url)"]
        lines += displayHeaders.map { "\($0.name): \($0.value)" }
        if let body { lines += ["", JSONWriter.pretty(body)] }
        return lines.joined(separator: "\n")
    }
}

/// Builds the exact request for a record: a pure function of (record, mapping, action,
/// connector, access grant). The preview shows what it builds; the executor sends it.
public enum RequestBuilder {
    /// A problem that stops a request from being built at all.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func build(record: UniversalRecord, mapping: FieldMapping, action: ActionSpec, connector: ConnectorManifest,
                             access: AccessGrant, pathValues: [String: String] = [:], prepared: PreparedBody? = nil) throws(Failure) -> PreparedRequest {
        guard case .success(let template) = PathTemplate.parse(action.path) else {
            throw Failure(message: "\(connector.id) \(action.id): bad path template \(action.path)")
        }
        guard let path = template.expand(pathValues) else {
            let missing = template.parameters.filter { pathValues[$0] == nil }
            throw Failure(message: "\(action.id) needs \(missing.map { "{\($0)}" }.joined(separator: ", ")) (the CRM record id: push the record first, or give it)")
        }
        var url = baseURL(connector, access) + path
        if !action.query.isEmpty {
            url += "?" + action.query.map { "\($0.name)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.value)" }.joined(separator: "&")
        }
        let body = prepared ?? PreparedBody.prepare(record, mapping: mapping, action: action)
        let hasBody = action.requestSchema != nil || !["GET", "DELETE"].contains(action.method)
        let headers = Self.headers(connector, access, hasBody: hasBody)
        return PreparedRequest(method: action.method, url: url, headers: headers, body: hasBody ? body.body : nil,
                               mappingIssues: body.mappingIssues, violations: hasBody ? body.violations : [])
    }

    /// The API host for a credential: its token response's host when it has one, else the manifest's.
    public static func baseURL(_ connector: ConnectorManifest, _ access: AccessGrant) -> String {
        access.apiHost.map { host in host.hasSuffix("/") ? String(host.dropLast()) : host } ?? connector.api.baseURL
    }

    /// The headers of every API request: the credential, Accept, Content-Type (with a body), the manifest's own.
    public static func headers(_ connector: ConnectorManifest, _ access: AccessGrant, hasBody: Bool) -> [NameValue] {
        var headers: [NameValue] = []
        if let id = access.method, let method = connector.authMethod(id) {
            headers += method.headers(token: access.accessToken, values: access.values)
        } else {
            switch connector.auth {
            case .oauth2(let o): headers.append(NameValue(o.accessTokenHeader, o.headerValue(forToken: access.accessToken)))
            case .apiKey(let k): headers.append(NameValue(k.header, k.headerValue(forKey: access.accessToken)))
            }
        }
        headers.append(NameValue("Accept", "application/json"))
        if hasBody { headers.append(NameValue("Content-Type", connector.api.contentType)) }
        return headers + connector.api.headers
    }
}
