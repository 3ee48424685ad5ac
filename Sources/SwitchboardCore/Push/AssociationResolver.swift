/// Turns a record's association fields (`contact_company_id`, `deal_company_id`,
/// `deal_contact_id`: our ids of other records) into the CRM ids their record links hold, for a
/// push or a sync write. A record naming one that is not in the CRM yet waits, with the reason:
/// it cannot be sent until that record is pushed.
public struct AssociationResolver: Sendable {
    /// Nil when there is no tenant (a preview): no association is linked then.
    let journal: PushJournal?
    let tenantID: Int64?
    let connectorID: String
    let crmName: String

    public init(journal: PushJournal?, tenantID: Int64?, connectorID: String, crmName: String) {
        self.journal = journal
        self.tenantID = tenantID
        self.connectorID = connectorID
        self.crmName = crmName
    }

    /// The records with their associations as CRM ids, and the positions of those that wait (with why).
    public func resolve(_ records: [UniversalRecord], mapping: FieldMapping) throws(StoreError) -> (records: [UniversalRecord], waiting: [Int: String]) {
        let fields = UniversalField.references.filter { field, _ in mapping.rules.contains { $0.pushes && $0.source.fieldNames.contains(field.rawValue) } }
        guard !fields.isEmpty, records.contains(where: { r in fields.keys.contains { r.value($0.rawValue) != nil } }) else { return (records, [:]) }
        var wanted: [UniversalObject: Set<String>] = [:]
        for record in records {
            for (field, object) in fields { if let id = record.value(field.rawValue).flatMap(Self.text) { wanted[object, default: []].insert(id) } }
        }
        var linked: [UniversalObject: [String: String]] = [:]
        if let tenantID, let journal {
            for (object, ids) in wanted {
                linked[object] = try journal.links(tenantID: tenantID, connectorID: connectorID, object: object, localIDs: Array(ids))
            }
        }
        var out = records
        var waiting: [Int: String] = [:]
        for (i, record) in records.enumerated() {
            for (field, object) in fields.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                guard let id = record.value(field.rawValue).flatMap(Self.text) else { continue }
                if let remote = linked[object]?[id] {
                    out[i].fields[field.rawValue] = .string(remote)
                } else if waiting[i] == nil {
                    waiting[i] = "\(field.rawValue) \(id.terminalSafe): that \(object.rawValue) is not in \(crmName) yet; push it first (its link is what is sent)"
                }
            }
        }
        return (out, waiting)
    }

    private static func text(_ value: JSONValue) -> String? {
        value.stringValue ?? value.numberValue.map { JSONWriter.format(number: $0) }
    }
}

/// The way back, for sync pulls: association fields read from a CRM record hold CRM ids; each
/// becomes our id of the linked record, or is left out (unknown, not a change) when no record of
/// ours is linked to it.
public struct AssociationReader: Sendable {
    /// By association field: CRM id → our id.
    let local: [String: [String: String]]

    /// The reader for the association fields `mapping` pulls, from the tenant's record links.
    public init(journal: PushJournal, tenantID: Int64, connectorID: String, mapping: FieldMapping) throws(StoreError) {
        var local: [String: [String: String]] = [:]
        for (field, object) in UniversalField.references where mapping.rules.contains(where: { $0.pulls && $0.source.fieldNames == [field.rawValue] }) {
            let links = try journal.links(tenantID: tenantID, connectorID: connectorID, object: object)
            local[field.rawValue] = Dictionary(links.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        }
        self.local = local
    }

    /// `read` with its association fields as our ids.
    public func translate(_ read: (values: JSONObject, known: Set<String>)) -> (values: JSONObject, known: Set<String>) {
        guard !local.isEmpty else { return read }
        var (values, known) = read
        for (field, byRemote) in local {
            guard let raw = values[field] else { continue }
            let remote = raw.stringValue ?? raw.numberValue.map { JSONWriter.format(number: $0) } ?? ""
            if let ours = byRemote[remote] {
                values[field] = .string(ours)
            } else {
                values[field] = nil
                known.remove(field)
            }
        }
        return (values, known)
    }
}
