/// The connector-wide batch facts: the most records one request may carry and whether a batch can
/// partly succeed (per-record results) rather than fail as a whole.
///
/// Keys: `maxRecords` (required), `partialSuccess` (default false), `notes`.
public struct BatchSpec: Sendable, Equatable {
    public var maxRecords: Int
    public var partialSuccess: Bool
    public var notes: String?

    static let keys = ManifestKeys(required: ["maxRecords"], optional: ["partialSuccess", "notes"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> BatchSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let max = o.int("maxRecords", in: 1...100_000)
        let partial = o.bool("partialSuccess") ?? false
        guard let max else { return nil }
        return BatchSpec(maxRecords: max, partialSuccess: partial, notes: o.string("notes"))
    }
}

/// How one batch action carries many records.
///
/// Keys: `maxRecords`, `recordsPointer` (the array in the request body, e.g. `/inputs`) required;
/// `resultsPointer` (the array of per-record results in the response; `""` when the body is the array),
/// `idPointer` (update batches: where each input carries the CRM record id, e.g. HubSpot's `/id`;
/// without it updates are sent one by one).
public struct ActionBatchSpec: Sendable, Equatable {
    public var maxRecords: Int
    public var recordsPointer: JSONPointer
    public var resultsPointer: JSONPointer?
    public var idPointer: JSONPointer?

    static let keys = ManifestKeys(required: ["maxRecords", "recordsPointer"], optional: ["resultsPointer", "idPointer"])

    static func decode(_ value: JSONValue?, at p: JSONPointer, _ r: ManifestReader) -> ActionBatchSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let max = o.int("maxRecords", in: 1...100_000)
        let records = o.jsonPointer("recordsPointer")
        let results = o.jsonPointer("resultsPointer")
        let id = o.jsonPointer("idPointer")
        guard let max, let records else { return nil }
        return ActionBatchSpec(maxRecords: max, recordsPointer: records, resultsPointer: results, idPointer: id)
    }
}
