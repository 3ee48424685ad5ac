import ConsoleKit
import Testing

@Suite("TextInput")
struct TextInputTests {
    let theme = TestTheme.theme

    func input(_ text: String, cursor: Int? = nil) -> TextInput {
        var field = TextInput(text)
        if let cursor {
            _ = field.handle(.home)
            for _ in 0..<cursor { _ = field.handle(.right) }
        }
        return field
    }

    @Test("typing inserts at the cursor")
    func insert() {
        var field = TextInput()
        for c in "helo" { _ = field.handle(.character(c)) }
        _ = field.handle(.left)
        _ = field.handle(.character("l"))
        #expect(field.text == "hello")
        #expect(field.cursor == 4)
    }

    @Test("a new field starts with the cursor at the end")
    func initialCursor() {
        #expect(TextInput("abc").cursor == 3)
        var f = TextInput("x")
        f.set("hello")
        #expect(f.text == "hello" && f.cursor == 5)
    }

    @Test("backspace deletes before the cursor; at the start it does nothing")
    func backspace() {
        var field = input("abc", cursor: 2)
        do { let handled = field.handle(.backspace); #expect(handled) }
        #expect(field.text == "ac" && field.cursor == 1)
        _ = field.handle(.ctrl("h"))
        #expect(field.text == "c" && field.cursor == 0)
        do { let handled = field.handle(.backspace); #expect(handled) }
        #expect(field.text == "c" && field.cursor == 0)
    }

    @Test("delete removes the character under the cursor; at the end it does nothing")
    func delete() {
        var field = input("abc", cursor: 1)
        _ = field.handle(.delete)
        #expect(field.text == "ac" && field.cursor == 1)
        _ = field.handle(.ctrl("d"))
        #expect(field.text == "a" && field.cursor == 1)
        do { let handled = field.handle(.delete); #expect(handled) }
        #expect(field.text == "a")
    }

    @Test("left and right move within the text and stop at its ends")
    func leftRight() {
        var field = input("ab")
        _ = field.handle(.right)
        #expect(field.cursor == 2)
        _ = field.handle(.left); _ = field.handle(.left); _ = field.handle(.left)
        #expect(field.cursor == 0)
        _ = field.handle(.ctrl("f"))
        #expect(field.cursor == 1)
        _ = field.handle(.ctrl("b"))
        #expect(field.cursor == 0)
    }

    @Test("ctrl+a and ctrl+e go to the start and the end")
    func startEnd() {
        var field = input("hello", cursor: 2)
        _ = field.handle(.ctrl("a"))
        #expect(field.cursor == 0)
        _ = field.handle(.ctrl("e"))
        #expect(field.cursor == 5)
        _ = field.handle(.home)
        #expect(field.cursor == 0)
        _ = field.handle(.end)
        #expect(field.cursor == 5)
    }

    @Test("ctrl+u deletes to the start; ctrl+k deletes to the end")
    func killLine() {
        var field = input("hello world", cursor: 6)
        _ = field.handle(.ctrl("k"))
        #expect(field.text == "hello " && field.cursor == 6)
        field = input("hello world", cursor: 6)
        _ = field.handle(.ctrl("u"))
        #expect(field.text == "world" && field.cursor == 0)
    }

    @Test("ctrl+w deletes the word before the cursor with the spaces after it")
    func deleteWord() {
        var field = input("get contact  ")
        _ = field.handle(.ctrl("w"))
        #expect(field.text == "get " && field.cursor == 4)
        _ = field.handle(.ctrl("w"))
        #expect(field.text == "" && field.cursor == 0)
        field = input("one two three", cursor: 7)
        _ = field.handle(.ctrl("w"))
        #expect(field.text == "one  three" && field.cursor == 4)
    }

    @Test("enter, escape and tab are left to the screen")
    func unhandled() {
        var field = input("abc")
        do { let handled = field.handle(.enter); #expect(!handled) }
        do { let handled = field.handle(.escape); #expect(!handled) }
        do { let handled = field.handle(.tab); #expect(!handled) }
        #expect(field.text == "abc")
    }

    @Test("paste inserts at the cursor and turns newlines into spaces")
    func paste() {
        var field = input("ab", cursor: 1)
        field.insert("x\ny\r\nz")
        #expect(field.text == "ax y zb")
        #expect(field.cursor == 6)
        #expect(!field.text.contains { $0.isNewline })
    }

    @Test("editing wide and combined characters works a whole character at a time")
    func wideEditing() {
        var field = input("日本e\u{301}")
        _ = field.handle(.backspace)
        #expect(field.text == "日本")
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "本")
    }

    // MARK: rendering

    func render(_ field: TextInput, width: Int = 10, placeholder: String = "") -> (ScreenBuffer, (x: Int, y: Int)) {
        var buffer = ScreenBuffer(size: Size(width: width, height: 2))
        let cursor = field.render(prompt: "> ", in: Rect(x: 0, y: 1, width: width, height: 1), buffer: &buffer, theme: theme, placeholder: placeholder)
        return (buffer, cursor)
    }

    @Test("short text is shown after the prompt with the cursor after it")
    func renderShort() {
        let (buffer, cursor) = render(input("abc"))
        #expect(buffer.text(row: 1) == "> abc     ")
        #expect(cursor.x == 5 && cursor.y == 1)
        #expect(buffer[5, 1].style == theme.style(.inputCursor))
        #expect(buffer[4, 1].style == theme.style(.input))
    }

    @Test("long text scrolls so the cursor at the end stays visible")
    func renderScrollsToEnd() {
        let (buffer, cursor) = render(input("abcdefghijklmnop"))
        #expect(buffer.text(row: 1) == "> klmnop  ")
        #expect(cursor.x == 8)
        #expect(buffer[7, 1].text == "p")
    }

    @Test("with the cursor at the start the beginning is shown and the cursor sits on the first character")
    func renderCursorAtStart() {
        let (buffer, cursor) = render(input("abcdefghijklmnop", cursor: 0))
        #expect(buffer.text(row: 1) == "> abcdefgh")
        #expect(cursor.x == 2)
        #expect(buffer[2, 1] == Cell("a", style: theme.style(.inputCursor)))
    }

    @Test("the cursor is always inside the field, wherever it is in the text")
    func cursorAlwaysVisible() {
        let text = "a日b本c語defg😀hij"
        for position in 0...text.count {
            let (buffer, cursor) = render(input(text, cursor: position))
            #expect(cursor.x >= 2 && cursor.x < 10, "cursor at \(position) drawn at \(cursor.x)")
            #expect(buffer[cursor.x, 1].style == theme.style(.inputCursor))
            if position > 0 {
                // The character just before the cursor is on screen right before it.
                let before = String(Array(text)[position - 1])
                let left = cursor.x - CharacterWidth.of(before)
                #expect(buffer[left, 1].text == before, "cursor at \(position)")
            }
        }
    }

    @Test("wide text scrolls by columns")
    func renderWide() {
        let (buffer, cursor) = render(input("日本語日本語"))
        #expect(buffer.text(row: 1) == "> 日本語  ")
        #expect(cursor.x == 8)
    }

    @Test("an empty field shows the placeholder in the muted colour")
    func placeholder() {
        let (buffer, cursor) = render(TextInput(), width: 20, placeholder: "type a command")
        #expect(buffer.text(row: 1).hasPrefix("> type a command"))
        #expect(buffer.style(of: "ype a") == theme.style(.muted).on(theme.style(.input).background))
        #expect(cursor.x == 2)
    }
}
