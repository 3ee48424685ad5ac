import Foundation

/// An action path such as `/crm/v3/objects/contacts/{contactId}`: literal text and `{name}` parameters.
public struct PathTemplate: Sendable, Equatable {
    /// The template as written.
    public var text: String
    /// The parameter names in order of appearance.
    public var parameters: [String]

    /// Parses `text`; the error says what is wrong (unbalanced brace, bad parameter name, query string).
    public static func parse(_ text: String) -> Result<PathTemplate, TemplateSyntaxError> {
        guard text.hasPrefix("/") else { return .failure(TemplateSyntaxError(message: "must start with \"/\"")) }
        if text.contains("?") { return .failure(TemplateSyntaxError(message: "must not contain a query string (use \"query\")")) }
        var parameters: [String] = []
        var current: String?
        for ch in text {
            switch ch {
            case "{":
                if current != nil { return .failure(TemplateSyntaxError(message: "nested \"{\" in path template")) }
                current = ""
            case "}":
                guard let name = current else { return .failure(TemplateSyntaxError(message: "\"}\" without a matching \"{\"")) }
                guard let first = name.first, first.isASCII, first.isLetter || first == "_",
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                    return .failure(TemplateSyntaxError(message: "invalid parameter name \"{\(name)}\""))
                }
                parameters.append(name)
                current = nil
            default:
                if current != nil { current!.append(ch) }
            }
        }
        if current != nil { return .failure(TemplateSyntaxError(message: "unclosed \"{\" in path template")) }
        return .success(PathTemplate(text: text, parameters: parameters))
    }

    /// The path with each `{name}` replaced by its percent-encoded value; nil when a value is missing.
    public func expand(_ values: [String: String]) -> String? {
        var out = text
        for name in parameters {
            guard let v = values[name], let encoded = v.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) else { return nil }
            out = out.replacingOccurrences(of: "{\(name)}", with: encoded)
        }
        return out
    }
}

/// Why a path template or a transform could not be parsed.
public struct TemplateSyntaxError: Error, Sendable, Equatable {
    public var message: String
}

extension CharacterSet {
    /// Characters allowed unescaped inside one path segment (no `/`).
    static let urlPathSegmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/")
        return set
    }()
}
