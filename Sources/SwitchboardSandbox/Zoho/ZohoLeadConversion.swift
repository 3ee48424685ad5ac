import Foundation
import SwitchboardCore

/// Zoho's lead conversion, `POST /crm/{version}/Leads/{id}/actions/convert` with
/// `{"data": [{"overwrite", "notify_lead_owner", "notify_new_entity_owner", "Accounts", "Contacts",
/// "assign_to", "Deals", "carry_over_tags"}]}`: the lead becomes a contact and an account (or is
/// joined to the existing ones named by id) and, with `Deals`, a deal; the lead leaves the Leads
/// module. Everything is checked before anything is written, as Zoho refuses the whole conversion.
struct ZohoLeadConversion: Sendable {
    let state: SandboxState
    let account: String

    static let keys: Set<String> = ["overwrite", "notify_lead_owner", "notify_new_entity_owner", "Accounts", "Contacts", "assign_to", "Deals", "carry_over_tags"]

    private func error(_ status: Int, _ problem: ZohoProblem) -> SandboxReply { .json(status, ["data": [problem.json]]) }

    func convert(leadID: String, body: JSONValue) async -> SandboxReply {
        let store = state.store
        guard let items = body["data"]?.arrayValue, !items.isEmpty else {
            return ZohoAPI.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", details: ["param_name": "data"])
        }
        guard items.count == 1, let options = items[0].objectValue else {
            return ZohoAPI.error(400, "LIMIT_EXCEEDED", "only one lead can be converted at a time", details: ["limit": 1])
        }
        guard let lead = try? store.get("zoho-crm", "Leads", account: account, id: leadID) else {
            return error(400, .field("INVALID_DATA", "the id given seems to be invalid", "id", 0, extra: ["id": .string(leadID)]))
        }
        for (key, value) in options {
            guard Self.keys.contains(key) else { return error(400, .field("INVALID_DATA", "the field \(key) is not available in lead conversion", key, 0)) }
            if ["overwrite", "notify_lead_owner", "notify_new_entity_owner"].contains(key), value.boolValue == nil {
                return error(400, .field("INVALID_DATA", "invalid data", key, 0, extra: ["expected_data_type": "boolean"]))
            }
        }
        // Existing records named by id (a string, or `{"id"}` as newer versions write it).
        func existing(_ key: String, _ module: String) -> Result<StoredRecord?, ZohoProblem> {
            guard let value = options[key], !value.isNull else { return .success(nil) }
            guard let id = value.stringValue ?? value["id"]?.stringValue else {
                return .failure(.field("INVALID_DATA", "invalid data", key, 0, extra: ["expected_data_type": "lookup"]))
            }
            guard let record = try? store.get("zoho-crm", module, account: account, id: id) else {
                return .failure(.field("INVALID_DATA", "the related id given seems to be invalid", key, 0, extra: ["id": .string(id)]))
            }
            return .success(record)
        }
        let accountRecord: StoredRecord?, contactRecord: StoredRecord?
        switch existing("Accounts", "Accounts") {
        case .failure(let p): return error(400, p)
        case .success(let r): accountRecord = r
        }
        switch existing("Contacts", "Contacts") {
        case .failure(let p): return error(400, p)
        case .success(let r): contactRecord = r
        }
        let fields = lead.fields
        // A new contact may not repeat an existing contact's email.
        if contactRecord == nil, let email = fields["Email"]?.stringValue, !email.isEmpty,
           let twin = ((try? store.all("zoho-crm", "Contacts", account: account)) ?? []).first(where: { $0.fields["Email"]?.stringValue?.lowercased() == email.lowercased() }) {
            return error(400, .field("DUPLICATE_DATA", "duplicate data: a contact has this email; name it in Contacts to convert into it", "Email", 0,
                                     extra: ["duplicate_record": ["module": ["api_name": "Contacts"], "id": .string(twin.id)]]))
        }
        // The deal is checked as a Deals insert, with the closing date conversion also requires.
        var deal: JSONObject?
        if let given = options["Deals"], !given.isNull {
            guard let object = given.objectValue else { return error(400, .field("INVALID_DATA", "invalid data", "Deals", 0, extra: ["expected_data_type": "jsonobject"])) }
            let module = ZohoModule.deals
            let custom = (try? store.customFields("zoho-crm", module.name, account: account)) ?? []
            switch module.validate(object, index: 0, fields: module.fields(custom: custom), creating: true, lookup: { _, id in id }) {
            case .failure(let p):
                var p = p
                p.details["api_name"] = .string("Deals." + (p.details["api_name"]?.stringValue ?? ""))
                return error(400, p)
            case .success(let values):
                guard values["Closing_Date"] != nil else { return error(400, .field("MANDATORY_NOT_FOUND", "required field not found", "Deals.Closing_Date", 0)) }
                deal = values
            }
        }
        do {
            var details: [(String, JSONValue)] = []
            let company: StoredRecord
            if let accountRecord { company = accountRecord } else {
                company = try await create("Accounts", ZohoModule.accounts, [
                    ("Account_Name", fields["Company"] ?? fields["Last_Name"] ?? "Unknown"), ("Website", fields["Website"]), ("Phone", fields["Phone"]),
                ])
            }
            let companyLink: JSONValue = ["id": .string(company.id), "name": company.fields["Account_Name"] ?? .null]
            let contact: StoredRecord
            if let contactRecord { contact = contactRecord } else {
                contact = try await create("Contacts", ZohoModule.contacts, [
                    ("Last_Name", fields["Last_Name"] ?? "Unknown"), ("First_Name", fields["First_Name"]), ("Email", fields["Email"]),
                    ("Phone", fields["Phone"]), ("Title", fields["Designation"]), ("Lead_Source", fields["Lead_Source"]), ("Account_Name", companyLink),
                ])
            }
            details.append(("Contacts", ["name": .string(Self.name(contact)), "id": .string(contact.id)]))
            if var deal {
                deal["Account_Name"] = companyLink
                deal["Contact_Name"] = ["id": .string(contact.id), "name": .string(Self.name(contact))]
                let made = try await create("Deals", ZohoModule.deals, deal.map { ($0.key, Optional($0.value)) })
                details.append(("Deals", ["name": made.fields["Deal_Name"] ?? .null, "id": .string(made.id)]))
            }
            details.append(("Accounts", companyLink))
            _ = try store.archive("zoho-crm", "Leads", account: account, id: lead.id)
            let result: JSONValue = ["code": "SUCCESS", "details": .object(JSONObject(details)), "message": "SUCCESS", "status": "success"]
            return .json(200, ["data": [result]])
        } catch {
            return ZohoAPI.error(500, "INTERNAL_ERROR", "\(error)")
        }
    }

    private struct CreateFailed: Error {}

    /// Stores a new record of `module` from the pairs that have a value.
    private func create(_ name: String, _ module: ZohoModule, _ pairs: [(String, JSONValue?)]) async throws -> StoredRecord {
        let values = JSONObject(pairs.compactMap { key, value in value.flatMap { $0.isNull ? nil : (key, $0) } })
        guard case .success(let records) = try await state.store.createAsync("zoho-crm", name, account: account, fields: [values], uniqueEmail: false,
                                                                             makeID: { module.makeID($0) }) else { throw CreateFailed() }
        return records[0]
    }

    private static func name(_ r: StoredRecord) -> String {
        [r.fields["First_Name"]?.stringValue, r.fields["Last_Name"]?.stringValue].compactMap { $0 }.joined(separator: " ")
    }
}
