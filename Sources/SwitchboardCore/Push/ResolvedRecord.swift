/// A record as one push would send it, for a preview: its reference fields hold the CRM ids of
/// the records they point at, `waiting` says which of those is not in the CRM yet, and
/// `linkedID` is the record's own CRM id when the tenant pushed it before (what an update's
/// `{contactId}` becomes).
public struct ResolvedRecord: Sendable, Equatable {
    public var record: UniversalRecord
    public var waiting: String?
    public var linkedID: String?

    public init(record: UniversalRecord, waiting: String? = nil, linkedID: String? = nil) {
        self.record = record
        self.waiting = waiting
        self.linkedID = linkedID
    }
}
