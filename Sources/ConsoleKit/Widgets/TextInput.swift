/// A single-line text field with the editing keys people expect (readline-style).
public struct TextInput: Sendable, Equatable {
    public private(set) var text: String
    /// Cursor position in characters.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    /// Replaces the text and puts the cursor at the end.
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies an editing key; returns whether the key was handled (Enter and Esc are not).
    public mutating func handle(_ key: Key) -> Bool {
        var chars = Array(text)
        switch key {
        case .character(let c):
            chars.insert(c, at: cursor)
            cursor += 1
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            chars.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return true }
            chars.remove(at: cursor)
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(chars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = chars.count
        case .ctrl("u"):
            chars.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            chars.removeSubrange(cursor..<chars.count)
        case .ctrl("w"):
            var start = cursor
            while start > 0, chars[start - 1] == " " { start -= 1 }
            while start > 0, chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        text = String(chars)
        return true
    }

    /// Inserts pasted text at the cursor (newlines and tabs become spaces; other control
    /// characters are dropped, so pasted data never draws raw control characters).
    public mutating func insert(_ pasted: String) {
        var chars = Array(text)
        let clean: [Character] = pasted.compactMap { c in
            if c.isNewline || c == "\t" { return " " }
            return c.unicodeScalars.contains { $0.properties.generalCategory == .control } ? nil : c
        }
        chars.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
        text = String(chars)
    }

    /// Draws `prompt` and the text, scrolled so the cursor is visible; returns the cursor's screen
    /// position. With `masked`, every character is drawn as `•` (a token being pasted).
    @discardableResult
    public func render(prompt: String, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme, placeholder: String = "",
                       masked: Bool = false) -> (x: Int, y: Int) {
        let style = theme.style(.input)
        buffer.fill(rect, style: style)
        let promptWidth = buffer.write(prompt, x: rect.x, y: rect.y, style: theme.style(.title).on(style.background), clip: rect)
        let avail = max(1, rect.width - promptWidth - 1)
        let chars = masked ? Array(repeating: Character("•"), count: text.count) : Array(text)
        let beforeCursor = CharacterWidth.of(String(chars[0..<cursor]))
        var start = 0
        var shift = 0
        while beforeCursor - shift >= avail, start < chars.count {
            shift += CharacterWidth.of(chars[start])
            start += 1
        }
        let visible = String(chars[start...])
        let x0 = rect.x + promptWidth
        if text.isEmpty, !placeholder.isEmpty {
            buffer.write(placeholder, x: x0, y: rect.y, style: theme.style(.muted).on(style.background), clip: rect)
        } else {
            buffer.write(visible, x: x0, y: rect.y, style: style, clip: rect)
        }
        let cx = x0 + beforeCursor - shift
        if cx < rect.maxX {
            let under = buffer[cx, rect.y]
            buffer[cx, rect.y] = Cell(under.text.isEmpty || under.isContinuation ? " " : under.text, style: theme.style(.inputCursor), width: max(1, under.width))
        }
        return (cx, rect.y)
    }
}
