/// Example universal records (the seeds' examples), for previews before a tenant has data.
extension UniversalRecord {
    /// The seed's example record of `object`.
    public static func sample(_ object: UniversalObject) -> UniversalRecord {
        switch object {
        case .contact:
            return UniversalRecord(id: "sample-contact", object: .contact, fields: JSONObject([
                ("contact_email", "sarah.jones@techcorp.com"), ("contact_first_name", "Sarah"), ("contact_last_name", "Jones"),
                ("contact_phone", "+1 (555) 987-6543"), ("contact_company", "TechCorp"), ("contact_title", "VP of Sales"),
                ("contact_address_city", "San Francisco"), ("contact_address_state", "CA"),
            ]))
        case .company:
            return UniversalRecord(id: "sample-company", object: .company, fields: JSONObject([
                ("company_name", "TechCorp"), ("company_domain", "techcorp.com"), ("company_website", "https://www.techcorp.com"),
                ("company_phone", "+1 (555) 100-2000"), ("company_industry", "Software"), ("company_address_city", "San Francisco"),
            ]))
        case .deal:
            return UniversalRecord(id: "sample-deal", object: .deal, fields: JSONObject([
                ("deal_name", "Q4 Enterprise Contract"), ("deal_amount", 75000), ("deal_stage", "negotiation"),
                ("deal_close_date", "2025-12-31"), ("deal_probability", 60),
            ]))
        }
    }
}
