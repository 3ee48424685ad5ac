/// The kinds of record the universal data model knows, and that sync objects and mappings name.
public enum UniversalObject: String, Sendable, Equatable, CaseIterable {
    case contact, company, deal
    /// A prospect before it becomes a contact (Salesforce, Pipedrive, Zoho and Copper leads).
    case lead
    /// Something done with a record: a note, task, call, meeting or email (`activity_type`).
    case activity
    /// A support request (HubSpot tickets, Salesforce and Zoho cases).
    case ticket

    /// `contacts`, `companies`, `deals`, …, for messages.
    public var plural: String {
        switch self {
        case .company: "companies"
        case .activity: "activities"
        default: rawValue + "s"
        }
    }

    /// The field prefix of the object's universal fields (`contact_`, `company_`, …).
    public var fieldPrefix: String { rawValue + "_" }
}

/// A field of Switchboard's universal data model (`contact_*`, `company_*`, `deal_*`, from the
/// Alloy CRM blueprint); default mappings take their values from these names.
public enum UniversalField: String, Sendable, Equatable, CaseIterable {
    case contactEmail = "contact_email"
    case contactFirstName = "contact_first_name"
    case contactLastName = "contact_last_name"
    case contactPhone = "contact_phone"
    case contactCompany = "contact_company"
    case contactTitle = "contact_title"
    case contactWebsite = "contact_website"
    case contactAddressStreet = "contact_address_street"
    case contactAddressCity = "contact_address_city"
    case contactAddressState = "contact_address_state"
    case contactAddressPostal = "contact_address_postal"
    case contactAddressCountry = "contact_address_country"
    /// Our id of the contact's company record (an association, sent as the company's CRM id).
    case contactCompanyID = "contact_company_id"
    case companyName = "company_name"
    case companyDomain = "company_domain"
    case companyWebsite = "company_website"
    case companyPhone = "company_phone"
    case companyIndustry = "company_industry"
    case companyAddressStreet = "company_address_street"
    case companyAddressCity = "company_address_city"
    case companyAddressState = "company_address_state"
    case companyAddressPostal = "company_address_postal"
    case companyAddressCountry = "company_address_country"
    case dealName = "deal_name"
    case dealAmount = "deal_amount"
    case dealCurrency = "deal_currency"
    case dealStage = "deal_stage"
    case dealCloseDate = "deal_close_date"
    case dealProbability = "deal_probability"
    /// Our id of the deal's company record (an association).
    case dealCompanyID = "deal_company_id"
    /// Our ids of the deal's contact records (an association): a list, or ids separated by commas.
    case dealContactIDs = "deal_contact_ids"
    /// The pipeline the deal's stage belongs to (HubSpot `pipeline`, Pipedrive `pipeline_id`).
    case dealPipeline = "deal_pipeline"
    case leadEmail = "lead_email"
    case leadFirstName = "lead_first_name"
    case leadLastName = "lead_last_name"
    case leadPhone = "lead_phone"
    case leadCompany = "lead_company"
    case leadTitle = "lead_title"
    case leadStatus = "lead_status"
    case leadSource = "lead_source"
    /// Our id of the lead's person, where a lead links one (Pipedrive) (an association).
    case leadContactID = "lead_contact_id"
    /// Our id of the lead's organization, where a lead links one (Pipedrive) (an association).
    case leadCompanyID = "lead_company_id"
    /// `note`, `task`, `call`, `meeting` or `email`; the CRM action that is pushed to says which.
    case activityType = "activity_type"
    case activitySubject = "activity_subject"
    case activityBody = "activity_body"
    /// When it happened or is planned (an ISO 8601 time; HubSpot's `hs_timestamp`).
    case activityOccurredAt = "activity_occurred_at"
    /// When a task is due.
    case activityDueAt = "activity_due_at"
    case activityStatus = "activity_status"
    case activityDurationMinutes = "activity_duration_minutes"
    /// Our id of the contact the activity is about (an association).
    case activityContactID = "activity_contact_id"
    /// Our id of the company the activity is about (an association).
    case activityCompanyID = "activity_company_id"
    /// Our id of the deal the activity is about (an association).
    case activityDealID = "activity_deal_id"
    case ticketSubject = "ticket_subject"
    case ticketDescription = "ticket_description"
    /// The ticket's stage or status (HubSpot `hs_pipeline_stage`, Salesforce and Zoho `Status`).
    case ticketStatus = "ticket_status"
    case ticketPriority = "ticket_priority"
    case ticketPipeline = "ticket_pipeline"
    /// Where the ticket came from: `email`, `phone`, `web`, `chat` (Salesforce and Zoho `Origin`).
    case ticketChannel = "ticket_channel"
    /// Our id of the contact who raised the ticket (an association).
    case ticketContactID = "ticket_contact_id"
    /// Our id of the ticket's company (an association).
    case ticketCompanyID = "ticket_company_id"

    /// The fields that name another of our records, and that record's kind: sent as the CRM id
    /// its record link holds.
    public static let references: [UniversalField: UniversalObject] = [
        .contactCompanyID: .company, .dealCompanyID: .company, .dealContactIDs: .contact,
        .activityContactID: .contact, .activityCompanyID: .company, .activityDealID: .deal,
        .ticketContactID: .contact, .ticketCompanyID: .company, .leadContactID: .contact, .leadCompanyID: .company,
    ]

    /// Every universal field name, in model order.
    public static let names: [String] = allCases.map(\.rawValue)

    /// The record kind the field belongs to.
    public var object: UniversalObject {
        UniversalObject.allCases.first { rawValue.hasPrefix($0.fieldPrefix) } ?? .deal
    }

    /// The value's type in universal records: `string`, `email`, `phone`, `url`, `number`, `date`
    /// (YYYY-MM-DD) or `datetime` (an ISO 8601 time, or a date at midnight UTC).
    public var valueType: String {
        switch self {
        case .contactEmail, .leadEmail: return "email"
        case .contactPhone, .companyPhone, .leadPhone: return "phone"
        case .contactWebsite, .companyWebsite: return "url"
        case .dealAmount, .dealProbability, .activityDurationMinutes: return "number"
        case .dealCloseDate: return "date"
        case .activityOccurredAt, .activityDueAt: return "datetime"
        default: return "string"
        }
    }
}
