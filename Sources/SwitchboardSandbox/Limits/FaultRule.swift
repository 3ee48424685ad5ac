import Foundation

/// A fault to inject into the next `count` API requests (optionally only one connector's).
public struct FaultRule: Sendable, Equatable, Codable {
    /// What goes wrong.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Answer `status` without doing the work (nothing is written).
        case errorBeforeCommit
        /// Do the work (the write is committed), then answer `status` instead of the real response.
        case errorAfterCommit
        /// Do the work, then close the connection without answering.
        case dropAfterCommit
    }

    /// What goes wrong.
    public var kind: Kind
    /// The HTTP status for the error kinds (500, 502, 503, ...).
    public var status: Int
    /// How many requests it applies to.
    public var count: Int
    /// Only requests to this connector's API (`hubspot`, `salesforce`); nil means any.
    public var connector: String?

    /// A fault for the next `count` requests.
    public init(kind: Kind, status: Int = 503, count: Int = 1, connector: String? = nil) {
        self.kind = kind
        self.status = status
        self.count = count
        self.connector = connector
    }

    enum CodingKeys: String, CodingKey { case kind, status, count, connector }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        status = try c.decodeIfPresent(Int.self, forKey: .status) ?? 503
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 1
        connector = try c.decodeIfPresent(String.self, forKey: .connector)
    }

    /// Parses the command-line form `KIND[:STATUS][:COUNT][@CONNECTOR]`, where KIND is
    /// `before-commit`, `after-commit` or `drop-after-commit` (drop takes no status):
    /// `before-commit:503:2`, `after-commit:500`, `drop-after-commit:1@hubspot`.
    public static func parse(_ text: String) throws(SandboxError) -> FaultRule {
        let usage = "fault \"\(text)\": expected before-commit[:STATUS][:COUNT], after-commit[:STATUS][:COUNT] or drop-after-commit[:COUNT], optionally followed by @CONNECTOR"
        var body = Substring(text)
        var connector: String?
        if let at = body.firstIndex(of: "@") {
            connector = String(body[body.index(after: at)...])
            body = body[..<at]
            if connector?.isEmpty == true { throw .invalidOption(usage) }
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().map { Int($0) }
        guard !numbers.contains(where: { $0 == nil }) else { throw .invalidOption(usage) }
        let values = numbers.compactMap { $0 }
        switch parts[0] {
        case "before-commit", "after-commit":
            guard values.count <= 2 else { throw .invalidOption(usage) }
            let status = values.first ?? 503
            let count = values.count > 1 ? values[1] : 1
            guard (400...599).contains(status), count > 0 else { throw .invalidOption(usage) }
            return FaultRule(kind: parts[0] == "before-commit" ? .errorBeforeCommit : .errorAfterCommit,
                             status: status, count: count, connector: connector)
        case "drop-after-commit":
            guard values.count <= 1 else { throw .invalidOption(usage) }
            let count = values.first ?? 1
            guard count > 0 else { throw .invalidOption(usage) }
            return FaultRule(kind: .dropAfterCommit, status: 0, count: count, connector: connector)
        default:
            throw .invalidOption(usage)
        }
    }
}
