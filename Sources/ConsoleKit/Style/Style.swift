/// Text attributes a cell can carry.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)
    public static let italic = TextAttributes(rawValue: 16)

    /// Names as written in theme files, in a stable order.
    public static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// How a cell looks: foreground, background and attributes.
public struct Style: Sendable, Hashable, CustomStringConvertible {
    public var foreground: Color
    public var background: Color
    public var attributes: TextAttributes

    public init(foreground: Color = .default, background: Color = .default, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    /// This style with extra attributes.
    public func adding(_ attrs: TextAttributes) -> Style {
        var s = self
        s.attributes.formUnion(attrs)
        return s
    }

    /// This style with another background.
    public func on(_ background: Color) -> Style {
        var s = self
        s.background = background
        return s
    }

    public var description: String {
        var parts = TextAttributes.names.filter { attributes.contains($0.1) }.map(\.0)
        parts.append(foreground.description)
        if background != .default { parts.append("on " + background.description) }
        return parts.joined(separator: " ")
    }
}
