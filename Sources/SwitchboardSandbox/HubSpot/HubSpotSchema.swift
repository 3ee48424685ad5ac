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

/// The three CRM object types the sandbox serves and their built-in properties.
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

    /// The type named by a URL segment (`contacts`, `0-1`, ...).
    static func named(_ segment: String) -> HubSpotObjectType? {
        switch segment.lowercased() {
        case "contacts", "contact", "0-1": return contacts
        case "companies", "company", "0-2": return companies
        case "deals", "deal", "0-3": return deals
        default: return nil
        }
    }

    static let all = [contacts, companies, deals]

    /// HubSpot's object type id: `0-1` contacts, `0-2` companies, `0-3` deals.
    var objectTypeID: String {
        switch name {
        case "contacts": return "0-1"
        case "companies": return "0-2"
        default: return "0-3"
        }
    }

    private static func text(_ name: String, _ label: String) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .string, fieldType: "text")
    }
    private static func number(_ name: String, _ label: String) -> HubSpotProperty {
        HubSpotProperty(name: name, label: label, type: .number, fieldType: "number")
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
        ])

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
        ])

    static let deals = HubSpotObjectType(
        name: "deals", singular: "deal", modifiedProperty: "hs_lastmodifieddate",
        defaultProperties: ["amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"],
        groupName: "dealinformation",
        builtIn: [
            text("dealname", "Deal Name"),
            HubSpotProperty(name: "dealstage", label: "Deal Stage", type: .enumeration, fieldType: "radio",
                            options: ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
                                      "contractsent", "closedwon", "closedlost"]),
            HubSpotProperty(name: "pipeline", label: "Pipeline", type: .enumeration, fieldType: "select", options: ["default"]),
            number("amount", "Amount"), HubSpotProperty(name: "closedate", label: "Close Date", type: .datetime, fieldType: "date"),
            HubSpotProperty(name: "dealtype", label: "Deal Type", type: .enumeration, fieldType: "radio", options: ["newbusiness", "existingbusiness"]),
            text("description", "Deal Description"), text("deal_currency_code", "Currency"), text("hubspot_owner_id", "Deal owner"),
            readOnlyDate("createdate", "Create Date"), readOnlyDate("hs_lastmodifieddate", "Last Modified Date"), objectID,
        ])
}
