import Foundation

/// The keys an object in a manifest may hold: the ones it must hold and the ones it may add.
struct ManifestKeys: Sendable {
    var required: [String]
    var optional: [String]
    var all: [String] { required + optional }
}

/// Reads typed values out of a manifest document and records one problem per missing, mistyped or
/// unknown key, so a single pass reports everything wrong with a file.
final class ManifestReader {
    let file: String
    private(set) var problems: [ManifestProblem] = []
    /// Compile request schemas on first use (the built-in manifests: the test suite compiles them).
    let deferSchemas: Bool

    init(file: String, deferSchemas: Bool = false) {
        self.file = file
        self.deferSchemas = deferSchemas
    }

    /// Records a problem at `pointer`.
    func report(_ pointer: JSONPointer, _ message: String) {
        problems.append(ManifestProblem(file: file, pointer: pointer, message: message))
    }

    /// Opens `value` as an object with exactly the allowed `keys`; reports a wrong type, unknown keys
    /// and missing required keys. Nil when `value` is absent or not an object.
    func object(_ value: JSONValue?, at pointer: JSONPointer, keys: ManifestKeys) -> ObjectReader? {
        guard let value else { return nil }
        guard case .object(let object) = value else {
            report(pointer, "expected object, found \(value.typeName)")
            return nil
        }
        let allowed = keys.all
        for key in object.keys where !allowed.contains(key) {
            var message = "unknown key"
            if let close = Self.closest(to: key, in: allowed) { message += " (did you mean \"\(close)\"?)" }
            report(pointer.appending(key), message)
        }
        for key in keys.required where object[key] == nil {
            report(pointer.appending(key), "missing")
        }
        return ObjectReader(object: object, pointer: pointer, reader: self)
    }

    /// Opens `value` as an array; reports a wrong type. Nil when absent or not an array.
    func array(_ value: JSONValue?, at pointer: JSONPointer) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let items) = value else {
            report(pointer, "expected array, found \(value.typeName)")
            return nil
        }
        return items
    }

    /// The allowed key nearest to `key` by edit distance, when it is close enough to be a typo.
    static func closest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(key.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(3, key.count / 3)) else { return nil }
        return best.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// Typed access to the members of one manifest object; each accessor reports a wrong type.
struct ObjectReader {
    let object: JSONObject
    let pointer: JSONPointer
    let reader: ManifestReader

    /// The pointer of member `key`.
    func at(_ key: String) -> JSONPointer { pointer.appending(key) }

    /// Whether member `key` is present.
    func has(_ key: String) -> Bool { object[key] != nil }

    /// Member `key` as raw JSON.
    func value(_ key: String) -> JSONValue? { object[key] }

    /// A string member; empty strings are reported unless `allowEmpty`.
    func string(_ key: String, allowEmpty: Bool = false) -> String? {
        guard let v = object[key] else { return nil }
        guard case .string(let s) = v else { return mistyped(key, "string", v) }
        if s.isEmpty && !allowEmpty { reader.report(at(key), "must not be empty"); return nil }
        return s
    }

    /// A whole-number member within `range`.
    func int(_ key: String, in range: ClosedRange<Int> = 0...Int(Int32.max)) -> Int? {
        guard let v = object[key] else { return nil }
        guard case .number(let n) = v, n.rounded() == n, abs(n) < 1e15 else { return mistyped(key, "integer", v) }
        let i = Int(n)
        guard range.contains(i) else {
            reader.report(at(key), "must be between \(range.lowerBound) and \(range.upperBound), found \(i)")
            return nil
        }
        return i
    }

    /// A positive number member.
    func positiveNumber(_ key: String) -> Double? {
        guard let v = object[key] else { return nil }
        guard case .number(let n) = v else { return mistyped(key, "number", v) }
        guard n > 0 else { reader.report(at(key), "must be greater than 0"); return nil }
        return n
    }

    /// A boolean member.
    func bool(_ key: String) -> Bool? {
        guard let v = object[key] else { return nil }
        guard case .bool(let b) = v else { return mistyped(key, "boolean", v) }
        return b
    }

    /// An array of non-empty strings; reports each bad element.
    func strings(_ key: String) -> [String]? {
        guard let items = reader.array(object[key], at: at(key)) else { return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if case .string(let s) = item, !s.isEmpty { out.append(s) }
            else if case .string = item { reader.report(at(key).appending(i), "must not be empty") }
            else { reader.report(at(key).appending(i), "expected string, found \(item.typeName)") }
        }
        return out
    }

    /// An object whose values are all strings (headers, query and authorize parameters).
    func stringMap(_ key: String) -> [(String, String)]? {
        guard let v = object[key] else { return nil }
        guard case .object(let o) = v else { return mistyped(key, "object", v) }
        var out: [(String, String)] = []
        for (k, item) in o {
            if case .string(let s) = item { out.append((k, s)) }
            else { reader.report(at(key).appending(k), "expected string, found \(item.typeName)") }
        }
        return out
    }

    /// A string member that must be one of `T`'s raw values.
    func enumeration<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type, what: String) -> T? where T.RawValue == String {
        guard let s = string(key) else { return nil }
        if let value = T(rawValue: s) { return value }
        let options = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        reader.report(at(key), "unknown \(what) \"\(s)\"; expected one of \(options)")
        return nil
    }

    /// An absolute http(s) URL member; https is required except for loopback hosts.
    func url(_ key: String) -> String? {
        guard let s = string(key) else { return nil }
        if let problem = URLRule.problem(with: s) { reader.report(at(key), problem); return nil }
        return s
    }

    /// A JSON Pointer member written as a string (`""` is the whole document, else it starts with `/`).
    func jsonPointer(_ key: String) -> JSONPointer? {
        guard let s = string(key, allowEmpty: true) else { return nil }
        guard s.isEmpty || s.hasPrefix("/") else {
            reader.report(at(key), "not a JSON Pointer: must be empty or start with \"/\"")
            return nil
        }
        return JSONPointer(parsing: s)
    }

    /// An identifier member matching `pattern` (described as `rule` in the message).
    func identifier(_ key: String, pattern: String, rule: String) -> String? {
        guard let s = string(key) else { return nil }
        guard CompiledPattern.compiled(pattern)?.matches(s) == true else {
            reader.report(at(key), "invalid id \"\(s)\": \(rule)")
            return nil
        }
        return s
    }

    private func mistyped<T>(_ key: String, _ expected: String, _ found: JSONValue) -> T? {
        reader.report(at(key), "expected \(expected), found \(found.typeName)")
        return nil
    }
}

/// The rule for every URL in a manifest: absolute, http or https, with a host; plain http only on loopback.
enum URLRule {
    /// Why `text` is not an acceptable URL, or nil when it is.
    static func problem(with text: String) -> String? {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), let host = c.host, !host.isEmpty else {
            return "not a valid absolute URL: \"\(text)\""
        }
        if isLinkLocalOrMetadata(host) {
            return "URL points at a link-local or cloud metadata address (\(host)), never a CRM: \"\(text)\""
        }
        switch scheme {
        case "https": return nil
        case "http" where isLoopback(host): return nil
        case "http": return "URL must use https (http is allowed only for localhost, 127.0.0.1 and [::1]): \"\(text)\""
        default: return "URL must use https, found scheme \"\(scheme)\": \"\(text)\""
        }
    }

    /// Whether `host` is link-local (169.254.0.0/16, fe80::/10) or a cloud metadata service's name
    /// or address, where a token sent would leak the machine's own credentials or the tenant's.
    static func isLinkLocalOrMetadata(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if h.hasPrefix("169.254.") { return true }
        if h.contains(":"), ["fe8", "fe9", "fea", "feb"].contains(where: { h.hasPrefix($0) }) { return true }
        return ["metadata.google.internal", "metadata", "100.100.100.200", "fd00:ec2::254", "instance-data", "instance-data.ec2.internal"].contains(h)
    }

    /// Whether `host` names the local machine.
    static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h == "::1" || h.hasPrefix("127.")
    }
}
