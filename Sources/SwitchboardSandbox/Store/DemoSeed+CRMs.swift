import Foundation
import SwitchboardCore

/// The demo data of Copper, Pipedrive and Zoho for one account: the same four companies, eight
/// people linked to them and five deals, in each CRM's own shape.
extension DemoSeed {
    static func seedCRMs(_ store: SandboxStore, account: SandboxAccount, index n: Int,
                         people: [(String, String, String)], companies: [(String, String, String)]) throws {
        let domain = "\(account.id).example"
        func person(_ i: Int) -> (first: String, last: String, title: String, email: String) {
            let (first, last, title) = people[(i + n + 5) % people.count]
            return (first, last, title, "\(first.lowercased()).\(last.lowercased())@\(domain)")
        }
        let amounts = (0..<5).map { 8000 * ($0 + 1) }

        // Pipedrive: organizations, persons with org_id, deals on the pipeline's stages 1–5.
        let orgs = try store.create("pipedrive", "organizations", account: account.id, fields: companies.map { name, _, _ in
            jsonObject(["name": .string(name), "owner_id": 1, "visible_to": 3])
        }, uniqueEmail: false, makeID: PipedriveAPI.makeID).get().map(\.id)
        let persons = try store.create("pipedrive", "persons", account: account.id, fields: (0..<people.count).map { i -> JSONObject in
            let p = person(i)
            return jsonObject(["name": .string("\(p.first) \(p.last)"), "emails": [["value": .string(p.email), "primary": true, "label": "work"]],
                               "phones": [["value": .string("+1 555 02\(n)\(i)"), "primary": true, "label": "work"]],
                               "org_id": .number(Double(orgs[i % orgs.count]) ?? 1), "owner_id": 1, "visible_to": 3])
        }, uniqueEmail: false, makeID: PipedriveAPI.makeID).get().map(\.id)
        _ = try store.create("pipedrive", "deals", account: account.id, fields: (0..<5).map { i -> JSONObject in
            jsonObject(["title": .string("\(companies[i % companies.count].0) deal"), "value": .number(Double(amounts[i])), "currency": "USD",
                        "stage_id": .number(Double(i + 1)), "pipeline_id": 1, "status": "open", "person_id": .number(Double(persons[i]) ?? 1),
                        "org_id": .number(Double(orgs[i % orgs.count]) ?? 1), "expected_close_date": .string("2026-0\(i + 3)-20")])
        }, uniqueEmail: false, makeID: PipedriveAPI.makeID)

        // Copper: companies, people with company_id, opportunities.
        let copperCompanies = try store.create("copper", "companies", account: account.id, fields: companies.map { name, site, _ in
            jsonObject(["name": .string(name), "email_domain": .string(site), "websites": [["url": .string("https://\(site)"), "category": "work"]]])
        }, uniqueEmail: false, makeID: { String(CopperObjectType.companies.idBase + $0) }).get()
        let copperPeople = try store.create("copper", "people", account: account.id, fields: (0..<people.count).map { i -> JSONObject in
            let p = person(i)
            let company = copperCompanies[i % copperCompanies.count]
            return jsonObject(["name": .string("\(p.first) \(p.last)"), "first_name": .string(p.first), "last_name": .string(p.last),
                               "title": .string(p.title), "emails": [["email": .string(p.email), "category": "work"]],
                               "phone_numbers": [["number": .string("+1 555 03\(n)\(i)"), "category": "work"]],
                               "company_id": .number(Double(company.id) ?? 0), "company_name": company.fields["name"] ?? .null])
        }, uniqueEmail: false, makeID: { String(CopperObjectType.people.idBase + $0) }).get()
        _ = try store.create("copper", "opportunities", account: account.id, fields: (0..<5).map { i -> JSONObject in
            jsonObject(["name": .string("\(companies[i % companies.count].0) opportunity"), "monetary_value": .number(Double(amounts[i])),
                        "status": i == 4 ? "Won" : "Open", "close_date": .string("\(i + 3)/25/2026"),
                        "primary_contact_id": .number(Double(copperPeople[i].id) ?? 0),
                        "company_id": .number(Double(copperCompanies[i % copperCompanies.count].id) ?? 0)])
        }, uniqueEmail: false, makeID: { String(CopperObjectType.opportunities.idBase + $0) })

        // Zoho: Accounts, Contacts with Account_Name lookups, Deals across the stages.
        let zohoAccounts = try store.create("zoho-crm", "Accounts", account: account.id, fields: companies.map { name, site, industry in
            jsonObject(["Account_Name": .string(name), "Website": .string("https://\(site)"), "Industry": .string(industry)])
        }, uniqueEmail: false, makeID: { ZohoModule.accounts.makeID($0) }).get()
        let zohoContacts = try store.create("zoho-crm", "Contacts", account: account.id, fields: (0..<people.count).map { i -> JSONObject in
            let p = person(i)
            let company = zohoAccounts[i % zohoAccounts.count]
            return jsonObject(["First_Name": .string(p.first), "Last_Name": .string(p.last), "Title": .string(p.title), "Email": .string(p.email),
                               "Phone": .string("+1 555 04\(n)\(i)"),
                               "Account_Name": ["id": .string(company.id), "name": company.fields["Account_Name"] ?? .null]])
        }, uniqueEmail: true, makeID: { ZohoModule.contacts.makeID($0) }).get()
        let stages = ["Qualification", "Needs Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won"]
        _ = try store.create("zoho-crm", "Deals", account: account.id, fields: (0..<5).map { i -> JSONObject in
            let company = zohoAccounts[i % zohoAccounts.count]
            return jsonObject(["Deal_Name": .string("\(companies[i % companies.count].0) expansion"), "Stage": .string(stages[i]),
                               "Amount": .number(Double(amounts[i])), "Closing_Date": .string("2026-0\(i + 3)-30"),
                               "Account_Name": ["id": .string(company.id), "name": company.fields["Account_Name"] ?? .null],
                               "Contact_Name": ["id": .string(zohoContacts[i].id), "name": zohoContacts[i].fields["Last_Name"] ?? .null]])
        }, uniqueEmail: false, makeID: { ZohoModule.deals.makeID($0) })
    }
}
