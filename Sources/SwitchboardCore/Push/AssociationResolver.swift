/// Turns a record's association fields (`contact_company_id`, `deal_company_id`,
/// `deal_contact_ids`: our ids of other records) into the CRM ids their record links hold, for a
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
            for (field, object) in fields { for id in Self.ids(record.value(field.rawValue)) { wanted[object, default: []].insert(id) } }
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
                let ids = Self.ids(record.value(field.rawValue))
                guard !ids.isEmpty else { continue }
                if let missing = ids.first(where: { linked[object]?[$0] == nil }) {
                    if waiting[i] == nil {
                        waiting[i] = "\(field.rawValue) \(missing.terminalSafe): that \(object.rawValue) is not in \(crmName) yet; push it first (its link is what is sent)"
                    }
                    continue
                }
                let remote = ids.compactMap { linked[object]?[$0] }.map(JSONValue.string)
                out[i].fields[field.rawValue] = field.isList ? .array(remote) : remote[0]
            }
        }
        return (out, waiting)
    }

    /// The ids a field holds: one, a list, or text with ids separated by commas (a CSV cell).
    static func ids(_ value: JSONValue?) -> [String] {
        guard let value else { return [] }
        let texts = value.arrayValue.map { $0.compactMap(RemotePuller.text) }
            ?? RemotePuller.text(value).map { $0.split(separator: ",").map(String.init) } ?? []
        return texts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

extension UniversalField {
    /// Whether the field holds a list of ids (`deal_contact_ids`).
    public var isList: Bool { self == .dealContactIDs }
}

/// The way back, for sync pulls: association fields read from a CRM record hold CRM ids; each
/// becomes our id of the linked record, or is left out (unknown, not a change) when no record of
/// ours is linked to it.
public struct AssociationReader: Sendable {
    /// By association field: CRM id → our id.
    let local: [String: [String: String]]

    /// The reader for the association fields `mapping` pulls or that are read beside the records
    /// (`readBeside`), from the tenant's record links.
    public init(journal: PushJournal, tenantID: Int64, connectorID: String, mapping: FieldMapping, readBeside: Set<String> = []) throws(StoreError) {
        var local: [String: [String: String]] = [:]
        for (field, object) in UniversalField.references
        where readBeside.contains(field.rawValue) || mapping.rules.contains(where: { $0.pulls && $0.source.fieldNames == [field.rawValue] }) {
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
            let ours = AssociationResolver.ids(raw).compactMap { byRemote[$0] }
            if ours.isEmpty {
                values[field] = nil
                known.remove(field)
            } else {
                values[field] = UniversalField(rawValue: field)?.isList == true ? .array(ours.map(JSONValue.string)) : .string(ours[0])
            }
        }
        return (values, known)
    }
}
