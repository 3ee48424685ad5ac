import Foundation
import SwitchboardCore

/// Query cursors: the ids of a query's result, served in batches through `nextRecordsUrl`.
final class SalesforceCursors: Sendable {
    struct Cursor: Sendable {
        var type: SalesforceObjectType
        var fields: [String]
        var ids: [String]
        var batchSize: Int
        var account: String
    }
    private let cursors = Locked([String: Cursor]())

    func add(_ c: Cursor) -> String {
        let id = "01gSb" + TokenBook.random(9).replacingOccurrences(of: "-", with: "x").replacingOccurrences(of: "_", with: "y")
        cursors.withLock { $0[id] = c }
        return id
    }

    func get(_ id: String) -> Cursor? { cursors.withLock { $0[id] } }
}

/// A SOQL subset for `GET /query?q=`:
/// `SELECT f1, f2 FROM Object [WHERE cond [AND|OR cond]...] [ORDER BY f [ASC|DESC]] [LIMIT n] [OFFSET n]`,
/// with conditions `field (=|!=|<|<=|>|>=|LIKE) literal` and `field IN (...)`; literals are 'strings',
/// numbers, true/false/null, dates (2024-05-01) and date-times (2024-05-01T00:00:00Z).
struct SalesforceQuery: Sendable {
    let ctx: SalesforceAPI.Context
    let state: SandboxState
    let cursors: SalesforceCursors

    struct Condition {
        var field: String
        var op: String
        var values: [JSONValue]
    }

    struct Parsed {
        var fields: [String]
        var type: SalesforceObjectType
        var conditions: [Condition]
        var conjunction = "AND"
        var order: (String, Bool)?
        var limit: Int?
        var offset = 0
    }

    func run(_ q: String?, includeDeleted: Bool) -> SandboxReply {
        guard let q, !q.trimmingCharacters(in: .whitespaces).isEmpty else {
            return SalesforceError.reply(400, "MALFORMED_QUERY", "A query string has to be specified: send q=SELECT ... FROM ...")
        }
        let parsed: Parsed
        switch parse(q) {
        case .failure(let e): return SalesforceError.reply(400, [e])
        case .success(let p): parsed = p
        }
        let codec = SalesforceCodec(type: parsed.type)
        var records = ((try? state.store.all("salesforce", parsed.type.name, account: ctx.account)) ?? [])
        if includeDeleted {
            records += (try? state.store.list("salesforce", parsed.type.name, account: ctx.account, afterRow: 0, limit: 1_000_000, archived: true)) ?? []
        }
        records = records.filter { rec in
            let results = parsed.conditions.map { matches(codec.value(rec, $0.field), $0, codec) }
            return parsed.conditions.isEmpty || (parsed.conjunction == "AND" ? results.allSatisfy { $0 } : results.contains(true))
        }
        if let (field, ascending) = parsed.order {
            records.sort { a, b in
                let c = compare(codec.value(a, field), codec.value(b, field), codec.type.field(field))
                return c == 0 ? a.rowID < b.rowID : (ascending ? c < 0 : c > 0)
            }
        }
        records = Array(records.dropFirst(parsed.offset))
        if let limit = parsed.limit { records = Array(records.prefix(limit)) }
        var batch = 2000
        if let options = ctx.r.header("sforce-query-options"), let eq = options.range(of: "batchSize=") {
            batch = min(2000, max(200, Int(options[eq.upperBound...].prefix { $0.isNumber }) ?? 2000))
        }
        let cursor = SalesforceCursors.Cursor(type: parsed.type, fields: parsed.fields, ids: records.map(\.id), batchSize: batch, account: ctx.account)
        return page(cursor, id: records.count > batch ? cursors.add(cursor) : nil, offset: 0, records: Array(records.prefix(batch)))
    }

    func more(_ locator: String) -> SandboxReply {
        let parts = locator.split(separator: "-")
        guard parts.count == 2, let offset = Int(parts[1]), let cursor = cursors.get(String(parts[0])), cursor.account == ctx.account, offset >= 0 else {
            return SalesforceError.reply(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        }
        let ids = Array(cursor.ids.dropFirst(offset).prefix(cursor.batchSize))
        let records = (try? state.store.get("salesforce", cursor.type.name, account: ctx.account, ids: ids)) ?? []
        return page(cursor, id: String(parts[0]), offset: offset, records: records)
    }

    private func page(_ cursor: SalesforceCursors.Cursor, id: String?, offset: Int, records: [StoredRecord]) -> SandboxReply {
        let codec = SalesforceCodec(type: cursor.type)
        var o = JSONObject()
        o["totalSize"] = .number(Double(cursor.ids.count))
        let next = offset + records.count
        let done = next >= cursor.ids.count
        o["done"] = .bool(done)
        if !done, let id { o["nextRecordsUrl"] = .string("/services/data/\(ctx.version)/query/\(id)-\(next)") }
        o["records"] = .array(records.map { codec.json($0, version: ctx.version, fields: cursor.fields) })
        return .json(200, .object(o))
    }

    // MARK: Parsing

    private func parse(_ q: String) -> Outcome<Parsed, SalesforceError> {
        var t = Tokenizer(q)
        func malformed(_ why: String) -> Outcome<Parsed, SalesforceError> {
            .failure(SalesforceError(code: "MALFORMED_QUERY", message: "\(why) in: \(q)"))
        }
        guard t.keyword("SELECT") else { return malformed("expected SELECT") }
        var fields: [String] = []
        repeat {
            guard let f = t.identifier() else { return malformed("expected a field name") }
            fields.append(f)
        } while t.symbol(",")
        guard t.keyword("FROM") else { return malformed("expected FROM") }
        guard let typeName = t.identifier() else { return malformed("expected an sObject name") }
        guard let type = SalesforceObjectType.named(typeName, account: ctx.account, store: state.store) else {
            return .failure(SalesforceError(code: "INVALID_TYPE", message: "sObject type '\(typeName)' is not supported."))
        }
        var canonical: [String] = []
        for f in fields {
            guard let field = type.field(f) else {
                return .failure(SalesforceError(code: "INVALID_FIELD", message: "No such column '\(f)' on entity '\(type.name)'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name."))
            }
            canonical.append(field.name)
        }
        var parsed = Parsed(fields: canonical, type: type, conditions: [])
        if t.keyword("WHERE") {
            repeat {
                guard let name = t.identifier() else { return malformed("expected a field name after WHERE") }
                guard let field = type.field(name) else {
                    return .failure(SalesforceError(code: "INVALID_FIELD", message: "No such column '\(name)' on entity '\(type.name)'."))
                }
                var op: String
                if t.keyword("LIKE") { op = "LIKE" } else if t.keyword("IN") { op = "IN" } else if t.keyword("NOT") {
                    guard t.keyword("IN") else { return malformed("expected IN after NOT") }
                    op = "NOT IN"
                } else if let o = t.comparison() { op = o } else { return malformed("expected a comparison operator") }
                var values: [JSONValue] = []
                if op == "IN" || op == "NOT IN" {
                    guard t.symbol("(") else { return malformed("expected ( after IN") }
                    repeat {
                        guard let v = t.literal() else { return malformed("expected a value") }
                        values.append(v)
                    } while t.symbol(",")
                    guard t.symbol(")") else { return malformed("expected )") }
                } else {
                    guard let v = t.literal() else { return malformed("expected a value after \(op)") }
                    values = [v]
                }
                parsed.conditions.append(Condition(field: field.name, op: op, values: values))
                if t.keyword("AND") { parsed.conjunction = "AND"; continue }
                if t.keyword("OR") { parsed.conjunction = "OR"; continue }
                break
            } while true
        }
        if t.keyword("ORDER") {
            guard t.keyword("BY"), let name = t.identifier(), let field = type.field(name) else { return malformed("expected ORDER BY field") }
            var ascending = true
            if t.keyword("DESC") { ascending = false } else { _ = t.keyword("ASC") }
            _ = t.keyword("NULLS") && (t.keyword("FIRST") || t.keyword("LAST"))
            parsed.order = (field.name, ascending)
        }
        if t.keyword("LIMIT") {
            guard case .number(let n)? = t.literal(), n >= 0, n <= 1e9 else { return malformed("expected a number after LIMIT") }
            parsed.limit = Int(n)
        }
        if t.keyword("OFFSET") {
            guard case .number(let n)? = t.literal(), n >= 0, n <= 1e9 else { return malformed("expected a number after OFFSET") }
            parsed.offset = Int(n)
        }
        guard t.atEnd else { return malformed("unexpected token '\(t.rest.prefix(20))'") }
        return .success(parsed)
    }

    // MARK: Matching

    private func matches(_ actual: JSONValue, _ c: Condition, _ codec: SalesforceCodec) -> Bool {
        let field = codec.type.field(c.field)
        switch c.op {
        case "IN": return c.values.contains { compare(actual, $0, field) == 0 }
        case "NOT IN": return !c.values.contains { compare(actual, $0, field) == 0 }
        case "LIKE":
            guard let s = actual.stringValue?.lowercased(), let pattern = c.values.first?.stringValue?.lowercased() else { return false }
            return like(s, pattern)
        default: break
        }
        guard let v = c.values.first else { return false }
        if v.isNull { return c.op == "=" ? actual.isNull : (c.op == "!=" ? !actual.isNull : false) }
        if actual.isNull { return c.op == "!=" }
        let r = compare(actual, v, field)
        switch c.op {
        case "=": return r == 0
        case "!=": return r != 0
        case "<": return r < 0
        case "<=": return r <= 0
        case ">": return r > 0
        case ">=": return r >= 0
        default: return false
        }
    }

    private func compare(_ a: JSONValue, _ b: JSONValue, _ field: SalesforceField?) -> Int {
        if a.isNull || b.isNull { return a.isNull == b.isNull ? 0 : (a.isNull ? 1 : -1) }
        if field?.type == .datetime || field?.type == .date, let x = a.stringValue.flatMap(SandboxTime.parseISO), let y = b.stringValue.flatMap(SandboxTime.parseISO) {
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        if let x = a.numberValue ?? a.stringValue.flatMap(Double.init), let y = b.numberValue ?? b.stringValue.flatMap(Double.init),
           a.numberValue != nil || b.numberValue != nil {
            return x < y ? -1 : (x > y ? 1 : 0)
        }
        if let x = a.boolValue, let y = b.boolValue { return x == y ? 0 : (x ? 1 : -1) }
        let x = (a.stringValue ?? JSONWriter.compact(a)).lowercased(), y = (b.stringValue ?? JSONWriter.compact(b)).lowercased()
        return x < y ? -1 : (x > y ? 1 : 0)
    }

    private func like(_ s: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "%")
        if parts.count == 1 { return s == pattern }
        var rest = Substring(s)
        for (i, part) in parts.enumerated() where !part.isEmpty {
            if i == 0 { guard rest.hasPrefix(part) else { return false }; rest = rest.dropFirst(part.count); continue }
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return parts.last!.isEmpty || s.hasSuffix(parts.last!)
    }
}

/// Splits SOQL text into keywords, identifiers, symbols and literals.
private struct Tokenizer {
    private let chars: [Character]
    private var i = 0

    init(_ text: String) { chars = Array(text) }

    var atEnd: Bool { mutating get { skipSpace(); return i >= chars.count } }
    var rest: String { String(chars[min(i, chars.count)...]) }

    private mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    private mutating func word() -> (String, Int)? {
        skipSpace()
        var j = i
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "." { j += 1 }
        return j > i ? (String(chars[i..<j]), j) : nil
    }

    mutating func keyword(_ k: String) -> Bool {
        guard let (w, j) = word(), w.uppercased() == k else { return false }
        i = j
        return true
    }

    mutating func identifier() -> String? {
        guard let (w, j) = word(), w.first?.isLetter == true else { return nil }
        i = j
        return w
    }

    mutating func symbol(_ s: Character) -> Bool {
        skipSpace()
        guard i < chars.count, chars[i] == s else { return false }
        i += 1
        return true
    }

    mutating func comparison() -> String? {
        skipSpace()
        for op in ["<=", ">=", "!=", "<>", "=", "<", ">"] {
            let o = Array(op)
            if i + o.count <= chars.count, Array(chars[i..<(i + o.count)]) == o {
                i += o.count
                return op == "<>" ? "!=" : op
            }
        }
        return nil
    }

    mutating func literal() -> JSONValue? {
        skipSpace()
        guard i < chars.count else { return nil }
        if chars[i] == "'" {
            var out = ""
            var j = i + 1
            while j < chars.count, chars[j] != "'" {
                if chars[j] == "\\", j + 1 < chars.count { j += 1 }
                out.append(chars[j])
                j += 1
            }
            guard j < chars.count else { return nil }
            i = j + 1
            return .string(out)
        }
        var j = i
        while j < chars.count, !chars[j].isWhitespace, chars[j] != ",", chars[j] != ")" { j += 1 }
        let text = String(chars[i..<j])
        guard !text.isEmpty else { return nil }
        i = j
        switch text.lowercased() {
        case "null": return .null
        case "true": return .bool(true)
        case "false": return .bool(false)
        default: break
        }
        if let n = Double(text) { return .number(n) }
        if SandboxTime.parseISO(text) != nil { return .string(text) }
        return nil
    }
}
