/// An RFC 6901 JSON Pointer such as `/properties/email`; the address every error message uses.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// Parses `"/a/b~1c"`; the empty string is the whole document.
    public init(parsing text: String) {
        if text.isEmpty { self.tokens = []; return }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // Most tokens have no escape: they skip Foundation's search and replace (a catalog load parses thousands).
        self.tokens = parts.map { $0.firstIndex(of: "~") != nil ? $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String($0) }
    }

    public static let root = JSONPointer()

    /// This pointer with one more token (a key or an array index).
    public func appending(_ token: String) -> JSONPointer { JSONPointer(tokens: tokens + [token]) }
    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var description: String {
        tokens.isEmpty ? "" : tokens.map { t in
            "/" + (t.contains(where: { $0 == "~" || $0 == "/" }) ? t.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") : t)
        }.joined()
    }

    /// The pointer as shown to people: `/` for the root instead of an empty string.
    public var displayString: String { tokens.isEmpty ? "/" : description }

    public static func < (a: JSONPointer, b: JSONPointer) -> Bool { a.description < b.description }
}
