/// Where a value goes in a request: a query parameter, a header, or a place in the JSON body.
///
/// Keys: `in` (`query` | `header` | `body`), then `name` (query, header) or `pointer` (body).
public enum ParameterLocation: Sendable, Equatable {
    case query(name: String)
    case header(name: String)
    case body(pointer: JSONPointer)

    static let keyNames = ["in", "name", "pointer"]

    /// Decodes the location keys of `o` (which may hold other keys its caller reads).
    static func decode(_ o: ObjectReader, _ r: ManifestReader) -> ParameterLocation? {
        guard o.has("in") else { r.report(o.at("in"), "missing"); return nil }
        switch o.string("in") {
        case "query", "header":
            if o.has("pointer") { r.report(o.at("pointer"), "only allowed with \"in\": \"body\" (use \"name\")") }
            guard o.has("name") else { r.report(o.at("name"), "missing"); return nil }
            guard let name = o.string("name") else { return nil }
            return o.string("in") == "query" ? .query(name: name) : .header(name: name)
        case "body":
            if o.has("name") { r.report(o.at("name"), "only allowed with \"in\": \"query\" or \"header\" (use \"pointer\")") }
            guard o.has("pointer") else { r.report(o.at("pointer"), "missing"); return nil }
            return o.jsonPointer("pointer").map { .body(pointer: $0) }
        case let other?:
            r.report(o.at("in"), "unknown location \"\(other)\"; expected \"query\", \"header\" or \"body\"")
            return nil
        case nil:
            return nil
        }
    }
}
