import Foundation
import SwitchboardCore

/// Zoho's reads: a record by id, module lists (`fields` required, `per_page` ≤ 200, `page` or
/// `page_token`, `sort_by`, `If-Modified-Since`) and search (`email`, `criteria`, `word`). An
/// empty answer is 204 without a body, as Zoho gives it.
struct ZohoReading: Sendable {
    let state: SandboxState
    let c: ZohoAPI.Context

    func read(_ id: String) -> SandboxReply {
        guard let record = try? state.store.get("zoho-crm", c.module.name, account: c.account, id: id) else { return SandboxReply(status: 204) }
        return .json(200, ["data": [render(record, fields: nil)]])
    }

    func list() -> SandboxReply {
        let fields = c.r.queryValues("fields")
        if c.version >= 8, fields.isEmpty {
            return ZohoAPI.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", details: ["param_name": "fields"])
        }
        if let unknown = fields.first(where: { f in f != "id" && !c.fields.contains { $0.name == f } }) {
            return ZohoAPI.error(400, "INVALID_DATA", "the field name given seems to be invalid", details: ["api_name": .string(unknown)])
        }
        var records = (try? state.store.all("zoho-crm", c.module.name, account: c.account)) ?? []
        if let since = c.r.header("if-modified-since") {
            guard let ms = SandboxTime.parseISO(since) else {
                return ZohoAPI.error(400, "INVALID_DATA", "invalid If-Modified-Since: use ISO 8601, e.g. 2024-05-01T10:00:00+05:30")
            }
            records = records.filter { $0.modifiedMs >= ms - ms % 1000 }
        }
        let sortBy = c.r.queryValue("sort_by") ?? "id"
        guard ["id", "Created_Time", "Modified_Time"].contains(sortBy) else {
            return ZohoAPI.error(400, "INVALID_DATA", "invalid data", details: ["param_name": "sort_by"])
        }
        let descending = c.r.queryValue("sort_order") == "desc"
        records.sort { a, b in
            let (x, y) = sortBy == "Modified_Time" ? (a.modifiedMs, b.modifiedMs) : sortBy == "Created_Time" ? (a.createdMs, b.createdMs) : (a.rowID, b.rowID)
            return x == y ? a.rowID < b.rowID : (descending ? x > y : x < y)
        }
        return page(records, fields: fields.isEmpty ? nil : fields)
    }

    func search() -> SandboxReply {
        var records = (try? state.store.all("zoho-crm", c.module.name, account: c.account)) ?? []
        if let email = c.r.queryValue("email") {
            records = records.filter { $0.fields["Email"]?.stringValue?.lowercased() == email.lowercased() }
        } else if let criteria = c.r.queryValue("criteria") {
            // Up to 10 conditions (Field:equals|starts_with:value) joined by or / and.
            guard let conditions = Self.conditions(criteria) else {
                return ZohoAPI.error(400, "INVALID_QUERY", "invalid query formed", details: ["reason": "use ((Field:equals:value)or(Field:equals:value))"])
            }
            guard conditions.count <= 10 else {
                return ZohoAPI.error(400, "LIMIT_EXCEEDED", "the maximum number of criteria allowed is 10", details: ["limit": 10])
            }
            records = records.filter { r in
                conditions.contains { c in
                    let value = r.fields[c.field]?.stringValue?.lowercased() ?? ""
                    return c.op == "equals" ? value == c.value : value.hasPrefix(c.value)
                }
            }
        } else if let word = c.r.queryValue("word")?.lowercased() {
            records = records.filter { r in r.fields.contains { $0.value.stringValue?.lowercased().contains(word) ?? false } }
        } else {
            return ZohoAPI.error(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", details: ["param_name": "criteria/email/phone/word"])
        }
        return page(records, fields: c.r.queryValues("fields").nilIfEmpty)
    }

    /// The conditions of a search criteria, `((Email:equals:a@x.com)or(Email:equals:b@x.com))`; nil when malformed.
    /// Conditions joined by `and` are treated as alternatives too (enough for lookups by one field).
    static func conditions(_ criteria: String) -> [(field: String, op: String, value: String)]? {
        var text = criteria.trimmingCharacters(in: .whitespaces)
        while text.hasPrefix("(("), text.hasSuffix("))") { text = String(text.dropFirst().dropLast()) }
        guard text.hasPrefix("("), text.hasSuffix(")") else { return nil }
        text = String(text.dropFirst().dropLast())
        var parts: [String] = []
        var current = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix(")or(") || rest.hasPrefix(")and(") {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(rest.hasPrefix(")or(") ? 4 : 5)
            } else {
                current.append(rest.removeFirst())
            }
        }
        parts.append(current)
        var out: [(field: String, op: String, value: String)] = []
        for part in parts {
            let t = part.split(separator: ":", maxSplits: 2).map(String.init)
            guard t.count == 3, ["equals", "starts_with"].contains(t[1]) else { return nil }
            out.append((t[0], t[1], t[2].replacingOccurrences(of: "\\", with: "").lowercased()))
        }
        return out
    }

    private func page(_ records: [StoredRecord], fields: [String]?) -> SandboxReply {
        let perPage = Int(c.r.queryValue("per_page") ?? "200") ?? 0
        guard (1...200).contains(perPage) else { return ZohoAPI.error(400, "INVALID_DATA", "per_page must be 1–200", details: ["param_name": "per_page"]) }
        var start = 0
        if let token = c.r.queryValue("page_token") {
            guard let offset = OffsetCursor.offset(token) else { return ZohoAPI.error(400, "INVALID_DATA", "invalid page_token", details: ["param_name": "page_token"]) }
            start = offset
        } else if let pageText = c.r.queryValue("page") {
            guard let page = Int(pageText), page >= 1 else { return ZohoAPI.error(400, "INVALID_DATA", "invalid page", details: ["param_name": "page"]) }
            start = page > 2000 ? 2000 : (page - 1) * perPage
            if start >= 2000 { return ZohoAPI.error(400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "use page_token to fetch more than 2000 records") }
        }
        let slice = Array(records.dropFirst(start).prefix(perPage))
        guard !slice.isEmpty else { return SandboxReply(status: 204) }
        let more = start + slice.count < records.count
        var info = JSONObject()
        info["per_page"] = .number(Double(perPage))
        info["count"] = .number(Double(slice.count))
        info["page"] = .number(Double(start / perPage + 1))
        info["sort_by"] = .string(c.r.queryValue("sort_by") ?? "id")
        info["sort_order"] = .string(c.r.queryValue("sort_order") ?? "desc")
        info["more_records"] = .bool(more)
        info["next_page_token"] = more ? .string(OffsetCursor.cursor(start + slice.count)) : .null
        info["previous_page_token"] = .null
        return .json(200, ["data": .array(slice.map { render($0, fields: fields) }), "info": .object(info)])
    }

    /// A record with `id`, its fields (only `fields` when given) and its times.
    func render(_ r: StoredRecord, fields: [String]?) -> JSONValue {
        var o = JSONObject()
        o["id"] = .string(r.id)
        let names = fields ?? c.fields.map(\.name)
        for name in names where name != "id" {
            switch name {
            case "Created_Time": o[name] = .string(ZohoModule.time(r.createdMs))
            case "Modified_Time": o[name] = .string(ZohoModule.time(r.modifiedMs))
            default: o[name] = r.fields[name] ?? .null
            }
        }
        return .object(o)
    }
}

extension Array {
    /// nil for an empty array.
    var nilIfEmpty: [Element]? { isEmpty ? nil : self }
}
