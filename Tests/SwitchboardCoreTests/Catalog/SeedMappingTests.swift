import Foundation
import Testing
@testable import SwitchboardCore

/// The default mappings reproduce the example payloads of the Alloy CRM blueprint (seed 000) for
/// HubSpot, Salesforce and Copper, and those payloads satisfy the actions' request schemas.
@Suite("Default mappings reproduce the seed payloads")
struct SeedMappingTests {
    let catalog = BuiltInCatalogTests.load.catalog

    struct Case: Sendable, CustomTestStringConvertible {
        var connector: String
        var action: String
        var record: [String: JSONValue]
        var expected: JSONValue
        var testDescription: String { "\(connector).\(action)" }
    }

    static let cases: [Case] = [
        Case(connector: "hubspot", action: "createContact",
             record: ["contact_email": "sarah.jones@techcorp.com", "contact_first_name": "Sarah", "contact_last_name": "Jones",
                      "contact_phone": "+1 (555) 987-6543", "contact_company": "TechCorp", "contact_title": "VP of Sales",
                      "contact_address_city": "San Francisco", "contact_address_state": "CA"],
             expected: ["properties": ["email": "sarah.jones@techcorp.com", "firstname": "Sarah", "lastname": "Jones", "phone": "+1 (555) 987-6543",
                                       "company": "TechCorp", "jobtitle": "VP of Sales", "city": "San Francisco", "state": "CA"]]),
        Case(connector: "hubspot", action: "createDeal",
             record: ["deal_name": "Q4 Enterprise Contract", "deal_amount": 75000, "deal_stage": "negotiation", "deal_close_date": "2025-12-31"],
             expected: ["properties": ["dealname": "Q4 Enterprise Contract", "amount": "75000", "dealstage": "negotiation", "closedate": "2025-12-31"]]),
        Case(connector: "salesforce", action: "createContact",
             record: ["contact_email": "mike.chen@innovate.io", "contact_first_name": "Mike", "contact_last_name": "Chen",
                      "contact_phone": "+1 (555) 234-5678", "contact_title": "Director of Engineering",
                      "contact_address_city": "Seattle", "contact_address_state": "WA"],
             expected: ["Email": "mike.chen@innovate.io", "FirstName": "Mike", "LastName": "Chen", "Phone": "+1 (555) 234-5678",
                        "Title": "Director of Engineering", "MailingCity": "Seattle", "MailingState": "WA"]),
        Case(connector: "salesforce", action: "createOpportunity",
             record: ["deal_name": "Enterprise Platform Migration", "deal_amount": 125000, "deal_stage": "Proposal/Price Quote",
                      "deal_close_date": "2025-11-30", "deal_probability": 60],
             expected: ["Name": "Enterprise Platform Migration", "Amount": 125000, "StageName": "Proposal/Price Quote",
                        "CloseDate": "2025-11-30", "Probability": 60]),
        Case(connector: "copper", action: "createPerson",
             record: ["contact_first_name": "Lisa", "contact_last_name": "Rodriguez", "contact_email": "lisa.rodriguez@globalco.com",
                      "contact_phone": "+1 (555) 345-6789", "contact_title": "Product Manager", "contact_company": "GlobalCo"],
             expected: ["name": "Lisa Rodriguez", "emails": [["email": "lisa.rodriguez@globalco.com", "category": "work"]],
                        "phone_numbers": [["number": "+1 (555) 345-6789", "category": "work"]], "title": "Product Manager",
                        "company_name": "GlobalCo"]),
        Case(connector: "copper", action: "createOpportunity",
             record: ["deal_name": "Annual Subscription Renewal", "deal_amount": 45000, "deal_stage": "123456", "deal_close_date": "2025-01-01"],
             expected: ["name": "Annual Subscription Renewal", "monetary_value": 4500000, "pipeline_stage_id": 123456, "close_date": 1735689600]),
    ]

    @Test("mapping the seed's universal record gives the seed's request body", arguments: cases)
    func reproducesSeed(_ c: Case) throws {
        let m = try #require(catalog.connector(id: c.connector))
        let mappings = m.defaultMappings(forAction: c.action)
        #expect(!mappings.isEmpty)
        let body = try ReferenceMapper.apply(mappings, to: c.record)
        #expect(body == c.expected, "\(JSONWriter.compact(body))")
        let schema = try #require(m.action(id: c.action)?.action.requestSchema)
        #expect(schema.validate(body) == [])
    }
}

/// A small reference implementation of default mappings, to check the manifests' data (the real
/// mapper lives in the Mapping module).
enum ReferenceMapper {
    struct Failure: Error { var message: String }

    static func apply(_ mappings: [DefaultMappingSpec], to record: [String: JSONValue]) throws -> JSONValue {
        var body: JSONValue = .object(JSONObject())
        for rule in mappings where rule.direction != .pull {
            let values = rule.sources.compactMap { record[$0.rawValue] }
            guard values.count == rule.sources.count else { continue }
            var value = values[0]
            for t in rule.transforms {
                value = try transform(t, value, values)
            }
            body = set(value, at: rule.target.tokens[...], in: body)
        }
        return body
    }

    private static func transform(_ t: TransformSpec, _ v: JSONValue, _ all: [JSONValue]) throws -> JSONValue {
        func number(_ v: JSONValue) throws -> Double {
            if let n = v.numberValue { return n }
            if let s = v.stringValue, let n = Double(s) { return n }
            throw Failure(message: "\(t.name): not a number")
        }
        func unix(_ v: JSONValue) throws -> Double {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd"
            guard let s = v.stringValue, let d = f.date(from: String(s.prefix(10))) else { throw Failure(message: "\(t.name): not a date") }
            return d.timeIntervalSince1970
        }
        switch t.name {
        case "numberToString": return .string(JSONWriter.format(number: try number(v)))
        case "toNumber": return .number(try number(v))
        case "toInteger": return .number(try number(v).rounded())
        case "toCents": return .number((try number(v) * 100).rounded())
        case "dateToUnix": return .number(try unix(v))
        case "dateToISODate": return .string(String((v.stringValue ?? "").prefix(10)))
        case "join": return .string(all.compactMap(\.stringValue).joined(separator: t.options["sep"]?.stringValue ?? " "))
        case "wrapArray":
            var o = JSONObject()
            o[t.arguments[0]] = v
            for (k, option) in t.options { o[k] = option }
            return .array([.object(o)])
        default: throw Failure(message: "reference mapper lacks \(t.name)")
        }
    }

    private static func set(_ value: JSONValue, at tokens: ArraySlice<String>, in node: JSONValue) -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        if let index = Int(token) {
            var items = node.arrayValue ?? []
            while items.count <= index { items.append(.object(JSONObject())) }
            items[index] = set(value, at: rest, in: items[index])
            return .array(items)
        }
        var o = node.objectValue ?? JSONObject()
        o[token] = set(value, at: rest, in: o[token] ?? .object(JSONObject()))
        return .object(o)
    }
}
