import Foundation
import SwitchboardCore

/// A HubSpot property definition as the properties API describes it.
struct HubSpotProperty: Sendable {
    enum Kind: String, Sendable { case string, number, datetime, date, enumeration }
    var name: String
    var label: String
    var type: Kind
    var fieldType: String
    var options: [String] = []
    /// Labels of `options`, in the same order (the values when empty).
    var optionLabels: [String] = []
    var readOnly = false
    var custom = false
    /// Listed in the object schema's `requiredProperties`.
    var required = false

    /// The definition as `GET /crm/v3/properties/{object}` returns it.
    func json(groupName: String) -> JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o["label"] = .string(label)
        o["type"] = .string(type.rawValue)
        o["fieldType"] = .string(fieldType)
        o["description"] = ""
        o["groupName"] = .string(groupName)
        o["options"] = .array(options.enumerated().map { i, v in
            ["label": .string(i < optionLabels.count ? optionLabels[i] : v), "value": .string(v), "displayOrder": .number(Double(i)), "hidden": false]
        })
        o["displayOrder"] = -1
        o["calculated"] = false
        o["externalOptions"] = false
        o["hasUniqueValue"] = .bool(name == "hs_object_id")
        o["hidden"] = false
        o["hubspotDefined"] = .bool(!custom)
        o["modificationMetadata"] = ["archivable": .bool(custom), "readOnlyDefinition": .bool(!custom), "readOnlyValue": .bool(readOnly)]
        o["formField"] = .bool(!readOnly)
        o["createdAt"] = "2020-01-01T00:00:00.000Z"
        o["updatedAt"] = "2020-01-01T00:00:00.000Z"
        o["archived"] = false
        return .object(o)
    }

    /// Reads a definition posted to `POST /crm/v3/properties/{object}` as the account's new
    /// custom field; the failure says what is wrong, as HubSpot's validation message would.
    static func customField(from body: JSONValue) -> Outcome<CustomFieldDefinition, String> {
        guard let name = body["name"]?.stringValue, !name.isEmpty,
              name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            return .failure("name is required: lowercase letters, digits and underscores")
        }
        guard let label = body["label"]?.stringValue, !label.isEmpty else { return .failure("label is required") }
        guard let typeText = body["type"]?.stringValue, let type = Kind(rawValue: typeText) else {
            return .failure("type is required: one of string, number, datetime, date, enumeration")
        }
        guard let fieldType = body["fieldType"]?.stringValue, !fieldType.isEmpty else { return .failure("fieldType is required, e.g. text") }
        guard body["groupName"]?.stringValue?.isEmpty == false else { return .failure("groupName is required, e.g. contactinformation") }
        let options = (body["options"]?.arrayValue ?? []).compactMap { o -> CustomFieldDefinition.Option? in
            o["value"]?.stringValue.map { CustomFieldDefinition.Option(value: $0, label: o["label"]?.stringValue ?? $0) }
        }
        if type == .enumeration && options.isEmpty { return .failure("an enumeration needs options") }
        let kind: CustomFieldDefinition.Kind = switch type {
        case .string: .text
        case .number: .number
        case .date: .date
        case .datetime: .datetime
        case .enumeration: fieldType == "booleancheckbox" ? .boolean : .picklist
        }
        return .success(CustomFieldDefinition(name: name, label: label, kind: kind, options: kind == .picklist ? options : []))
    }
}

extension HubSpotProperty {
    /// The property an account's custom field appears as.
    init(custom field: CustomFieldDefinition) {
        let (type, fieldType): (Kind, String) = switch field.kind {
        case .text: (.string, "text")
        case .number: (.number, "number")
        case .date: (.date, "date")
        case .datetime: (.datetime, "date")
        case .boolean: (.enumeration, "booleancheckbox")
        case .picklist: (.enumeration, "select")
        }
        let options = field.kind == .boolean
            ? [CustomFieldDefinition.Option(value: "true", label: "Yes"), CustomFieldDefinition.Option(value: "false", label: "No")]
            : field.options
        self.init(name: field.name, label: field.label, type: type, fieldType: fieldType, options: options.map(\.value),
                  optionLabels: options.map(\.label), custom: true, required: field.required)
    }
}

/// The CRM object types the sandbox serves (contacts, companies, deals, tickets, leads and the
/// engagements) and their built-in properties.
struct HubSpotObjectType: Sendable {
    /// `contacts`, `companies`, `deals`.
    var name: String
    /// `contact`, `company`, `deal` (scope names and messages).
    var singular: String
    /// The property holding the last-modified date (`lastmodifieddate` or `hs_lastmodifieddate`).
    var modifiedProperty: String
    /// Properties returned when a request names none.
    var defaultProperties: [String]
    var groupName: String
    var builtIn: [HubSpotProperty]

    /// HubSpot's object type id (`0-1` contacts, `0-2` companies, `0-3` deals, `0-5` tickets, …).
    var objectTypeID: String

    /// The type named by a URL segment (`contacts`, `contact`, `0-1`, ...).
    static func named(_ segment: String) -> HubSpotObjectType? {
        let s = segment.lowercased()
        return all.first { $0.name == s || $0.singular == s || $0.objectTypeID == s }
    }

    static let all = [contacts, companies, deals, tickets, leads, tasks, notes, calls, meetings, emails]

    /// The pipelines of the type (deals, tickets), with the property naming the pipeline and the
    /// stage, and the pipeline a record without one is created in.
    var pipelines: (list: [SandboxPipelines.Pipeline], pipeline: String, stage: String, fallback: String)? {
        switch name {
        case "deals": return (SandboxPipelines.hubspotDeals, "pipeline", "dealstage", "default")
        case "tickets": return (SandboxPipelines.hubspotTickets, "hs_pipeline", "hs_pipeline_stage", "0")
        case "leads": return (SandboxPipelines.hubspotLeads, "hs_pipeline", "hs_pipeline_stage", "lead-pipeline-id")
        default: return nil
        }
    }

    /// The OAuth scope a read or write of this type needs: `tickets` for tickets, the contacts
    /// scopes for engagements (notes, tasks, calls, meetings, emails), as HubSpot asks.
    func scope(write: Bool) -> String {
        switch name {
        case "tickets": return "tickets"
        case "tasks", "notes", "calls", "meetings", "emails": return "crm.objects.contacts.\(write ? "write" : "read")"
        default: return "crm.objects.\(name).\(write ? "write" : "read")"
        }
    }

    private static func text(_ name: String, _ label: String) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .string, fieldType: "text")
    }
    private static func number(_ name: String, _ label: String) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .number, fieldType: "number")
    }
    private static func required(_ p: HubSpotProperty) -> HubSpotProperty { var p = p; p.required = true; return p }
    private static func choice(_ name: String, _ label: String, _ options: [String]) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .enumeration, fieldType: "select", options: options)
    }
    private static func readOnlyDate(_ name: String, _ label: String) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .datetime, fieldType: "date", readOnly: true)
    }
    private static let objectID = HubSpotProperty(name: "hs_object_id", label: "Record ID", type: .number, fieldType: "number", readOnly: true)
    private static let lifecycle = HubSpotProperty(
        name: "lifecyclestage", label: "Lifecycle Stage", type: .enumeration, fieldType: "radio",
        options: ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"])

    static let contacts = HubSpotObjectType(
        name: "contacts", singular: "contact", modifiedProperty: "lastmodifieddate",
        defaultProperties: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
        groupName: "contactinformation",
        builtIn: [
            text("email", "Email"), text("firstname", "First Name"), text("lastname", "Last Name"), text("phone", "Phone Number"),
            text("mobilephone", "Mobile Phone Number"), text("company", "Company Name"), text("jobtitle", "Job Title"),
            text("website", "Website URL"), text("address", "Street Address"), text("city", "City"), text("state", "State/Region"),
            text("zip", "Postal Code"), text("country", "Country/Region"), lifecycle, text("hubspot_owner_id", "Contact owner"),
            readOnlyDate("createdate", "Create Date"), readOnlyDate("lastmodifieddate", "Last Modified Date"), objectID,
        ], objectTypeID: "0-1")

    static let companies = HubSpotObjectType(
        name: "companies", singular: "company", modifiedProperty: "hs_lastmodifieddate",
        defaultProperties: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
        groupName: "companyinformation",
        builtIn: [
            text("name", "Company name"), text("domain", "Company Domain Name"), text("website", "Website URL"), text("phone", "Phone Number"),
            text("industry", "Industry"), text("description", "Description"), number("numberofemployees", "Number of Employees"),
            number("annualrevenue", "Annual Revenue"), text("address", "Street Address"), text("city", "City"), text("state", "State/Region"),
            text("zip", "Postal Code"), text("country", "Country/Region"), lifecycle, text("hubspot_owner_id", "Company owner"),
            readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID,
        ], objectTypeID: "0-2")

    static let deals = HubSpotObjectType(
        name: "deals", singular: "deal", modifiedProperty: "hs_lastmodifieddate",
        defaultProperties: ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"],
        groupName: "dealinformation",
        builtIn: [
            text("dealname", "Deal Name"),
            HubSpotProperty(name: "dealstage", label: "Deal Stage", type: .enumeration, fieldType: "radio",
                            options: SandboxPipelines.hubspotDeals.flatMap { $0.stages.map(\.id) }),
            HubSpotProperty(name: "pipeline", label: "Pipeline", type: .enumeration, fieldType: "select", options: SandboxPipelines.hubspotDeals.map(\.id)),
            number("amount", "Amount"), HubSpotProperty(name: "closedate", label: "Close Date", type: .datetime, fieldType: "date"),
            HubSpotProperty(name: "dealtype", label: "Deal Type", type: .enumeration, fieldType: "radio", options: ["newbusiness", "existingbusiness"]),
            text("description", "Deal Description"), text("deal_currency_code", "Currency"), text("hubspot_owner_id", "Deal owner"),
            readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID,
        ], objectTypeID: "0-3")

    /// Tickets in the help desk pipeline `0` (stages 1 New, 2 Waiting on contact, 3 Waiting on us, 4 Closed) or `onboarding`.
    static let tickets = HubSpotObjectType(
        name: "tickets", singular: "ticket", modifiedProperty: "hs_lastmodifieddate",
        defaultProperties: ["content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "subject"],
        groupName: "ticketinformation",
        builtIn: [
            required(text("subject", "Ticket name")), text("content", "Ticket description"),
            required(choice("hs_pipeline", "Pipeline", SandboxPipelines.hubspotTickets.map(\.id))),
            required(choice("hs_pipeline_stage", "Ticket status", SandboxPipelines.hubspotTickets.flatMap { $0.stages.map(\.id) })),
            choice("hs_ticket_priority", "Priority", ["LOW", "MEDIUM", "HIGH"]), choice("hs_ticket_category", "Category", ["PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"]),
            text("hubspot_owner_id", "Ticket owner"), readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID,
        ], objectTypeID: "0-5")

    /// Leads (Sales Hub): a name, a primary contact given when created (`HubSpotAssociations`), and
    /// a stage of the lead pipeline (created at `new-stage-id` when none is given).
    static let leads = HubSpotObjectType(
        name: "leads", singular: "lead", modifiedProperty: "hs_lastmodifieddate",
        defaultProperties: ["createdate", "hs_lastmodifieddate", "hs_lead_name", "hs_object_id", "hs_pipeline", "hs_pipeline_stage"],
        groupName: "leadinformation",
        builtIn: [
            required(text("hs_lead_name", "Lead name")), choice("hs_lead_type", "Lead type", ["NEW_BUSINESS", "EXISTING_BUSINESS"]),
            choice("hs_lead_label", "Lead label", ["HOT", "WARM", "COLD"]),
            choice("hs_pipeline", "Pipeline", SandboxPipelines.hubspotLeads.map(\.id)),
            choice("hs_pipeline_stage", "Lead stage", SandboxPipelines.hubspotLeads.flatMap { $0.stages.map(\.id) }),
            text("hubspot_owner_id", "Lead owner"), readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID,
        ], objectTypeID: "0-136")

    /// The time every engagement needs (`hs_timestamp`: when it happened or is due).
    private static let timestamp = required(HubSpotProperty(name: "hs_timestamp", label: "Activity date", type: .datetime, fieldType: "date"))
    private static func engagement(_ name: String, _ singular: String, _ id: String, _ own: [HubSpotProperty]) -> HubSpotObjectType {
        HubSpotObjectType(name: name, singular: singular, modifiedProperty: "hs_lastmodifieddate",
                          defaultProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_timestamp"] + own.map(\.name),
                          groupName: "\(singular)information",
                          builtIn: [timestamp] + own + [text("hubspot_owner_id", "Assigned to"), readOnlyDate("hs_createdate", "Create date"),
                                                        readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID],
                          objectTypeID: id)
    }

    static let tasks = engagement("tasks", "task", "0-27", [
        text("hs_task_subject", "Task title"), text("hs_task_body", "Notes"),
        choice("hs_task_status", "Task status", ["NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"]),
        choice("hs_task_priority", "Priority", ["NONE", "LOW", "MEDIUM", "HIGH"]), choice("hs_task_type", "Task type", ["TODO", "CALL", "EMAIL"]),
    ])
    static let notes = engagement("notes", "note", "0-46", [text("hs_note_body", "Note body")])
    static let calls = engagement("calls", "call", "0-48", [
        text("hs_call_title", "Call title"), text("hs_call_body", "Call notes"), number("hs_call_duration", "Call duration (ms)"),
        choice("hs_call_direction", "Call direction", ["INBOUND", "OUTBOUND"]),
        choice("hs_call_status", "Call status", ["BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"]),
    ])
    static let meetings = engagement("meetings", "meeting", "0-47", [
        text("hs_meeting_title", "Meeting name"), text("hs_meeting_body", "Meeting description"),
        HubSpotProperty(name: "hs_meeting_start_time", label: "Start time", type: .datetime, fieldType: "date"),
        HubSpotProperty(name: "hs_meeting_end_time", label: "End time", type: .datetime, fieldType: "date"),
        choice("hs_meeting_outcome", "Meeting outcome", ["SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"]),
    ])
    static let emails = engagement("emails", "email", "0-49", [
        text("hs_email_subject", "Email subject"), text("hs_email_text", "Email body"),
        choice("hs_email_direction", "Email direction", ["EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"]),
        choice("hs_email_status", "Email send status", ["BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT"]),
    ])
}
