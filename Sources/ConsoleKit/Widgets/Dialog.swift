/// A modal box in the middle of the screen: a title, a message and the choices as key hints.
public struct Dialog: Sendable, Equatable {
    public var title: String
    public var message: String
    /// Choices shown at the bottom, e.g. [("y", "quit"), ("n", "stay")].
    public var choices: [(key: String, title: String)]

    public init(title: String, message: String, choices: [(key: String, title: String)]) {
        self.title = title
        self.message = message
        self.choices = choices
    }

    public static func == (a: Dialog, b: Dialog) -> Bool {
        a.title == b.title && a.message == b.message && a.choices.map(\.key) == b.choices.map(\.key) && a.choices.map(\.title) == b.choices.map(\.title)
    }

    /// Draws the dialog centred in `area`, sized to its text.
    public func render(in area: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let maxWidth = max(20, min(area.width - 4, 70))
        let lines = TextLayout.wrap(message, width: maxWidth - 4)
        let choiceText = choices.map { "[\($0.key)] \($0.title)" }.joined(separator: "   ")
        let contentWidth = max(lines.map { CharacterWidth.of($0) }.max() ?? 0, CharacterWidth.of(choiceText), CharacterWidth.of(title) + 4)
        let box = area.centered(width: min(maxWidth, contentWidth + 4), height: lines.count + 4)
        let style = theme.style(.dialog)
        buffer.fill(box, style: style)
        buffer.box(box, style: theme.style(.border).on(style.background), title: title, titleStyle: theme.style(.dialogTitle))
        for (i, line) in lines.enumerated() where i < box.height - 3 {
            buffer.write(line, x: box.x + 2, y: box.y + 1 + i, style: style, clip: box.inset(by: 1))
        }
        var x = box.x + 2
        let y = box.maxY - 2
        for choice in choices {
            x += buffer.write("[\(choice.key)]", x: x, y: y, style: theme.style(.keyhintKey).on(style.background), clip: box.inset(by: 1))
            x += buffer.write(" \(choice.title)   ", x: x, y: y, style: style, clip: box.inset(by: 1))
        }
    }
}
