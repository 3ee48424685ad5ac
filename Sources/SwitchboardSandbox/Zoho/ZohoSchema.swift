import Foundation
import SwitchboardCore

/// One Zoho CRM field: `api_name`, `data_type` and the rules a value must meet.
struct ZohoField: Sendable {
    enum Kind: String, Sendable { case text, textarea, email, phone, website, picklist, integer, double, currency, date, datetime, boolean, lookup }
    var name: String
    var label: String
    var kind: Kind
    var length = 255
    var mandatory = false
    var readOnly = false
    var options: [String] = []
    var custom = false
    /// The module a lookup points at; nil for a polymorphic lookup (`What_Id`), whose module the
    /// record names in `$se_module`.
    var lookupModule: String?
}

/// A problem with one record of a write, in Zoho's per-record shape.
struct ZohoProblem: Sendable, Error {
    var code: String
    var message: String
    var details: JSONObject

    init(code: String, message: String, details: JSONValue = [:]) {
        self.code = code
        self.message = message
        self.details = details.objectValue ?? JSONObject()
    }

    static func field(_ code: String, _ message: String, _ api: String, _ index: Int, extra: JSONValue = [:]) -> ZohoProblem {
        var d = extra.objectValue ?? JSONObject()
        d["api_name"] = .string(api)
        d["json_path"] = .string("$.data[\(index)].\(api)")
        var p = ZohoProblem(code: code, message: message)
        p.details = d
        return p
    }

    /// `{"code", "details", "message", "status": "error"}`.
    var json: JSONValue { ["code": .string(code), "details": .object(details), "message": .string(message), "status": "error"] }
}

/// The modules the sandbox serves (Contacts, Accounts, Deals, Leads, Tasks, Calls, Events, Cases) with their fields and checks.
struct ZohoModule: Sendable {
    var name: String
    /// The digit that keeps ids of different modules apart.
    var idDigit: Int
    var fields: [ZohoField]
    /// Fields whose values must be unique (DUPLICATE_DATA).
    var uniqueEmail: Bool

    private static func text(_ n: String, _ l: String, _ len: Int = 255, mandatory: Bool = false) -> ZohoField {
        ZohoField(name: n, label: l, kind: .text, length: len, mandatory: mandatory)
    }
    private static let system = [
        ZohoField(name: "Created_Time", label: "Created Time", kind: .datetime, readOnly: true),
        ZohoField(name: "Modified_Time", label: "Modified Time", kind: .datetime, readOnly: true),
    ]

    static let contacts = ZohoModule(name: "Contacts", idDigit: 1, fields: [
        text("First_Name", "First Name", 40), text("Last_Name", "Last Name", 80, mandatory: true),
        ZohoField(name: "Email", label: "Email", kind: .email, length: 100), ZohoField(name: "Phone", label: "Phone", kind: .phone, length: 30),
        ZohoField(name: "Mobile", label: "Mobile", kind: .phone, length: 30), text("Title", "Title", 100),
        ZohoField(name: "Account_Name", label: "Account Name", kind: .lookup, lookupModule: "Accounts"),
        text("Mailing_Street", "Mailing Street", 250), text("Mailing_City", "Mailing City", 100), text("Mailing_State", "Mailing State", 100),
        text("Mailing_Zip", "Mailing Zip", 30), text("Mailing_Country", "Mailing Country", 100),
        ZohoField(name: "Lead_Source", label: "Lead Source", kind: .picklist, options: ["-None-", "Advertisement", "Cold Call", "Employee Referral", "Partner", "Web Download", "Trade Show"]),
        ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: true)
    static let accounts = ZohoModule(name: "Accounts", idDigit: 2, fields: [
        text("Account_Name", "Account Name", 200, mandatory: true), ZohoField(name: "Website", label: "Website", kind: .website),
        ZohoField(name: "Phone", label: "Phone", kind: .phone, length: 30), text("Industry", "Industry", 120),
        text("Billing_Street", "Billing Street", 250), text("Billing_City", "Billing City", 100), text("Billing_State", "Billing State", 100),
        text("Billing_Code", "Billing Code", 30), text("Billing_Country", "Billing Country", 100),
        ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let deals = ZohoModule(name: "Deals", idDigit: 3, fields: [
        text("Deal_Name", "Deal Name", 120, mandatory: true),
        ZohoField(name: "Stage", label: "Stage", kind: .picklist, mandatory: true, options: [
            "Qualification", "Needs Analysis", "Value Proposition", "Identify Decision Makers", "Proposal/Price Quote",
            "Negotiation/Review", "Closed Won", "Closed Lost", "Closed Lost to Competition"]),
        ZohoField(name: "Amount", label: "Amount", kind: .currency), ZohoField(name: "Closing_Date", label: "Closing Date", kind: .date),
        ZohoField(name: "Probability", label: "Probability (%)", kind: .integer),
        ZohoField(name: "Account_Name", label: "Account Name", kind: .lookup, lookupModule: "Accounts"),
        ZohoField(name: "Contact_Name", label: "Contact Name", kind: .lookup, lookupModule: "Contacts"),
        ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let leads = ZohoModule(name: "Leads", idDigit: 4, fields: [
        text("First_Name", "First Name", 40), text("Last_Name", "Last Name", 80, mandatory: true), text("Company", "Company", 200, mandatory: true),
        ZohoField(name: "Email", label: "Email", kind: .email, length: 100), ZohoField(name: "Phone", label: "Phone", kind: .phone, length: 30),
        text("Designation", "Title", 100), ZohoField(name: "Website", label: "Website", kind: .website),
        ZohoField(name: "Lead_Status", label: "Lead Status", kind: .picklist, options: [
            "-None-", "Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead", "Lost Lead", "Not Contacted", "Pre-Qualified", "Not Qualified"]),
        ZohoField(name: "Lead_Source", label: "Lead Source", kind: .picklist, options: ["-None-", "Advertisement", "Cold Call", "Employee Referral", "Partner", "Web Download", "Trade Show"]),
        ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: true)
    /// Who an activity is about: a contact (`Who_Id`).
    private static let who = ZohoField(name: "Who_Id", label: "Contact Name", kind: .lookup, lookupModule: "Contacts")
    /// What an activity is about: an account, deal or case, the module named by `$se_module`.
    private static let what = ZohoField(name: "What_Id", label: "Related To", kind: .lookup)
    /// The modules `$se_module` may name.
    static let whatModules = ["Accounts", "Deals", "Cases", "Leads"]
    static let tasks = ZohoModule(name: "Tasks", idDigit: 5, fields: [
        text("Subject", "Subject", 300, mandatory: true), ZohoField(name: "Due_Date", label: "Due Date", kind: .date),
        ZohoField(name: "Status", label: "Status", kind: .picklist, options: ["Not Started", "Deferred", "In Progress", "Completed", "Waiting for input"]),
        ZohoField(name: "Priority", label: "Priority", kind: .picklist, options: ["High", "Highest", "Low", "Lowest", "Normal"]),
        who, what, ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let calls = ZohoModule(name: "Calls", idDigit: 6, fields: [
        text("Subject", "Subject", 300, mandatory: true),
        ZohoField(name: "Call_Type", label: "Call Type", kind: .picklist, mandatory: true, options: ["Outbound", "Inbound", "Missed"]),
        ZohoField(name: "Call_Start_Time", label: "Call Start Time", kind: .datetime, mandatory: true),
        text("Call_Duration", "Call Duration", 10), text("Call_Result", "Call Result", 120),
        who, what, ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let events = ZohoModule(name: "Events", idDigit: 7, fields: [
        text("Event_Title", "Title", 255, mandatory: true),
        ZohoField(name: "Start_DateTime", label: "From", kind: .datetime, mandatory: true),
        ZohoField(name: "End_DateTime", label: "To", kind: .datetime, mandatory: true),
        ZohoField(name: "All_day", label: "All day", kind: .boolean), text("Venue", "Venue", 255),
        who, what, ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let cases = ZohoModule(name: "Cases", idDigit: 8, fields: [
        text("Subject", "Subject", 255, mandatory: true),
        ZohoField(name: "Status", label: "Status", kind: .picklist, options: ["New", "Escalated", "On Hold", "Closed"]),
        ZohoField(name: "Priority", label: "Priority", kind: .picklist, options: ["High", "Medium", "Low"]),
        ZohoField(name: "Case_Origin", label: "Case Origin", kind: .picklist, mandatory: true, options: ["Email", "Phone", "Web"]),
        ZohoField(name: "Related_To", label: "Related To", kind: .lookup, lookupModule: "Contacts"),
        ZohoField(name: "Account_Name", label: "Account Name", kind: .lookup, lookupModule: "Accounts"),
        ZohoField(name: "Description", label: "Description", kind: .textarea, length: 32_000),
    ] + system, uniqueEmail: false)
    static let all = [contacts, accounts, deals, leads, tasks, calls, events, cases]

    /// The module named in a URL (Zoho's module API names are case-insensitive in URLs).
    static func named(_ segment: String) -> ZohoModule? { all.first { $0.name.lowercased() == segment.lowercased() } }

    /// Built-in fields plus the account's custom fields.
    func fields(custom: [CustomFieldDefinition]) -> [ZohoField] {
        fields + custom.map { def in
            let kind: ZohoField.Kind = switch def.kind {
            case .text: .text
            case .number: .double
            case .date: .date
            case .datetime: .datetime
            case .boolean: .boolean
            case .picklist: .picklist
            }
            return ZohoField(name: def.name, label: def.label, kind: kind, length: def.length ?? 255, mandatory: def.required,
                             options: def.options.map(\.label), custom: true)
        }
    }

    /// Checks record `index` of a write; returns the values to store or the first problem.
    func validate(_ record: JSONObject, index: Int, fields all: [ZohoField], creating: Bool,
                  lookup: (String, String) -> String?) -> Result<JSONObject, ZohoProblem> {
        var out = JSONObject()
        for (key, value) in record where key != "id" && key != "$append_values" && key != "Owner" && key != "$se_module" {
            guard var f = all.first(where: { $0.name == key }) else {
                return .failure(.field("INVALID_DATA", "the field \(key) is not available in \(name)", key, index))
            }
            if f.readOnly { return .failure(.field("INVALID_DATA", "the field is read only", key, index)) }
            if value.isNull { out[key] = .null; continue }
            if f.kind == .lookup, f.lookupModule == nil {
                guard let module = record["$se_module"]?.stringValue else {
                    return .failure(.field("MANDATORY_NOT_FOUND", "required field not found", "$se_module", index))
                }
                guard Self.whatModules.contains(module) else {
                    return .failure(.field("INVALID_DATA", "invalid data", "$se_module", index, extra: ["expected_data_type": "module"]))
                }
                f.lookupModule = module
                out["$se_module"] = .string(module)
            }
            switch check(f, value, index, lookup) {
            case .failure(let p): return .failure(p)
            case .success(let v): out[key] = v
            }
        }
        if creating, let missing = all.first(where: { f in f.mandatory && (out[f.name] == nil || out[f.name]!.isNull || out[f.name]!.stringValue == "") }) {
            return .failure(.field("MANDATORY_NOT_FOUND", "required field not found", missing.name, index))
        }
        return .success(out)
    }

    private func check(_ f: ZohoField, _ value: JSONValue, _ index: Int, _ lookup: (String, String) -> String?) -> Result<JSONValue, ZohoProblem> {
        func invalid(_ expected: String) -> Result<JSONValue, ZohoProblem> {
            .failure(.field("INVALID_DATA", "invalid data", f.name, index, extra: ["expected_data_type": .string(expected)]))
        }
        switch f.kind {
        case .text, .textarea, .phone, .website:
            guard let s = value.stringValue else { return invalid(f.kind.rawValue) }
            if s.count > f.length { return .failure(.field("INVALID_DATA", "invalid data", f.name, index, extra: ["maximum_length": .number(Double(f.length))])) }
            return .success(value)
        case .email:
            guard let s = value.stringValue else { return invalid("email") }
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            guard s.isEmpty || (parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !s.contains(" ")) else { return invalid("email") }
            return .success(value)
        case .picklist:
            guard let s = value.stringValue else { return invalid("picklist") }
            guard f.options.contains(s) else {
                return .failure(.field("INVALID_DATA", "invalid data", f.name, index, extra: ["expected_data_type": "picklist"]))
            }
            return .success(value)
        case .integer:
            guard let n = value.numberValue, n == n.rounded() else { return invalid("integer") }
            return .success(value)
        case .double, .currency:
            guard value.numberValue != nil else { return invalid(f.kind == .currency ? "double" : "double") }
            return .success(value)
        case .date:
            guard let s = value.stringValue, s.count == 10, SandboxTime.parseISO(s) != nil else { return invalid("date") }
            return .success(value)
        case .datetime:
            guard let s = value.stringValue, SandboxTime.parseISO(s) != nil else { return invalid("datetime") }
            return .success(value)
        case .boolean:
            guard value.boolValue != nil else { return invalid("boolean") }
            return .success(value)
        case .lookup:
            guard let id = value["id"]?.stringValue ?? value.stringValue, let module = f.lookupModule else { return invalid("jsonobject") }
            guard let name = lookup(module, id) else {
                return .failure(.field("INVALID_DATA", "the related id given seems to be invalid", f.name, index, extra: ["expected_data_type": "lookup"]))
            }
            return .success(["id": .string(id), "name": .string(name)])
        }
    }

    /// A 19-digit id, unique across the modules.
    func makeID(_ n: Int64) -> String {
        let digits = String(n)
        return "572576700" + String(idDigit) + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// Zoho's date-time: `2024-05-01T10:00:00+00:00`.
    static func time(_ ms: Int64) -> String { String(SandboxTime.iso(ms).prefix(19)) + "+00:00" }
}
