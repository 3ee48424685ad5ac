import Foundation
import SwitchboardCore

/// A Salesforce field: its API name, label, type and limits.
struct SalesforceField: Sendable {
    enum Kind: String, Sendable { case string, email, phone, url, textarea, picklist, reference, date, datetime, double, int, currency, percent, boolean, id }
    var name: String
    var label: String
    var type: Kind
    var length = 0
    var required = false
    var readOnly = false
    var picklist: [String] = []
    /// For references: the id prefix of the target (001 Account, 005 User), or several separated
    /// by commas for a polymorphic reference (a task's WhoId: 003 Contact or 00Q Lead).
    var referencePrefix: String?

    /// The prefixes `referencePrefix` names.
    var referencePrefixes: [String] { referencePrefix?.split(separator: ",").map(String.init) ?? [] }
    /// Added by the account's admin (`__c`).
    var custom = false
}

extension SalesforceField {
    /// The field an account's custom field appears as.
    init(custom field: CustomFieldDefinition) {
        let kind: Kind = switch field.kind {
        case .text: .string
        case .number: .double
        case .date: .date
        case .datetime: .datetime
        case .boolean: .boolean
        case .picklist: .picklist
        }
        self.init(name: field.name, label: field.label, type: kind, length: field.kind == .text ? (field.length ?? 255) : (field.kind == .picklist ? 255 : 0),
                  required: field.required, picklist: field.options.map(\.value), custom: true)
    }
}

/// The sObjects the sandbox serves (Contact, Account, Opportunity, Lead, Task, Event, Case) and their fields.
struct SalesforceObjectType: Sendable {
    var name: String
    var prefix: String
    var fields: [SalesforceField]

    static func named(_ name: String) -> SalesforceObjectType? { all.first { $0.name.lowercased() == name.lowercased() } }

    /// The type named `name` as `account` has it: the standard fields and the account's custom ones.
    static func named(_ name: String, account: String, store: SandboxStore) -> SalesforceObjectType? {
        guard var type = named(name) else { return nil }
        type.fields += ((try? store.customFields("salesforce", type.name, account: account)) ?? []).map(SalesforceField.init(custom:))
        return type
    }
    static func forPrefix(_ id: String) -> SalesforceObjectType? { all.first { id.hasPrefix($0.prefix) } }
    static let all = [contact, account, opportunity, lead, task, event, caseRecord]

    /// The field whose name matches case-insensitively (Salesforce field names are case-insensitive).
    func field(_ name: String) -> SalesforceField? { fields.first { $0.name.lowercased() == name.lowercased() } }

    var requiredFields: [String] { fields.filter(\.required).map(\.name) }

    private static func s(_ name: String, _ label: String, _ length: Int, required: Bool = false) -> SalesforceField {
        SalesforceField(name: name, label: label, type: .string, length: length, required: required)
    }
    private static let system: [SalesforceField] = [
        SalesforceField(name: "Id", label: "Record ID", type: .id, length: 18, readOnly: true),
        SalesforceField(name: "IsDeleted", label: "Deleted", type: .boolean, readOnly: true),
        SalesforceField(name: "CreatedDate", label: "Created Date", type: .datetime, readOnly: true),
        SalesforceField(name: "CreatedById", label: "Created By ID", type: .reference, length: 18, readOnly: true, referencePrefix: "005"),
        SalesforceField(name: "LastModifiedDate", label: "Last Modified Date", type: .datetime, readOnly: true),
        SalesforceField(name: "LastModifiedById", label: "Last Modified By ID", type: .reference, length: 18, readOnly: true, referencePrefix: "005"),
        SalesforceField(name: "SystemModstamp", label: "System Modstamp", type: .datetime, readOnly: true),
    ]
    private static let owner = SalesforceField(name: "OwnerId", label: "Owner ID", type: .reference, length: 18, referencePrefix: "005")
    private static let accountRef = SalesforceField(name: "AccountId", label: "Account ID", type: .reference, length: 18, referencePrefix: "001")
    private static let leadSource = SalesforceField(name: "LeadSource", label: "Lead Source", type: .picklist, length: 255,
                                                    picklist: ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"])
    private static let description = SalesforceField(name: "Description", label: "Description", type: .textarea, length: 32000)

    static let contact = SalesforceObjectType(name: "Contact", prefix: "003", fields: system + [
        SalesforceField(name: "Name", label: "Full Name", type: .string, length: 121, readOnly: true),
        s("Salutation", "Salutation", 40), s("FirstName", "First Name", 40), s("LastName", "Last Name", 80, required: true),
        SalesforceField(name: "Email", label: "Email", type: .email, length: 80),
        SalesforceField(name: "Phone", label: "Business Phone", type: .phone, length: 40),
        SalesforceField(name: "MobilePhone", label: "Mobile Phone", type: .phone, length: 40),
        s("Title", "Title", 128), s("Department", "Department", 80), accountRef,
        SalesforceField(name: "MailingStreet", label: "Mailing Street", type: .textarea, length: 255),
        s("MailingCity", "Mailing City", 40), s("MailingState", "Mailing State/Province", 80),
        s("MailingPostalCode", "Mailing Zip/Postal Code", 20), s("MailingCountry", "Mailing Country", 80),
        leadSource, description, owner,
    ])

    static let account = SalesforceObjectType(name: "Account", prefix: "001", fields: system + [
        s("Name", "Account Name", 255, required: true),
        SalesforceField(name: "Website", label: "Website", type: .url, length: 255),
        SalesforceField(name: "Phone", label: "Account Phone", type: .phone, length: 40),
        SalesforceField(name: "Industry", label: "Industry", type: .picklist, length: 255),
        SalesforceField(name: "Type", label: "Account Type", type: .picklist, length: 255),
        SalesforceField(name: "NumberOfEmployees", label: "Employees", type: .int),
        SalesforceField(name: "AnnualRevenue", label: "Annual Revenue", type: .currency),
        SalesforceField(name: "BillingStreet", label: "Billing Street", type: .textarea, length: 255),
        s("BillingCity", "Billing City", 40), s("BillingState", "Billing State/Province", 80),
        s("BillingPostalCode", "Billing Zip/Postal Code", 20), s("BillingCountry", "Billing Country", 80),
        description, owner,
    ])

    static let opportunity = SalesforceObjectType(name: "Opportunity", prefix: "006", fields: system + [
        s("Name", "Name", 120, required: true),
        SalesforceField(name: "StageName", label: "Stage", type: .picklist, length: 255, required: true, picklist: [
            "Prospecting", "Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Perception Analysis",
            "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost",
        ]),
        SalesforceField(name: "CloseDate", label: "Close Date", type: .date, required: true),
        SalesforceField(name: "Amount", label: "Amount", type: .currency),
        SalesforceField(name: "Probability", label: "Probability (%)", type: .percent),
        accountRef,
        SalesforceField(name: "ContactId", label: "Contact ID", type: .reference, length: 18, referencePrefix: "003"),
        SalesforceField(name: "Type", label: "Opportunity Type", type: .picklist, length: 255),
        leadSource, s("NextStep", "Next Step", 255), description, owner,
    ])

    static let lead = SalesforceObjectType(name: "Lead", prefix: "00Q", fields: system + [
        SalesforceField(name: "Name", label: "Full Name", type: .string, length: 121, readOnly: true),
        s("FirstName", "First Name", 40), s("LastName", "Last Name", 80, required: true), s("Company", "Company", 255, required: true),
        SalesforceField(name: "Email", label: "Email", type: .email, length: 80), SalesforceField(name: "Phone", label: "Phone", type: .phone, length: 40),
        s("Title", "Title", 128), SalesforceField(name: "Website", label: "Website", type: .url, length: 255),
        SalesforceField(name: "Status", label: "Lead Status", type: .picklist, length: 255,
                        picklist: ["Open - Not Contacted", "Working - Contacted", "Closed - Converted", "Closed - Not Converted"]),
        SalesforceField(name: "IsConverted", label: "Converted", type: .boolean, readOnly: true),
        leadSource, description, owner,
    ])

    /// Who an activity is about (a contact or a lead) and what (an account or an opportunity).
    private static let who = SalesforceField(name: "WhoId", label: "Name ID", type: .reference, length: 18, referencePrefix: "003,00Q")
    private static let what = SalesforceField(name: "WhatId", label: "Related To ID", type: .reference, length: 18, referencePrefix: "001,006,500")

    static let task = SalesforceObjectType(name: "Task", prefix: "00T", fields: system + [
        s("Subject", "Subject", 255), SalesforceField(name: "Description", label: "Comments", type: .textarea, length: 32000),
        SalesforceField(name: "ActivityDate", label: "Due Date Only", type: .date),
        SalesforceField(name: "Status", label: "Status", type: .picklist, length: 255,
                        picklist: ["Not Started", "In Progress", "Completed", "Waiting on someone else", "Deferred"]),
        SalesforceField(name: "Priority", label: "Priority", type: .picklist, length: 255, picklist: ["High", "Normal", "Low"]),
        SalesforceField(name: "TaskSubtype", label: "Task Subtype", type: .picklist, length: 255, picklist: ["Task", "Email", "Call"]),
        SalesforceField(name: "CallDurationInSeconds", label: "Call Duration", type: .int), who, what, owner,
    ])

    static let event = SalesforceObjectType(name: "Event", prefix: "00U", fields: system + [
        s("Subject", "Subject", 255), SalesforceField(name: "Description", label: "Description", type: .textarea, length: 32000),
        SalesforceField(name: "ActivityDateTime", label: "Due Date Time", type: .datetime, required: true),
        SalesforceField(name: "DurationInMinutes", label: "Duration", type: .int, required: true),
        s("Location", "Location", 255), who, what, owner,
    ])

    /// `Case` (a Swift keyword, hence the name).
    static let caseRecord = SalesforceObjectType(name: "Case", prefix: "500", fields: system + [
        s("Subject", "Subject", 255), description,
        SalesforceField(name: "Status", label: "Status", type: .picklist, length: 255, picklist: ["New", "Working", "Escalated", "Closed"]),
        SalesforceField(name: "Priority", label: "Priority", type: .picklist, length: 255, picklist: ["High", "Medium", "Low"]),
        SalesforceField(name: "Origin", label: "Case Origin", type: .picklist, length: 255, picklist: ["Phone", "Email", "Web"]),
        SalesforceField(name: "ContactId", label: "Contact ID", type: .reference, length: 18, referencePrefix: "003"), accountRef, owner,
    ])
}

/// Salesforce record ids: a 3-character key prefix, 12 characters, and the 3-character
/// case-safe checksum that makes the 18-character form.
enum SalesforceID {
    private static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// The n-th id with `prefix` (18 characters).
    static func make(prefix: String, _ n: Int64) -> String {
        var v = n
        var body: [Character] = []
        while v > 0 { body.append(digits[Int(v % 62)]); v /= 62 }
        let tail = String(body.reversed())
        let fifteen = prefix + "Sb" + String(repeating: "0", count: max(0, 10 - tail.count)) + tail
        return fifteen + checksum(fifteen)
    }

    /// The 3-character suffix of a 15-character id.
    static func checksum(_ id: String) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345")
        let chars = Array(id)
        var out = ""
        for chunk in 0..<3 {
            var bits = 0
            for i in 0..<5 where chars[chunk * 5 + i].isASCII && chars[chunk * 5 + i].isUppercase { bits |= 1 << i }
            out.append(table[bits])
        }
        return out
    }

    /// Whether `text` is a well-formed 15- or 18-character id.
    static func isWellFormed(_ text: String) -> Bool {
        (text.count == 15 || text.count == 18) && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// The 18-character form of a 15- or 18-character id.
    static func normalize(_ text: String) -> String {
        text.count == 15 && isWellFormed(text) ? text + checksum(text) : text
    }
}
