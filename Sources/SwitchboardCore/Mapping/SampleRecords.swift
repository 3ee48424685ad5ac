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
        case .lead:
            return UniversalRecord(id: "sample-lead", object: .lead, fields: JSONObject([
                ("lead_email", "li.wei@northwind.example"), ("lead_first_name", "Li"), ("lead_last_name", "Wei"),
                ("lead_company", "Northwind Traders"), ("lead_title", "Head of Operations"), ("lead_phone", "+1 (555) 222-3300"),
                ("lead_status", "new"), ("lead_source", "web"),
            ]))
        case .activity:
            return UniversalRecord(id: "sample-activity", object: .activity, fields: JSONObject([
                ("activity_type", "call"), ("activity_subject", "Onboarding call"),
                ("activity_body", "Walked through the import; next step: map the custom fields."),
                ("activity_occurred_at", "2025-11-20T15:00:00Z"), ("activity_duration_minutes", 30), ("activity_status", "completed"),
            ]))
        case .ticket:
            return UniversalRecord(id: "sample-ticket", object: .ticket, fields: JSONObject([
                ("ticket_subject", "Import stops at row 1,204"), ("ticket_description", "The CSV import stops with a date error."),
                ("ticket_status", "new"), ("ticket_priority", "high"),
            ]))
        }
    }
}
