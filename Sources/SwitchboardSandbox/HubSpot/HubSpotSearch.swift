import Foundation
import SwitchboardCore

/// `POST /crm/v3/objects/{object}/search`: filter groups (OR of ANDed filters), sorts, a text
/// query, properties, and `limit` / `after` paging (offset cursor), like HubSpot's search API.
struct HubSpotSearch: Sendable {
    let ctx: HubSpotAPI.Context
    let state: SandboxState

    struct Filter {
        var property: String
        var op: String
        var value: String?
        var values: [String]
        var high: String?
    }

    static let operators: Set<String> = ["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY",
                                         "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]

    func run(_ body: JSONValue) -> SandboxReply {
        guard case .object(let o) = body else { return HubSpotErrors.validation("Invalid input JSON: expected a search request object") }
        let limit: Int
        switch o["limit"] {
        case nil: limit = 10
        case .number(let n)? where n >= 1 && n <= 200 && n.rounded() == n: limit = Int(n)
        case let other?: return HubSpotErrors.validation("limit must be a whole number from 1 to 200; got \(JSONWriter.compact(other))")
        }
        var offset = 0
        if let after = o["after"], !after.isNull {
            let text = after.stringValue ?? (after.intValue.map(String.init) ?? "")
            guard let n = Int(text), n >= 0 else { return HubSpotErrors.validation("after must be the paging cursor from a previous response") }
            offset = n
        }
        guard offset + limit <= 10_000 else {
            return HubSpotErrors.validation("The search API returns at most 10,000 results; narrow the filters (e.g. lastmodifieddate GTE the last one seen)")
        }
        // Filters
        var groups: [[Filter]] = []
        let rawGroups = o["filterGroups"]?.arrayValue ?? []
        guard rawGroups.count <= 5 else { return HubSpotErrors.validation("Too many filter groups: at most 5 are allowed; got \(rawGroups.count)") }
        var total = 0
        for g in rawGroups {
            var filters: [Filter] = []
            for f in g["filters"]?.arrayValue ?? [] {
                guard let name = f["propertyName"]?.stringValue, let op = f["operator"]?.stringValue else {
                    return HubSpotErrors.validation("Each filter needs propertyName and operator")
                }
                guard Self.operators.contains(op) else { return HubSpotErrors.validation("Unknown filter operator \(op)") }
                guard ctx.codec.property(name) != nil else {
                    return HubSpotErrors.validation("There was a problem with the request: property \(name) does not exist on \(ctx.type.name)")
                }
                filters.append(Filter(property: name, op: op, value: text(f["value"]), values: (f["values"]?.arrayValue ?? []).compactMap(text),
                                      high: text(f["highValue"])))
            }
            total += filters.count
            groups.append(filters)
        }
        guard total <= 18 else { return HubSpotErrors.validation("Too many filters: at most 18 in all (6 per group) are allowed") }
        // Sorts
        var sorts: [(String, Bool)] = []
        for s in o["sorts"]?.arrayValue ?? [] {
            if let text = s.stringValue {
                sorts.append(text.hasPrefix("-") ? (String(text.dropFirst()), false) : (text, true))
            } else if let name = s["propertyName"]?.stringValue {
                sorts.append((name, (s["direction"]?.stringValue ?? "ASCENDING") != "DESCENDING"))
            }
        }
        let requested = o["properties"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let query = o["query"]?.stringValue?.lowercased()
        do {
            var records = try state.store.all("hubspot", ctx.type.name, account: ctx.account)
            records = records.filter { rec in
                (groups.isEmpty || groups.contains { $0.allSatisfy { matches(rec, $0) } }) && (query.map { q in matchesQuery(rec, q) } ?? true)
            }
            if !sorts.isEmpty {
                records.sort { a, b in
                    for (name, ascending) in sorts {
                        let c = compare(ctx.codec.value(a, name), ctx.codec.value(b, name), name)
                        if c != 0 { return ascending ? c < 0 : c > 0 }
                    }
                    return a.rowID < b.rowID
                }
            }
            let page = records.dropFirst(offset).prefix(limit)
            var out = JSONObject()
            out["total"] = .number(Double(records.count))
            out["results"] = .array(page.map { ctx.codec.json($0, requested: requested.isEmpty ? nil : requested) })
            if offset + limit < records.count {
                out["paging"] = ["next": ["after": .string(String(offset + limit))]]
            }
            return .json(200, .object(out))
        } catch {
            return HubSpotErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    private func text(_ v: JSONValue?) -> String? {
        switch v {
        case .string(let s)?: return s
        case .number(let n)?: return JSONWriter.format(number: n)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    private func matches(_ rec: StoredRecord, _ f: Filter) -> Bool {
        let actual = ctx.codec.value(rec, f.property).flatMap { $0.isEmpty ? nil : $0 }
        switch f.op {
        case "HAS_PROPERTY": return actual != nil
        case "NOT_HAS_PROPERTY": return actual == nil
        case "IN": return actual.map { a in f.values.contains { compare(a, $0, f.property) == 0 } } ?? false
        case "NOT_IN": return actual.map { a in !f.values.contains { compare(a, $0, f.property) == 0 } } ?? true
        case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
            let token = (f.value ?? "").lowercased().replacingOccurrences(of: "*", with: "")
            let has = actual?.lowercased().contains(token) ?? false
            return f.op == "CONTAINS_TOKEN" ? has : !has
        default: break
        }
        guard let value = f.value else { return false }
        if f.op == "NEQ" { return actual.map { compare($0, value, f.property) != 0 } ?? true }
        guard let actual else { return false }
        let c = compare(actual, value, f.property)
        switch f.op {
        case "EQ": return c == 0
        case "LT": return c < 0
        case "LTE": return c <= 0
        case "GT": return c > 0
        case "GTE": return c >= 0
        case "BETWEEN": return c >= 0 && compare(actual, f.high ?? value, f.property) <= 0
        default: return false
        }
    }

    private func matchesQuery(_ rec: StoredRecord, _ q: String) -> Bool {
        rec.fields.contains { $0.value.stringValue?.lowercased().contains(q) ?? false }
    }

    /// Compares two property values by the property's type: dates as instants, numbers as numbers,
    /// text case-insensitively; a missing value sorts last.
    private func compare(_ a: String?, _ b: String?, _ property: String) -> Int {
        guard let a else { return b == nil ? 0 : 1 }
        guard let b else { return -1 }
        switch ctx.codec.property(property)?.type {
        case .datetime?, .date?:
            if let x = SandboxTime.parseMs(a), let y = SandboxTime.parseMs(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        case .number?:
            if let x = Double(a), let y = Double(b) { return x < y ? -1 : (x > y ? 1 : 0) }
        default: break
        }
        let x = a.lowercased(), y = b.lowercased()
        return x < y ? -1 : (x > y ? 1 : 0)
    }
}
