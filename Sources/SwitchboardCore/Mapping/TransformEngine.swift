import Foundation

/// Why a transform could not turn a value into what the CRM needs: names the transform and the value.
public struct TransformError: Error, Sendable, Equatable, CustomStringConvertible {
    public var transform: String
    public var message: String
    public var description: String { "\(transform): \(message)" }
}

/// Applies mapping transforms to values (see `TransformSpec.known` for the list and their meaning).
public enum TransformEngine {
    /// `value` (nil when the source is missing) after `spec`; `all` holds every source value, for `join`.
    /// A nil result means "leave the target out".
    public static func apply(_ spec: TransformSpec, to value: JSONValue?, all: [JSONValue?]) throws(TransformError) -> JSONValue? {
        func fail(_ message: String) -> TransformError { TransformError(transform: spec.description, message: message) }
        if spec.name == "default" {
            if let value, !(value.stringValue?.isEmpty ?? false), !value.isNull { return value }
            return literal(spec.arguments[0])
        }
        if spec.name == "ifPresent" {
            guard let value, !(value.stringValue?.isEmpty ?? false), !value.isNull else { return nil }
            return literal(spec.arguments[0])
        }
        if spec.name == "join" {
            let parts = all.compactMap { $0 }.compactMap { v -> String? in
                if let s = v.stringValue { return s.trimmingCharacters(in: .whitespaces) }
                if let n = v.numberValue { return JSONWriter.format(number: n) }
                return nil
            }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : .string(parts.joined(separator: spec.options["sep"]?.stringValue ?? " "))
        }
        guard let value, !value.isNull else { return nil }
        func number() throws(TransformError) -> Double {
            if let n = value.numberValue { return n }
            if let s = value.stringValue {
                let cleaned = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
                if let n = Double(cleaned) { return n }
            }
            throw fail("\(JSONWriter.compact(value)) is not a number")
        }
        func text() throws(TransformError) -> String {
            if let s = value.stringValue { return s }
            if let n = value.numberValue { return JSONWriter.format(number: n) }
            if let b = value.boolValue { return b ? "true" : "false" }
            throw fail("expected text, found \(value.typeName)")
        }
        func date() throws(TransformError) -> Date {
            if let n = value.numberValue { return Date(timeIntervalSince1970: n) }
            guard let s = value.stringValue, let d = DateText.parse(s) else { throw fail("\(JSONWriter.compact(value)) is not a date (YYYY-MM-DD or ISO 8601)") }
            return d
        }
        switch spec.name {
        case "numberToString": return .string(JSONWriter.format(number: try number()))
        case "toNumber": return .number(try number())
        case "toInteger": return .number(try number().rounded())
        case "toCents": return .number((try number() * 100).rounded())
        case "fromCents": return .number(try number() / 100)
        case "dateToUnix": return .number(try date().timeIntervalSince1970.rounded(.down))
        case "dateToUnixMillis": return .number((try date().timeIntervalSince1970 * 1000).rounded(.down))
        case "dateToISODate": return .string(DateText.isoDate(try date()))
        case "dateToISODateTime": return .string(DateText.isoDateTime(try date()))
        case "toText":
            if let n = value.numberValue { return .string(JSONWriter.format(number: n)) }
            if let b = value.boolValue { return .string(b ? "true" : "false") }
            return .string(try text())
        case "lowercase": return .string(try text().lowercased())
        case "uppercase": return .string(try text().uppercased())
        case "trim": return .string(try text().trimmingCharacters(in: .whitespacesAndNewlines))
        case "splitName":
            let words = try text().split(whereSeparator: \.isWhitespace).map(String.init)
            guard !words.isEmpty else { return nil }
            switch spec.arguments[0] {
            case "first": return words.count == 1 ? .string(words[0]) : .string(words.dropLast().joined(separator: " "))
            case "last": return words.count == 1 ? nil : .string(words[words.count - 1])
            default: throw fail("argument must be first or last")
            }
        case "yesNo":
            if let b = value.boolValue { return .string(b ? "Yes" : "No") }
            switch try text().lowercased() {
            case "true", "1", "yes", "y": return .string("Yes")
            case "false", "0", "no", "n": return .string("No")
            default: throw fail("\(JSONWriter.compact(value)) is not a yes/no value")
            }
        case "currency":
            let amount = String(format: "%.2f", try number())
            return .string(spec.options["code"]?.stringValue.map { "\(amount) \($0)" } ?? amount)
        case "domainFromURL":
            var s = try text().trimmingCharacters(in: .whitespaces)
            if !s.contains("://") { s = "https://" + s }
            guard let host = URLComponents(string: s)?.host, host.contains(".") else { throw fail("\(JSONWriter.compact(value)) has no domain") }
            return .string(host.lowercased().hasPrefix("www.") ? String(host.dropFirst(4)).lowercased() : host.lowercased())
        case "wrapArray":
            var o = JSONObject([(spec.arguments[0], value)])
            for (k, v) in spec.options { o[k] = v }
            return .array([.object(o)])
        case "wrapObject":
            var o = JSONObject([(spec.arguments[0], value)])
            for (k, v) in spec.options { o[k] = v }
            return .object(o)
        case "first":
            if let items = value.arrayValue { guard let first = items.first else { throw fail("the list is empty") }; return first }
            return value
        case "associate":
            guard let typeID = Double(spec.arguments[0]) else { throw fail("the association type id must be a number") }
            let category = spec.options["category"] ?? "HUBSPOT_DEFINED"
            func one(_ v: JSONValue) -> JSONValue {
                let id: JSONValue = v.numberValue.map { .string(JSONWriter.format(number: $0)) } ?? v
                return .object(JSONObject([("to", .object(JSONObject([("id", id)]))),
                                           ("types", .array([.object(JSONObject([("associationCategory", category), ("associationTypeId", .number(typeID))]))]))]))
            }
            // A list of ids (deal_contact_ids) is a list of associations.
            if let items = value.arrayValue { return .array(items.map(one)) }
            return one(value)
        case "lookup":
            let key = try text()
            if let hit = spec.options[key] ?? spec.options.first(where: { $0.key.lowercased() == key.lowercased() })?.value { return hit }
            if spec.options["strict"]?.boolValue == false { return value }
            let known = spec.options.keys.filter { $0 != "strict" }.joined(separator: ", ")
            throw fail("no entry for \"\(key)\"; the table has \(known)")
        default:
            throw fail("unknown transform")
        }
    }

    static func literal(_ text: String) -> JSONValue {
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let n = Double(text), TransformSpec.isPlainNumber(text) { return .number(n) }
        return .string(text)
    }
}
