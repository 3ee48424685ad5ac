import Foundation

/// A problem in a schema document itself (not in data): unsupported keyword, $ref that does not resolve, wrong keyword value type.
public struct SchemaProblem: Sendable, Equatable, CustomStringConvertible {
    /// Where in the schema document the problem is, usually at the offending keyword.
    public var pointer: JSONPointer
    /// What is wrong, in plain language.
    public var reason: String

    /// Creates a problem at `pointer` in the schema document.
    public init(pointer: JSONPointer, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    /// `/properties/email/format: unsupported format "ipv9"`.
    public var description: String { "\(pointer.displayString): \(reason)" }
}

/// A schema document that cannot be compiled, with every problem found (not just the first).
public struct SchemaCompileError: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by pointer.
    public var problems: [SchemaProblem]

    /// Creates an error from its problems.
    public init(problems: [SchemaProblem]) { self.problems = problems }

    /// One line per problem, introduced by a count.
    public var description: String {
        if problems.count == 1 { return "invalid schema: \(problems[0])" }
        return "invalid schema, \(problems.count) problems:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}

/// One way a value fails a schema.
public struct SchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// Where in the data the failing value is (for `required`, the missing member's address).
    public var pointer: JSONPointer
    /// The schema keyword that failed (`type`, `required`, `format`, ...).
    public var keyword: String
    /// Plain language, e.g. "is required", "must be a string, got number".
    public var reason: String

    /// Creates a violation at `pointer` in the data.
    public init(pointer: JSONPointer, keyword: String, reason: String) {
        self.pointer = pointer
        self.keyword = keyword
        self.reason = reason
    }

    /// `/properties/email: must be a valid email address`.
    public var description: String { "\(pointer.displayString): \(reason)" }
}

// MARK: - Ordering

/// Pointer order for reports: token by token, array indices numerically, a parent before its children.
enum PointerOrder {
    static func less(_ a: JSONPointer, _ b: JSONPointer) -> Bool {
        for (x, y) in zip(a.tokens, b.tokens) where x != y {
            if let i = index(x), let j = index(y) { return i < j }
            return x < y
        }
        return a.tokens.count < b.tokens.count
    }

    private static func index(_ token: String) -> Int? {
        guard !token.isEmpty, token.utf8.count < 19, token.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(token)
    }

    /// Sorts by pointer, keeping the original order among equal pointers (deterministic).
    static func sorted<T>(_ items: [T], by pointer: (T) -> JSONPointer) -> [T] {
        items.enumerated()
            .sorted { l, r in
                let pl = pointer(l.element), pr = pointer(r.element)
                if less(pl, pr) { return true }
                if less(pr, pl) { return false }
                return l.offset < r.offset
            }
            .map(\.element)
    }
}
