import Foundation

/// One node of a schema's shape as a tree (see `JSONSchema.outline`), for the schema viewer and the CLI.
public struct SchemaField: Sendable, Equatable {
    /// The property name, `"[]"` for array items, `""` for the root.
    public var name: String
    /// Where in the DATA this field lives, e.g. `/properties/email`; array items use the token `[]`
    /// (`/emails/[]/address`), since they stand for every index.
    public var pointer: JSONPointer
    /// The allowed JSON types in schema order, e.g. `["string", "null"]`; empty when anything goes.
    public var types: [String]
    /// Whether the parent object requires this member (the root counts as required).
    public var required: Bool
    /// The asserted `format` (`email`, `date`, `date-time`, `uri`).
    public var format: String?
    /// The allowed values when the schema has an `enum`.
    public var enumValues: [JSONValue]?
    /// The only allowed value when the schema has a `const`.
    public var constValue: JSONValue?
    /// The schema's `description` annotation.
    public var description: String?
    /// The schema's `title` annotation.
    public var title: String?
    /// Other rules in plain words: "max length 100", "minimum 0", "pattern ^[A-Z]", "one of 2 shapes".
    public var constraints: [String]
    /// The members (or the `[]` items field): required members first, then in document order.
    public var children: [SchemaField]

    /// Creates a field; every detail but the name, pointer and types is optional.
    public init(
        name: String, pointer: JSONPointer, types: [String], required: Bool = false, format: String? = nil,
        enumValues: [JSONValue]? = nil, constValue: JSONValue? = nil, description: String? = nil, title: String? = nil,
        constraints: [String] = [], children: [SchemaField] = []
    ) {
        self.name = name
        self.pointer = pointer
        self.types = types
        self.required = required
        self.format = format
        self.enumValues = enumValues
        self.constValue = constValue
        self.description = description
        self.title = title
        self.constraints = constraints
        self.children = children
    }

    /// The child named `name`, if any.
    public func child(_ name: String) -> SchemaField? { children.first { $0.name == name } }
}
