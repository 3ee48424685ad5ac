import Foundation
import SwitchboardCore

/// The demo data behind `--seed demo`: for each demo account, HubSpot contacts, companies and
/// deals, Salesforce contacts, accounts and opportunities, and the same in Copper, Pipedrive and
/// Zoho (`DemoSeed+CRMs`), with plausible values.
enum DemoSeed {
    /// Writes the demo records into an empty store.
    static func seed(_ store: SandboxStore) throws {
        try store.seedDemoCustomFields()
        let people: [(String, String, String)] = [
            ("Ada", "Lovelace", "Engineer"), ("Grace", "Hopper", "Rear Admiral"), ("Alan", "Turing", "Researcher"),
            ("Katherine", "Johnson", "Mathematician"), ("Linus", "Pauling", "Chemist"), ("Margaret", "Hamilton", "Director"),
            ("Edsger", "Dijkstra", "Professor"), ("Barbara", "Liskov", "Architect"),
        ]
        let companies: [(String, String, String)] = [
            ("Northwind Traders", "northwind.example", "Retail"), ("Contoso", "contoso.example", "Technology"),
            ("Fabrikam", "fabrikam.example", "Manufacturing"), ("Tailspin Toys", "tailspin.example", "Consumer Goods"),
        ]
        let stages = ["appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "contractsent", "closedwon"]
        let sfStages = ["Prospecting", "Qualification", "Proposal/Price Quote", "Negotiation/Review", "Closed Won"]
        for (n, account) in SandboxAccount.all.enumerated() {
            let domain = "\(account.id).example"
            let contacts = (0..<people.count).map { i -> JSONObject in
                let (first, last, title) = people[(i + n) % people.count]
                return jsonObject(["email": .string("\(first.lowercased()).\(last.lowercased())@\(domain)"), "firstname": .string(first),
                        "lastname": .string(last), "jobtitle": .string(title), "phone": .string("+1 555 01\(n)\(i)"),
                        "company": .string(account.name), "lifecyclestage": .string(i % 2 == 0 ? "lead" : "customer")])
            }
            _ = try store.create("hubspot", "contacts", account: account.id, fields: contacts, uniqueEmail: true, makeID: HubSpotAPI.makeID)
            _ = try store.create("hubspot", "companies", account: account.id, fields: companies.map { name, site, industry -> JSONObject in
                jsonObject(["name": .string(name), "domain": .string(site), "website": .string("https://\(site)"), "industry": .string(industry)])
            }, uniqueEmail: false, makeID: HubSpotAPI.makeID)
            _ = try store.create("hubspot", "deals", account: account.id, fields: stages.enumerated().map { i, stage -> JSONObject in
                jsonObject(["dealname": .string("\(companies[i % companies.count].0) renewal \(2026 + i / 4)"), "dealstage": .string(stage),
                 "pipeline": "default", "amount": .string(String(5000 * (i + 1))), "closedate": .string("2026-0\(i + 3)-15T00:00:00.000Z")])
            }, uniqueEmail: false, makeID: HubSpotAPI.makeID)

            let accountIDs = try store.create("salesforce", "Account", account: account.id, fields: companies.map { name, site, industry -> JSONObject in
                jsonObject(["Name": .string(name), "Website": .string("https://\(site)"), "Industry": .string(industry)])
            }, uniqueEmail: false, makeID: { SalesforceID.make(prefix: "001", $0) }).get().map(\.id)
            _ = try store.create("salesforce", "Contact", account: account.id, fields: (0..<people.count).map { i -> JSONObject in
                let (first, last, title) = people[(i + n + 3) % people.count]
                return jsonObject(["FirstName": .string(first), "LastName": .string(last), "Title": .string(title),
                        "Email": .string("\(first.lowercased())@\(domain)"), "AccountId": .string(accountIDs[i % accountIDs.count])])
            }, uniqueEmail: false, makeID: { SalesforceID.make(prefix: "003", $0) })
            _ = try store.create("salesforce", "Opportunity", account: account.id, fields: sfStages.enumerated().map { i, stage -> JSONObject in
                jsonObject(["Name": .string("\(companies[i % companies.count].0) expansion"), "StageName": .string(stage),
                 "CloseDate": .string("2026-0\(i + 3)-28"), "Amount": .number(Double(12000 * (i + 1))), "AccountId": .string(accountIDs[i % accountIDs.count])])
            }, uniqueEmail: false, makeID: { SalesforceID.make(prefix: "006", $0) })
            try seedCRMs(store, account: account, index: n, people: people, companies: companies)
        }
    }
}
