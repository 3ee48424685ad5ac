import Foundation

/// `ListFilter`'s matching for long lists: the query's words and each row's text are lowercased
/// and turned into UTF-8 once, so filtering 100,000 rows on every key is a byte search.
///
/// A row matches when every word of the query is in it, as `ListFilter.matches` says. Both
/// sides are in one Unicode form (NFC), so "josé" typed finds a "José" whose é is stored as e
/// and a combining accent, as String comparison does.
public struct PreparedFilter: Sendable, Equatable {
    /// The query's words, lowercased, as UTF-8.
    public let words: [[UInt8]]

    public init(_ query: String) {
        words = Self.folded(query).split(separator: " ").map { Array($0.utf8) }
    }

    /// `text` lowercased, in NFC (ASCII text is left as it is: it has one form).
    static func folded(_ text: String) -> String {
        let lower = text.lowercased()
        return lower.utf8.allSatisfy { $0 < 0x80 } ? lower : lower.precomposedStringWithCanonicalMapping
    }

    /// Whether nothing is filtered out.
    public var isEmpty: Bool { words.isEmpty }

    /// A row's text as `matches` wants it.
    public static func haystack(_ text: String) -> [UInt8] { Array(folded(text).utf8) }

    /// Whether every word is in `haystack` (made by `haystack(_:)`).
    public func matches(_ haystack: [UInt8]) -> Bool {
        words.allSatisfy { Self.contains(haystack, $0) }
    }

    /// Whether every row `narrower` keeps is kept by this filter too (a word typed onto the
    /// end): then `narrower` only needs to look at this filter's rows.
    public func isNarrowed(by narrower: PreparedFilter) -> Bool {
        guard !words.isEmpty else { return true }
        guard narrower.words.count >= words.count else { return false }
        for (i, word) in words.enumerated() where !Self.contains(narrower.words[i], word) { return false }
        return true
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = haystack.count
        if n == 0 { return true }
        if n > h { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { ndl in
                let first = ndl[0]
                var i = 0
                while i <= h - n {
                    if hay[i] == first {
                        var j = 1
                        while j < n, hay[i + j] == ndl[j] { j += 1 }
                        if j == n { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
