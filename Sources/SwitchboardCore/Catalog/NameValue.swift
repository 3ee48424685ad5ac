/// One ordered name/value pair: a header, a query parameter or an extra authorize parameter.
public struct NameValue: Sendable, Equatable {
    public var name: String
    public var value: String

    /// Makes a pair.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
