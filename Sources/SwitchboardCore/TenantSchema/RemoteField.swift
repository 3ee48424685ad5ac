import Foundation

/// One field of a CRM object as the tenant's account describes it: built in or added by the
/// account's admin, with its type, picklist options, limits and whether it is required or
/// read-only. Read from the CRM's metadata API (`MetadataReader`), stored per tenant
/// (`TenantSchemaStore`) and merged into the action schemas (`SchemaMerger`).
public struct RemoteField: Sendable, Equatable {
    /// The value kinds fields are grouped into, whatever the CRM calls them.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case string, text, number, integer, boolean, date, datetime, enumeration
        case multiEnumeration = "multi_enumeration"
        case email, phone, url, reference, id
    }

    /// One picklist option: the value the API takes and the label people see.
    public struct Option: Sendable, Equatable {
        public var value: JSONValue
        public var label: String

        public init(value: JSONValue, label: String) {
            self.value = value
            self.label = label
        }

        /// The value as text (`gold`, `12`).
        public var valueText: String { value.stringValue ?? JSONWriter.compact(value) }
    }

    /// The API name (`customer_tier`, `Customer_Tier__c`, a Pipedrive 40-character key).
    public var name: String
    public var label: String
    public var kind: Kind
    /// The CRM's own type name (`enumeration`, `picklist`, `double`, ...).
    public var rawType: String
    public var options: [Option]
    /// Whether a value outside `options` is refused (Salesforce's `restrictedPicklist`); true for most CRMs.
    public var restrictedOptions: Bool
    /// Must be given when a record is created.
    public var required: Bool
    /// Cannot be written at all.
    public var readOnly: Bool
    /// Can be written on create but not on update (Salesforce `updateable: false`).
    public var readOnlyOnUpdate: Bool
    /// Added by the account's admin, not built into the CRM.
    public var custom: Bool
    /// The longest text accepted.
    public var length: Int?
    /// Values must be unique across records.
    public var unique: Bool

    public init(name: String, label: String, kind: Kind, rawType: String, options: [Option] = [], restrictedOptions: Bool = true,
                required: Bool = false, readOnly: Bool = false, readOnlyOnUpdate: Bool = false, custom: Bool = false,
                length: Int? = nil, unique: Bool = false) {
        self.name = name
        self.label = label
        self.kind = kind
        self.rawType = rawType
        self.options = options
        self.restrictedOptions = restrictedOptions
        self.required = required
        self.readOnly = readOnly
        self.readOnlyOnUpdate = readOnlyOnUpdate
        self.custom = custom
        self.length = length
        self.unique = unique
    }

    /// Whether a value can be written by an action of `operation`.
    public func writable(by operation: ActionOperation) -> Bool {
        !(readOnly || (readOnlyOnUpdate && operation == .update))
    }

    /// What a saved mapping remembers of a field to notice drift: its kind and option values.
    public var signature: String {
        kind.rawValue + (options.isEmpty ? "" : ":" + options.map(\.valueText).sorted().joined(separator: "|"))
    }

    // MARK: JSON

    /// The field as stored and as `--json` prints it.
    public var json: JSONValue {
        var o = JSONObject()
        o["name"] = .string(name)
        o["label"] = .string(label)
        o["type"] = .string(kind.rawValue)
        o["crmType"] = .string(rawType)
        o["options"] = .array(options.map { ["value": $0.value, "label": .string($0.label)] })
        if !options.isEmpty { o["restrictedOptions"] = .bool(restrictedOptions) }
        o["required"] = .bool(required)
        o["readOnly"] = .bool(readOnly)
        if readOnlyOnUpdate { o["readOnlyOnUpdate"] = true }
        o["custom"] = .bool(custom)
        o["length"] = length.map { .number(Double($0)) } ?? .null
        if unique { o["unique"] = true }
        return .object(o)
    }

    /// Reads a stored field; nil when it is not one.
    public init?(json: JSONValue) {
        guard let name = json["name"]?.stringValue, let kindText = json["type"]?.stringValue, let kind = Kind(rawValue: kindText) else { return nil }
        self.init(name: name, label: json["label"]?.stringValue ?? name, kind: kind, rawType: json["crmType"]?.stringValue ?? kindText,
                  options: (json["options"]?.arrayValue ?? []).compactMap { o in
                      o["value"].map { Option(value: $0, label: o["label"]?.stringValue ?? ($0.stringValue ?? JSONWriter.compact($0))) }
                  },
                  restrictedOptions: json["restrictedOptions"]?.boolValue ?? true, required: json["required"]?.boolValue ?? false,
                  readOnly: json["readOnly"]?.boolValue ?? false, readOnlyOnUpdate: json["readOnlyOnUpdate"]?.boolValue ?? false,
                  custom: json["custom"]?.boolValue ?? false, length: json["length"]?.intValue,
                  unique: json["unique"]?.boolValue ?? false)
    }
}
