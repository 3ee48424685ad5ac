/// The kinds of record the universal data model knows, and that sync objects and mappings name.
public enum UniversalObject: String, Sendable, Equatable, CaseIterable {
    case contact, company, deal

    /// `contacts`, `companies`, `deals`, for messages.
    public var plural: String { self == .company ? "companies" : rawValue + "s" }
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

    /// The fields that name another of our records, and that record's kind: sent as the CRM id
    /// its record link holds.
    public static let references: [UniversalField: UniversalObject] = [
        .contactCompanyID: .company, .dealCompanyID: .company, .dealContactIDs: .contact,
    ]

    /// Every universal field name, in model order.
    public static let names: [String] = allCases.map(\.rawValue)

    /// The record kind the field belongs to.
    public var object: UniversalObject {
        if rawValue.hasPrefix("contact_") { return .contact }
        if rawValue.hasPrefix("company_") { return .company }
        return .deal
    }

    /// The value's type in universal records: `string`, `email`, `phone`, `url`, `number` or `date` (YYYY-MM-DD).
    public var valueType: String {
        switch self {
        case .contactEmail: return "email"
        case .contactPhone, .companyPhone: return "phone"
        case .contactWebsite, .companyWebsite: return "url"
        case .dealAmount, .dealProbability: return "number"
        case .dealCloseDate: return "date"
        default: return "string"
        }
    }
}
