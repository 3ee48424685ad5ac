import Foundation

/// A JSON document as data: the one value type manifests, schemas, payloads and records share.
///
/// Objects keep their keys in document order (schemas and payloads are shown to people in the
/// order their authors wrote them), and lookups by key stay cheap through `JSONObject`.
public enum JSONValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name used in messages and by JSON Schema (`integer` for whole numbers).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.rounded() == n && abs(n) < 1e15 ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The element at `index` when this is an array and the index exists.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var numberValue: Double? { if case .number(let n) = self { return n }; return nil }
    /// A whole number an `Int` holds exactly (up to ±2^53, where JSON numbers stop being exact);
    /// nil for fractions and numbers past that, which `Int(n)` would trap on.
    public var intValue: Int? {
        guard case .number(let n) = self, n.rounded() == n, abs(n) <= 9_007_199_254_740_992 else { return nil }
        return Int(n)
    }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Follows an RFC 6901 JSON Pointer (`/properties/email`); nil when any step is missing.
    public func value(at pointer: JSONPointer) -> JSONValue? {
        var current: JSONValue = self
        for token in pointer.tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), a.indices.contains(i) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }
}

/// A JSON object that remembers the order of its keys.
public struct JSONObject: Sendable, Equatable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    private var storage: [String: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (k, v) in pairs { self[k] = v }
    }

    /// An empty object with room for `minimumCapacity` members.
    public init(minimumCapacity: Int) {
        keys.reserveCapacity(minimumCapacity)
        storage.reserveCapacity(minimumCapacity)
    }

    /// Adds a member the caller knows is not there yet (one hash; a member already there is replaced in place).
    public mutating func appendNew(_ key: String, _ value: JSONValue) {
        if storage.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// Adds a member unless the key is there already (one hash); false when it was (nothing changes).
    public mutating func insertIfAbsent(_ key: String, _ value: JSONValue) -> Bool {
        if let old = storage.updateValue(value, forKey: key) {
            storage[key] = old  // rare: put the first value back
            return false
        }
        keys.append(key)
        return true
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Changes the member `key` in place (inserting `defaultValue` first when it is missing), with
    /// one hash of the key: what the mapper does for every rule of every record.
    public mutating func modifyValue(forKey key: String, default defaultValue: @autoclosure () -> JSONValue, _ body: (inout JSONValue) -> Void) {
        var inserted = false
        body(&storage[key, default: { inserted = true; return defaultValue() }()])
        if inserted { keys.append(key) }
    }

    /// Calls `body` with every member, in no particular order (no hashing: the validator's way).
    public func forEachMember(_ body: (String, JSONValue) throws -> Void) rethrows {
        for (key, value) in storage { try body(key, value) }
    }

    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var i = 0
        let keys = self.keys
        let storage = self.storage
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], storage[keys[i]]!)
        }
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.storage == b.storage }
    public func hash(into h: inout Hasher) { h.combine(storage) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
