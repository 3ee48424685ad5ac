import ConsoleKit
import SwitchboardConsole
import Testing

@Suite("Layout across terminal sizes")
struct LayoutTests {
    @Test("usable from 80×24 up to 300×100: header on top, hints at the bottom, the catalog in between",
          arguments: [Size(width: 80, height: 24), Size(width: 60, height: 15), Size(width: 120, height: 40), Size(width: 200, height: 60), Size(width: 300, height: 100)])
    func usable(size: Size) {
        let console = makeConsole(size: size)
        let screen = console.screen
        #expect(screen.text(row: 0).contains("Switchboard"))
        #expect(screen.text(row: size.height - 1).contains("help"))
        #expect(screen.plainText.contains("HubSpot"))
        #expect(!screen.plainText.contains("Terminal too small"))
    }

    @Test("below 60×15 a clear notice replaces the layout", arguments: [Size(width: 59, height: 24), Size(width: 80, height: 14), Size(width: 20, height: 5)])
    func tooSmall(size: Size) {
        let console = makeConsole(size: size)
        #expect(console.text.contains("Terminal too small") || size.width < 20)
        #expect(console.text.contains("\(size.width)×\(size.height)") || size.width < 30)
        #expect(!console.text.contains("HubSpot"))
    }

    @Test("a resize takes effect on the next frame")
    func resize() {
        let console = makeConsole(size: Size(width: 80, height: 24))
        console.send(.resize(Size(width: 40, height: 10)))
        #expect(console.text.contains("Terminal too small"))
        console.send(.resize(Size(width: 100, height: 30)))
        #expect(console.text.contains("HubSpot"))
        #expect(console.model.size == Size(width: 100, height: 30))
    }

    @Test("snapshots of the catalog and the help screen at 80×24")
    func snapshots() {
        let console = makeConsole()
        assertSnapshot(console.text, named: "catalog-80x24")
        console.press("?")
        assertSnapshot(console.text, named: "help-80x24")
    }
}
