import ConsoleKit
import Foundation
import Testing

@Suite("Dialog")
struct DialogTests {
    let theme = TestTheme.theme
    let quit = Dialog(title: "Quit?", message: "Unsaved changes will be lost.", choices: [("y", "quit"), ("n", "stay")])

    /// The rectangle of the box, found from its corners.
    func boxRect(_ b: ScreenBuffer) throws -> Rect {
        let top = try #require(b.row(containing: "┌"))
        let bottom = try #require(b.row(containing: "└"))
        let line = b.text(row: top)
        let left = CharacterWidth.of(String(line[..<line.range(of: "┌")!.lowerBound]))
        let right = CharacterWidth.of(String(line[..<line.range(of: "┐")!.lowerBound]))
        return Rect(x: left, y: top, width: right - left + 1, height: bottom - top + 1)
    }

    @Test("the dialog is a box centred in the area, with the title on its top edge")
    func centredBox() throws {
        var b = dottedBuffer(width: 60, height: 20)
        quit.render(in: b.bounds, buffer: &b, theme: theme)
        let box = try boxRect(b)
        #expect(abs(box.x - (60 - box.maxX)) <= 1, "left and right margins: \(box)")
        #expect(abs(box.y - (20 - box.maxY)) <= 1, "top and bottom margins: \(box)")
        #expect(b.row(containing: "Quit?") == box.y)
        #expect(b.style(of: "Quit?") == theme.style(.dialogTitle))
    }

    @Test("the message is inside the box and the choices are on the last line inside it")
    func content() throws {
        var b = dottedBuffer(width: 60, height: 20)
        quit.render(in: b.bounds, buffer: &b, theme: theme)
        let box = try boxRect(b)
        #expect(b.row(containing: "Unsaved changes will be lost.") == box.y + 1)
        #expect(b.row(containing: "[y] quit") == box.maxY - 2)
        #expect(b.text(row: box.maxY - 2).contains("[n] stay"))
        #expect(b.style(of: "[y]") == theme.style(.keyhintKey).on(theme.style(.dialog).background))
        #expect(b.style(of: "Unsaved") == theme.style(.dialog))
    }

    @Test("nothing outside the box is drawn")
    func staysInBox() throws {
        var b = dottedBuffer(width: 60, height: 20)
        quit.render(in: b.bounds, buffer: &b, theme: theme)
        let box = try boxRect(b)
        for y in 0..<20 {
            for x in 0..<60 where !box.contains(x: x, y: y) {
                #expect(b[x, y].text == ".", "\(x),\(y)")
            }
        }
    }

    @Test("a long message wraps inside the box, never through its border")
    func longMessage() throws {
        let words = Array(repeating: "lorem ipsum dolor", count: 12).joined(separator: " ")
        let dialog = Dialog(title: "Long", message: words, choices: [("enter", "ok")])
        var b = dottedBuffer(width: 50, height: 30)
        dialog.render(in: b.bounds, buffer: &b, theme: theme)
        let box = try boxRect(b)
        #expect(box.width <= 50)
        for y in box.y + 1..<box.maxY - 1 {
            #expect(b[box.x, y].text == "│")
            #expect(b[box.maxX - 1, y].text == "│")
        }
        let inside = (box.y + 1..<box.maxY - 1).map { b.text(row: $0) }.joined(separator: "\n")
        #expect(inside.components(separatedBy: "lorem").count - 1 == 12, "every word of the message is shown")
        #expect(inside.components(separatedBy: "dolor").count - 1 == 12)
        #expect(b.row(containing: "[enter] ok") == box.maxY - 2)
    }

    @Test("dialogs compare by title, message and choices")
    func equality() {
        #expect(quit == Dialog(title: "Quit?", message: "Unsaved changes will be lost.", choices: [("y", "quit"), ("n", "stay")]))
        #expect(quit != Dialog(title: "Quit?", message: "Unsaved changes will be lost.", choices: [("y", "quit")]))
        #expect(quit != Dialog(title: "Quit", message: "Unsaved changes will be lost.", choices: [("y", "quit"), ("n", "stay")]))
    }
}
