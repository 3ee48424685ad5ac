/// What changed in an object's fields between two reads: fields added, removed, and fields whose
/// type, options, required or read-only flag changed.
public struct SchemaDiff: Sendable, Equatable {
    /// One changed field and how.
    public struct Change: Sendable, Equatable {
        public var name: String
        /// Plain words: "type string → number", "options +gold −bronze", "now required".
        public var what: [String]
    }

    public var added: [RemoteField]
    public var removed: [RemoteField]
    public var changed: [Change]

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// The differences from `old` to `new` (in `new`'s order; removed ones in `old`'s).
    public init(from old: [RemoteField], to new: [RemoteField]) {
        let before = Dictionary(old.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.map(\.name))
        added = new.filter { before[$0.name] == nil }
        removed = old.filter { !after.contains($0.name) }
        changed = new.compactMap { field -> Change? in
            guard let was = before[field.name] else { return nil }
            let what = Self.changes(was, field)
            return what.isEmpty ? nil : Change(name: field.name, what: what)
        }
    }

    /// How `b` differs from `a`, in words.
    public static func changes(_ a: RemoteField, _ b: RemoteField) -> [String] {
        var what: [String] = []
        if a.kind != b.kind { what.append("type \(a.kind.rawValue) → \(b.kind.rawValue)") }
        let oldOptions = Set(a.options.map(\.valueText)), newOptions = Set(b.options.map(\.valueText))
        if oldOptions != newOptions {
            let plus = b.options.map(\.valueText).filter { !oldOptions.contains($0) }.map { "+\($0)" }
            let minus = a.options.map(\.valueText).filter { !newOptions.contains($0) }.map { "−\($0)" }
            what.append("options " + (plus + minus).joined(separator: " "))
        }
        if a.required != b.required { what.append(b.required ? "now required" : "no longer required") }
        if a.readOnly != b.readOnly { what.append(b.readOnly ? "now read-only" : "now writable") }
        if a.length != b.length { what.append("length \(a.length.map(String.init) ?? "none") → \(b.length.map(String.init) ?? "none")") }
        return what
    }
}
