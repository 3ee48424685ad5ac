import Foundation
import SwitchboardCore

/// HubSpot associations as a create body carries them (`[{"to": {"id"}, "types":
/// [{"associationCategory", "associationTypeId"}]}]`): checked like HubSpot (a known type for
/// the object, a record that exists in the account), stored with the record (`_associations`),
/// and returned by reads that ask for them (`?associations=companies`).
enum HubSpotAssociations {
    /// HubSpot-defined type ids: from object → (to object, label).
    static let types: [Int: (from: String, to: String, label: String)] = [
        1: ("contacts", "companies", "contact_to_company"), 279: ("contacts", "companies", "contact_to_company_unlabeled"),
        5: ("deals", "companies", "deal_to_company"), 341: ("deals", "companies", "deal_to_company_unlabeled"),
        3: ("deals", "contacts", "deal_to_contact"), 4: ("contacts", "deals", "contact_to_deal"),
        2: ("companies", "contacts", "company_to_contact"), 280: ("companies", "contacts", "company_to_contact_unlabeled"),
        342: ("companies", "deals", "company_to_deal_unlabeled"),
    ]

    /// The stored form of a body's associations, or the validation message HubSpot would give.
    static func check(_ value: JSONValue?, from object: String, account: String, store: SandboxStore) -> Outcome<[JSONValue], String> {
        guard let value, !value.isNull else { return .success([]) }
        guard let items = value.arrayValue else { return .failure("associations must be an array") }
        var stored: [JSONValue] = []
        for (i, item) in items.enumerated() {
            guard let id = item["to"]?["id"].flatMap({ $0.stringValue ?? $0.numberValue.map { JSONWriter.format(number: $0) } }) else {
                return .failure("associations[\(i)].to.id is required")
            }
            guard let list = item["types"]?.arrayValue, !list.isEmpty else { return .failure("associations[\(i)].types is required") }
            for type in list {
                guard let typeID = type["associationTypeId"]?.numberValue.map({ Int($0) }), let known = types[typeID], known.from == object else {
                    return .failure("associations[\(i)]: association type \(type["associationTypeId"].map(JSONWriter.compact) ?? "?") is not valid for \(object)")
                }
                guard type["associationCategory"]?.stringValue == "HUBSPOT_DEFINED" else {
                    return .failure("associations[\(i)]: associationCategory must be HUBSPOT_DEFINED for type \(typeID)")
                }
                guard (try? store.get("hubspot", known.to, account: account, id: id)) != nil else {
                    return .failure("associations[\(i)]: no \(known.to) record with id \(id)")
                }
                stored.append(["to": .string(known.to), "id": .string(id), "typeId": .number(Double(typeID))])
            }
        }
        return .success(stored)
    }

    /// The `associations` member of a read asking for `objects` (e.g. `companies`).
    static func json(_ record: StoredRecord, objects: [String]) -> JSONValue? {
        guard !objects.isEmpty else { return nil }
        let stored = record.fields["_associations"]?.arrayValue ?? []
        var out = JSONObject()
        for object in objects {
            let results: [JSONValue] = stored.filter { $0["to"]?.stringValue == object }.map { a in
                let label = a["typeId"]?.numberValue.flatMap { types[Int($0)]?.label } ?? "association"
                return ["id": a["id"] ?? .null, "type": .string(label)]
            }
            if !results.isEmpty { out[object] = ["results": .array(results)] }
        }
        return .object(out)
    }
}
