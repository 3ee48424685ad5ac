import Foundation

/// The custom fields the demo accounts come with, so that each account's schema differs as real
/// accounts' do: Acme has a `customer_tier` picklist and an `nps_score` number; Globex has other
/// tier options and a required `region`; Initech has a `renewal_date`.
enum DemoCustomFields {
    /// (connector, object, account, definition) for every CRM the sandbox serves.
    static var all: [(connector: String, object: String, account: String, field: CustomFieldDefinition)] {
        var out: [(String, String, String, CustomFieldDefinition)] = []
        for (account, fields) in perAccount {
            for (connector, object, naming) in contactObjects {
                for (i, f) in fields.enumerated() {
                    var d = f
                    d.name = naming(f.name)
                    d.numericID = 900_000 + i + 10 * accountIndex(account)
                    out.append((connector, object, account, d))
                }
            }
        }
        return out
    }

    private static func accountIndex(_ account: String) -> Int { ["acme": 0, "globex": 1, "initech": 2][account] ?? 3 }

    private static func options(_ values: [String]) -> [CustomFieldDefinition.Option] {
        values.map { CustomFieldDefinition.Option(value: $0.lowercased(), label: $0) }
    }

    /// The neutral definitions, named in snake case.
    static let perAccount: [(String, [CustomFieldDefinition])] = [
        ("acme", [
            CustomFieldDefinition(name: "customer_tier", label: "Customer tier", kind: .picklist,
                                  options: options(["Bronze", "Silver", "Gold", "Platinum"])),
            CustomFieldDefinition(name: "nps_score", label: "NPS score", kind: .number),
        ]),
        ("globex", [
            CustomFieldDefinition(name: "customer_tier", label: "Customer tier", kind: .picklist,
                                  options: options(["Standard", "Premium", "Enterprise"])),
            CustomFieldDefinition(name: "region", label: "Sales region", kind: .picklist,
                                  options: options(["EMEA", "Americas", "APAC"]), required: true),
        ]),
        ("initech", [
            CustomFieldDefinition(name: "renewal_date", label: "Renewal date", kind: .date),
        ]),
    ]

    /// The contact object of each CRM and how it spells a custom field's name.
    static let contactObjects: [(String, String, @Sendable (String) -> String)] = [
        ("hubspot", "contacts", { $0 }),
        ("salesforce", "Contact", { salesforceName($0) }),
        ("zoho-crm", "Contacts", { zohoName($0) }),
        ("pipedrive", "persons", { pipedriveKey($0) }),
        ("copper", "people", { $0 }),
    ]

    /// `customer_tier` → `Customer_Tier__c`.
    static func salesforceName(_ snake: String) -> String { zohoName(snake) + "__c" }

    /// `customer_tier` → `Customer_Tier`; `nps_score` → `NPS_Score` stays readable as `Nps_Score`.
    static func zohoName(_ snake: String) -> String {
        snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: "_")
    }

    /// A stable 40-hex-character key, as Pipedrive gives custom fields.
    static func pipedriveKey(_ snake: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var out = ""
        while out.count < 40 {
            for b in (snake + String(out.count)).utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            out += String(h, radix: 16)
        }
        return String(out.prefix(40))
    }
}
