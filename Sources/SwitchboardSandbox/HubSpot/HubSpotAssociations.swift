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
        16: ("tickets", "contacts", "ticket_to_contact"), 26: ("tickets", "companies", "ticket_to_company"),
        339: ("tickets", "companies", "ticket_to_primary_company"), 28: ("tickets", "deals", "ticket_to_deal"),
        202: ("notes", "contacts", "note_to_contact"), 190: ("notes", "companies", "note_to_company"), 214: ("notes", "deals", "note_to_deal"),
        228: ("notes", "tickets", "note_to_ticket"),
        204: ("tasks", "contacts", "task_to_contact"), 192: ("tasks", "companies", "task_to_company"), 216: ("tasks", "deals", "task_to_deal"),
        230: ("tasks", "tickets", "task_to_ticket"),
        194: ("calls", "contacts", "call_to_contact"), 182: ("calls", "companies", "call_to_company"), 206: ("calls", "deals", "call_to_deal"),
        220: ("calls", "tickets", "call_to_ticket"),
        200: ("meetings", "contacts", "meeting_event_to_contact"), 188: ("meetings", "companies", "meeting_event_to_company"),
        212: ("meetings", "deals", "meeting_event_to_deal"), 226: ("meetings", "tickets", "meeting_event_to_ticket"),
        198: ("emails", "contacts", "email_to_contact"), 186: ("emails", "companies", "email_to_company"), 210: ("emails", "deals", "email_to_deal"),
        224: ("emails", "tickets", "email_to_ticket"),
        578: ("leads", "contacts", "lead_to_primary_contact"), 580: ("leads", "companies", "lead_to_primary_company"),
    ]

    /// The association a record of `object` must be created with (HubSpot refuses a lead without
    /// its primary contact), and the message when it is missing.
    static func requiredOnCreate(_ object: String) -> (typeID: Int, message: String)? {
        object == "leads" ? (578, "A lead must be associated with an existing contact when it is created (associationTypeId 578, lead to primary contact)") : nil
    }

    /// `check` for a create: the stored associations, or why the body is refused (also when a
    /// required association is missing).
    static func checkCreate(_ value: JSONValue?, from object: String, account: String, store: SandboxStore) -> Outcome<[JSONValue], String> {
        let checked = check(value, from: object, account: account, store: store)
        guard case .success(let stored) = checked, let needed = requiredOnCreate(object) else { return checked }
        guard stored.contains(where: { $0["typeId"]?.numberValue == Double(needed.typeID) }) else { return .failure(needed.message) }
        return checked
    }

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
                guard let typeID = type["associationTypeId"]?.intValue, let known = types[typeID], known.from == object else {
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
                let label = a["typeId"]?.intValue.flatMap { types[$0]?.label } ?? "association"
                return ["id": a["id"] ?? .null, "type": .string(label)]
            }
            if !results.isEmpty { out[object] = ["results": .array(results)] }
        }
        return .object(out)
    }

    /// `POST /crm/v4/associations/{from}/{to}/batch/read` with `{"inputs": [{"id"}]}`: each input's
    /// associated records of `to` (stored on either side), as `{"from": {"id"}, "to": [{"toObjectId",
    /// "associationTypes"}]}`; inputs with none are `errors` and the status is 207, as HubSpot answers.
    static func batchRead(_ body: JSONValue, from: String, to: String, account: String, store: SandboxStore) -> SandboxReply {
        guard let inputs = body["inputs"]?.arrayValue else { return HubSpotErrors.validation("Invalid input JSON: inputs is required") }
        guard inputs.count <= 1000 else { return HubSpotErrors.validation("Batch input size \(inputs.count) exceeds the limit of 1000") }
        let ids = inputs.compactMap { $0["id"].flatMap { $0.stringValue ?? $0.numberValue.map { JSONWriter.format(number: $0) } } }
        guard ids.count == inputs.count else { return HubSpotErrors.validation("Invalid input JSON: each input needs an id") }
        // Links stored on the `from` records, and the other way round on the `to` records.
        var links: [String: [(id: String, typeID: Int)]] = [:]
        for record in (try? store.get("hubspot", from, account: account, ids: ids)) ?? [] {
            for a in record.fields["_associations"]?.arrayValue ?? [] where a["to"]?.stringValue == to {
                if let id = a["id"]?.stringValue { links[record.id, default: []].append((id, Int(a["typeId"]?.numberValue ?? 0))) }
            }
        }
        let wanted = Set(ids)
        for record in (try? store.all("hubspot", to, account: account)) ?? [] {
            for a in record.fields["_associations"]?.arrayValue ?? [] where a["to"]?.stringValue == from {
                guard let id = a["id"]?.stringValue, wanted.contains(id), !(links[id] ?? []).contains(where: { $0.id == record.id }) else { continue }
                let inverse = types.first { $0.value.from == from && $0.value.to == to && $0.value.label.hasSuffix("unlabeled") }?.key
                    ?? types.first { $0.value.from == from && $0.value.to == to }?.key ?? 0
                links[id, default: []].append((record.id, inverse))
            }
        }
        var results: [JSONValue] = []
        var errors: [JSONValue] = []
        for id in ids {
            guard let found = links[id], !found.isEmpty else {
                errors.append(["status": "error", "category": "VALIDATION_ERROR", "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                               "context": ["fromObjectId": [.string(id)]], "message": .string("No \(to) is associated with \(from.dropLast()) \(id).")])
                continue
            }
            results.append(["from": ["id": .string(id)], "to": .array(found.map { link in
                ["toObjectId": .number(Double(link.id) ?? 0), "associationTypes": [["category": "HUBSPOT_DEFINED", "typeId": .number(Double(link.typeID)), "label": .null]]]
            })])
        }
        let now = SandboxTime.iso(SandboxTime.nowMs())
        var out = JSONObject([("status", "COMPLETE"), ("results", .array(results)), ("startedAt", .string(now)), ("completedAt", .string(now))])
        if !errors.isEmpty {
            out["errors"] = .array(errors)
            out["numErrors"] = .number(Double(errors.count))
        }
        return .json(errors.isEmpty ? 200 : 207, .object(out))
    }
}
