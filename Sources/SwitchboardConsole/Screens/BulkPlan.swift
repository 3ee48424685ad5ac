import SwitchboardCore

/// What a bulk push of a records file would do, before anything is sent: which records are
/// created, which are already linked to a CRM record, and which are invalid (with the reasons).
public struct BulkPlan: Sendable, Equatable {
    /// One record that will not be sent, and why.
    public struct Invalid: Sendable, Equatable {
        /// 1-based position in the file.
        public var index: Int
        public var key: String?
        public var reasons: [String]
    }

    /// Records that will be sent (new and already linked), in file order.
    public var sendable: [UniversalRecord]
    /// How many of `sendable` have no record link yet.
    public var toCreate: Int
    /// How many of `sendable` are already linked (a create skips them; an update changes them).
    public var linked: Int
    public var invalid: [Invalid]
    /// Records the file reader set aside (a value of the wrong type), as "line N: why".
    public var unreadable: [String] = []
    public var total: Int { sendable.count + invalid.count + unreadable.count }
    /// How many will not be sent.
    public var invalidCount: Int { invalid.count + unreadable.count }

    /// Sorts `records` by what would happen to each; `link` gives the CRM id a local key is linked to.
    public static func make(_ records: [UniversalRecord], action: ActionSpec, mapping: FieldMapping, link: (String) -> String?) -> BulkPlan {
        var plan = BulkPlan(sendable: [], toCreate: 0, linked: 0, invalid: [], unreadable: [])
        var seen: Set<String> = []
        for (i, record) in records.enumerated() {
            var reasons: [String] = []
            let key = record.localKey
            if let key {
                if !seen.insert(key).inserted { reasons.append("repeats \(key) (each record may appear once)") }
            } else {
                reasons.append("no id and no unique key (\(record.object == .contact ? "contact_email" : record.object == .company ? "company_domain" : "deal_name"))")
            }
            let mapped = Mapper.map(record, with: mapping)
            reasons += mapped.issues.map(\.description) + (action.requestSchema?.validate(mapped.body).map(\.description) ?? [])
            guard reasons.isEmpty, let key else {
                plan.invalid.append(Invalid(index: i + 1, key: key, reasons: reasons))
                continue
            }
            plan.sendable.append(record)
            if link(key) != nil { plan.linked += 1 } else { plan.toCreate += 1 }
        }
        return plan
    }
}
