/// How sync reads a record's associations where the list or search it pulls with does not return
/// them (HubSpot's search): one batch request per page of records and association, whose answer
/// names each record's linked records.
///
/// Keys: `field` (the universal association field it fills, e.g. `contact_company_id`) and `path`
/// (a POST endpoint, HubSpot's `/crm/v4/associations/contacts/companies/batch/read`) required;
/// optional, with HubSpot's v4 shapes as defaults: `perRequest` (100), `inputsPointer` (`/inputs`,
/// each input `{"id": …}`), `resultsPointer` (`/results`), `fromPointer` (`/from/id`), `toPointer`
/// (`/to`, an array) and `toIdPointer` (`/toObjectId`, in each element of it).
public struct AssociationReadSpec: Sendable, Equatable {
    public var field: String
    public var path: String
    public var perRequest: Int
    public var inputsPointer: JSONPointer
    public var resultsPointer: JSONPointer
    public var fromPointer: JSONPointer
    public var toPointer: JSONPointer
    public var toIdPointer: JSONPointer

    static let keys = ManifestKeys(required: ["field", "path"],
                                   optional: ["perRequest", "inputsPointer", "resultsPointer", "fromPointer", "toPointer", "toIdPointer"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> AssociationReadSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let field = o.string("field")
        if let field, UniversalField(rawValue: field).map({ UniversalField.references[$0] == nil }) ?? true {
            r.report(o.at("field"), "\"\(field)\" is not an association field (\(UniversalField.references.keys.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        let path = o.string("path")
        if let path, !path.hasPrefix("/") { r.report(o.at("path"), "must start with /") }
        func pointer(_ key: String, _ fallback: [String]) -> JSONPointer { o.has(key) ? o.jsonPointer(key) ?? JSONPointer(tokens: fallback) : JSONPointer(tokens: fallback) }
        guard let field, let path else { return nil }
        return AssociationReadSpec(field: field, path: path, perRequest: o.has("perRequest") ? o.int("perRequest", in: 1...1000) ?? 100 : 100,
                                   inputsPointer: pointer("inputsPointer", ["inputs"]), resultsPointer: pointer("resultsPointer", ["results"]),
                                   fromPointer: pointer("fromPointer", ["from", "id"]), toPointer: pointer("toPointer", ["to"]),
                                   toIdPointer: pointer("toIdPointer", ["toObjectId"]))
    }
}
