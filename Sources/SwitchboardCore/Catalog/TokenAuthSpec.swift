/// Another real way to connect besides the manifest's `auth`: a static token the tenant's admin
/// creates in the CRM (a HubSpot private app's access token, a Pipedrive API token, a Copper API
/// key), sent in headers, with the few plain values it needs (Copper's user email, Pipedrive's
/// company domain).
///
/// Keys (one entry of the manifest's `authMethods`): `id` (`private-app`, `api-token`, ...),
/// `name`, `header`, `format` (with `{token}`) required; `extraHeaders` (`[{"header", "format"}]`,
/// formats with `{INPUT}` placeholders), `inputs` (`[{"id", "label", "pattern"}]`: plain values
/// asked for and stored with the credential), `apiBaseURL` (a template with `{INPUT}`
/// placeholders, e.g. `https://{companyDomain}.pipedrive.com`), `instructions`.
public struct TokenAuthSpec: Sendable, Equatable {
    /// A plain value the method needs besides the token.
    public struct Input: Sendable, Equatable {
        public var id: String
        public var label: String
        /// A regular expression the whole value must match, if any.
        public var pattern: String?
    }

    public var id: String
    public var name: String
    public var header: String
    public var format: String
    public var extraHeaders: [(header: String, format: String)]
    public var inputs: [Input]
    public var apiBaseURL: String?
    public var instructions: String?

    /// The headers a request carries with `token` and the stored `values`.
    public func headers(token: String, values: [String: String]) -> [NameValue] {
        [NameValue(header, format.replacingOccurrences(of: "{token}", with: token))]
            + extraHeaders.map { NameValue($0.header, Self.fill($0.format, values)) }
    }

    /// The API base URL for `values`, when the method sets one.
    public func baseURL(values: [String: String]) -> String? { apiBaseURL.map { Self.fill($0, values) } }

    /// Why `values` do not fit the inputs (one line), or nil.
    public func problem(with values: [String: String]) -> String? {
        for input in inputs {
            guard let value = values[input.id], !value.isEmpty else { return "\(input.label) is needed: --input \(input.id)=VALUE" }
            if let problem = Self.problem(input, value) { return problem }
        }
        if let unknown = values.keys.sorted().first(where: { key in !inputs.contains { $0.id == key } }) {
            return "\(name) takes no input \"\(unknown.terminalSafe)\"" + (inputs.isEmpty ? "" : "; it takes \(inputs.map(\.id).joined(separator: ", "))")
        }
        return nil
    }

    /// Why `value` does not fit `input`'s pattern, or nil.
    public static func problem(_ input: Input, _ value: String) -> String? {
        guard let pattern = input.pattern, value.range(of: "^(?:\(pattern))$", options: .regularExpression) == nil else { return nil }
        return "\(input.label) \"\(value.terminalSafe)\" is not valid"
    }

    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    public static func == (a: TokenAuthSpec, b: TokenAuthSpec) -> Bool {
        a.id == b.id && a.name == b.name && a.header == b.header && a.format == b.format && a.inputs == b.inputs
            && a.apiBaseURL == b.apiBaseURL && a.instructions == b.instructions
            && a.extraHeaders.map(\.header) == b.extraHeaders.map(\.header) && a.extraHeaders.map(\.format) == b.extraHeaders.map(\.format)
    }

    static let keys = ManifestKeys(required: ["id", "name", "header", "format"], optional: ["extraHeaders", "inputs", "apiBaseURL", "instructions"])
    private static let headerKeys = ManifestKeys(required: ["header", "format"], optional: [])
    private static let inputKeys = ManifestKeys(required: ["id", "label"], optional: ["pattern"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> TokenAuthSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let id = o.identifier("id", pattern: "^[a-z][a-z0-9-]*$", rule: "use lower-case letters, digits and '-'")
        let name = o.string("name"), header = o.string("header"), format = o.string("format")
        if let format, !format.contains("{token}") { r.report(o.at("format"), "must contain the placeholder {token}") }
        var extra: [(String, String)] = []
        for (i, item) in (r.array(o.value("extraHeaders"), at: o.at("extraHeaders")) ?? []).enumerated() {
            if let ho = r.object(item, at: o.at("extraHeaders").appending(i), keys: headerKeys), let h = ho.string("header"), let f = ho.string("format") { extra.append((h, f)) }
        }
        var inputs: [Input] = []
        for (i, item) in (r.array(o.value("inputs"), at: o.at("inputs")) ?? []).enumerated() {
            if let io = r.object(item, at: o.at("inputs").appending(i), keys: inputKeys),
               let inputID = io.identifier("id", pattern: "^[A-Za-z][A-Za-z0-9]*$", rule: "use letters and digits"), let label = io.string("label") {
                inputs.append(Input(id: inputID, label: label, pattern: io.string("pattern")))
            }
        }
        guard let id, let name, let header, let format, format.contains("{token}") else { return nil }
        return TokenAuthSpec(id: id, name: name, header: header, format: format, extraHeaders: extra, inputs: inputs,
                             apiBaseURL: o.string("apiBaseURL"), instructions: o.string("instructions"))
    }
}
