/// An RFC 6901 JSON Pointer such as `/properties/email`; the address every error message uses.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// Parses `"/a/b~1c"`; the empty string is the whole document.
    public init(parsing text: String) {
        if text.isEmpty { self.tokens = []; return }
        // The tokens are what follows each "/". Scanned as bytes (a catalog load parses thousands);
        // most tokens have no escape and skip Foundation's search and replace.
        var tokens: [String] = []
        var start: String.Index?
        func token(_ end: String.Index) {
            guard let start else { return }
            let part = text[start..<end]
            tokens.append(part.utf8.contains(UInt8(ascii: "~"))
                ? part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") : String(part))
        }
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i != utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                token(i)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        token(text.endIndex)
        self.tokens = tokens
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
