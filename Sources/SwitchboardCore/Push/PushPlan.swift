/// What pushing a set of records through an action would do, worked out once before anything is
/// sent: each record's key (its id, else its natural key), records repeated in the input, which
/// are already linked to a CRM record, and each record's body mapped and validated. The summary
/// (`push`, the Bulk screen), the preview and the executor all use this one plan, so a record is
/// mapped and validated once per run.
public struct PushPlan: Sendable {
    /// One record of the input and what will happen to it.
    public struct Entry: Sendable {
        /// 1-based position in the input.
        public var position: Int
        public var record: UniversalRecord
        /// The key the journal and the record links use; nil when the record has none.
        public var key: String?
        /// Why the record cannot be identified (no key, or a key repeated in the input).
        public var keyProblem: String?
        /// The CRM id the record is linked to already.
        public var linkedID: String?
        public var prepared: PreparedBody

        /// Why the record will not be sent: its key problem, then its body's problems.
        public var problems: [String] { (keyProblem.map { [$0] } ?? []) + prepared.problems }
        public var isValid: Bool { keyProblem == nil && prepared.isValid }
    }

    public let target: PushTarget
    public internal(set) var entries: [Entry]
    /// Records the reader set aside (a value of the wrong type), as "line N: why".
    public let unreadable: [String]

    /// Plans `records` through `target`; `link` gives the CRM id a key is linked to.
    public init(target: PushTarget, records: [UniversalRecord], unreadable: [String] = [], link: (UniversalRecord, String) throws -> String?) rethrows {
        self.target = target
        self.unreadable = unreadable
        var seen: Set<String> = []
        var entries: [Entry] = []
        entries.reserveCapacity(records.count)
        let plan = MappingPlan(target.mapping)
        for (i, record) in records.enumerated() {
            let key = record.localKey
            var keyProblem: String?
            if let key {
                if !seen.insert(key).inserted { keyProblem = Self.repeats(key) }
            } else {
                keyProblem = "no id and no unique key (\(LocalRecordStore.keyField(record.object)))"
            }
            let linked = try key.flatMap { try link(record, $0) }
            entries.append(Entry(position: i + 1, record: record, key: key, keyProblem: keyProblem, linkedID: linked,
                                 prepared: PreparedBody.prepare(record, plan: plan, action: target.action)))
        }
        self.entries = entries
    }

    public var action: ActionSpec { target.action }
    public var isCreate: Bool { target.action.operation == .create }

    /// Records that can be sent (valid and identified), in input order.
    public var sendable: [Entry] { entries.filter(\.isValid) }
    /// Records that will not be sent, with their problems.
    public var invalid: [Entry] { entries.filter { !$0.isValid } }
    /// Valid records already linked to a CRM record (a create skips them; an update changes them).
    public var linked: Int { entries.filter { $0.isValid && $0.linkedID != nil }.count }
    /// Valid records with no link yet.
    public var toCreate: Int { entries.filter { $0.isValid && $0.linkedID == nil }.count }
    /// Valid records a request will be sent for.
    public var toSend: Int { isCreate ? toCreate : sendable.count }
    public var invalidCount: Int { invalid.count + unreadable.count }
    public var total: Int { entries.count + unreadable.count }

    /// The key problem of a record whose key an earlier record has.
    static func repeats(_ key: String) -> String { "repeats \(key) (each record may appear once)" }

    /// The first record that cannot be identified or must wait, as the command line reports it.
    public var firstKeyProblem: (position: Int, message: String)? {
        guard let entry = entries.first(where: { $0.keyProblem != nil }), let problem = entry.keyProblem else { return nil }
        guard let key = entry.key else {
            return (entry.position, "record \(entry.position) has no id and no \(LocalRecordStore.keyField(entry.record.object)) to identify it")
        }
        if problem == Self.repeats(key) { return (entry.position, "record \(entry.position) repeats \(key); each record may appear once") }
        // Another reason held with the key (an associated record not in the CRM yet: it waits).
        return (entry.position, "record \(entry.position): \(problem)")
    }

    /// The records to journal: the identified ones (invalid bodies included, so the run records
    /// why they were not sent) or, with `onlyValid`, just the sendable ones.
    public func journalRecords(onlyValid: Bool) -> [(localID: String, record: UniversalRecord)] {
        entries.compactMap { e in
            guard let key = e.key, e.keyProblem == nil, !onlyValid || e.prepared.isValid else { return nil }
            return (key, e.record)
        }
    }

    /// The prepared bodies by journal key, for the executor (so it does not map them again).
    public var preparedBodies: [String: PreparedBody] {
        var bodies: [String: PreparedBody] = [:]
        for e in entries where e.keyProblem == nil { if let key = e.key { bodies[key] = e.prepared } }
        return bodies
    }

    /// The exact request for one entry (path parameters from `pathValues`, else its link).
    public func request(for entry: Entry, access: AccessGrant, pathValues: [String: String] = [:]) throws(RequestBuilder.Failure) -> PreparedRequest {
        var values = pathValues
        if let linked = entry.linkedID, let parameter = target.action.pathParameters.first, values[parameter] == nil { values[parameter] = linked }
        return try RequestBuilder.build(record: entry.record, mapping: target.mapping, action: target.action, connector: target.manifest,
                                        access: access, pathValues: values, prepared: entry.prepared)
    }
}
