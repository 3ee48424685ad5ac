/// One terminal cell: a grapheme cluster (base character plus combining marks) and its style.
///
/// A wide character occupies two cells: the first holds it with `width == 2`, the second is a
/// continuation cell (`width == 0`, empty text) that backends skip.
public struct Cell: Sendable, Hashable {
    public var text: String
    public var style: Style
    public var width: UInt8

    public init(_ text: String = " ", style: Style = .plain, width: UInt8 = 1) {
        self.text = text
        self.style = style
        self.width = width
    }

    /// A blank cell in the given style.
    public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", style: style, width: 1) }

    /// The right half of a wide character.
    public static func continuation(_ style: Style) -> Cell { Cell("", style: style, width: 0) }

    public var isContinuation: Bool { width == 0 }
}
