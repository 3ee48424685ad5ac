import ConsoleKit
import Testing

struct EditorState: Sendable {
    var dirty: Bool
}

@Suite("KeyHintBar and HelpContent")
struct KeyHintBarTests {
    let theme = TestTheme.theme
    let bindings: [Binding<EditorState>] = [
        Binding("quit", keys: [.character("q")], title: "quit"),
        Binding("help", keys: [.character("?")], title: "help", showInBar: false),
        Binding("save", keys: [.ctrl("s")], title: "save", group: "Edit",
                disabledReason: { $0.dirty ? nil : "nothing to save" }),
        Binding("down", keys: [.down, .character("j")], title: "next", group: "Move"),
        Binding("filter", keys: [.character("/")], title: "filter"),
    ]

    func bar(width: Int, dirty: Bool = false) -> ScreenBuffer {
        var b = ScreenBuffer(size: Size(width: width, height: 1))
        KeyHintBar().render(bindings, state: EditorState(dirty: dirty), in: b.bounds, buffer: &b, theme: theme)
        return b
    }

    @Test("shows key and title for bindings meant for the bar, in order")
    func showsBarBindings() {
        let b = bar(width: 80, dirty: true)
        #expect(b.text(row: 0).hasPrefix(" q quit  ctrl+s save  ↓ next  / filter"))
        #expect(!b.contains("help"))
        #expect(b.style(of: "q") == theme.style(.keyhintKey))
        #expect(b.style(of: "quit") == theme.style(.keyhintTitle))
    }

    @Test("issue 24 finding 1: the bar shows only keys that work now; a disabled binding is left out (help says why)")
    func disabled() {
        let b = bar(width: 80, dirty: false)
        #expect(!b.contains("save"))
        #expect(b.text(row: 0).hasPrefix(" q quit  ↓ next  / filter"))
        #expect(b.style(of: "quit") == theme.style(.keyhintTitle))
    }

    @Test("a hint that would not fit whole is left out, never cut")
    func stopsBeforeOverflow() {
        // " q quit  " takes 9 columns; "ctrl+s save  " needs 13 more.
        let b = bar(width: 21, dirty: true)
        #expect(b.text(row: 0).hasPrefix(" q quit"))
        #expect(!b.contains("ctrl"))
        #expect(!b.contains("c"))
        let fits = bar(width: 22, dirty: true)
        #expect(fits.contains("ctrl+s save"))
    }

    @Test("every hint on the bar is complete, at any width")
    func neverPartial() {
        for width in 1...60 {
            let text = bar(width: width, dirty: true).text(row: 0)
            let shown = text.split(separator: " ").map(String.init)
            let allowed: Set<String> = ["q", "quit", "ctrl+s", "save", "↓", "next", "/", "filter"]
            #expect(shown.allSatisfy { allowed.contains($0) }, "width \(width): \(text)")
            #expect(CharacterWidth.of(text) == width)
        }
    }

    func pinnedBar(width: Int) -> ScreenBuffer {
        var b = ScreenBuffer(size: Size(width: width, height: 1))
        KeyHintBar().render(bindings, state: EditorState(dirty: true), in: b.bounds, buffer: &b, theme: theme, pinned: ["quit"])
        return b
    }

    @Test("pinned bindings sit at the right end and stay visible when the bar is narrow")
    func pinned() {
        let wide = pinnedBar(width: 80).text(row: 0)
        #expect(wide.hasSuffix("q quit  "))
        #expect(wide.hasPrefix(" ctrl+s save  ↓ next  / filter"))
        let narrow = pinnedBar(width: 24).text(row: 0)
        #expect(narrow.hasSuffix("q quit  "))
        #expect(narrow.hasPrefix(" ctrl+s save"))
        #expect(!narrow.contains("next"), "a hint that would run into the pinned ones is left out")
    }

    @Test("with pins, every hint is still complete at any width")
    func pinnedNeverPartial() {
        for width in 10...60 {
            let text = pinnedBar(width: width).text(row: 0)
            let shown = text.split(separator: " ").map(String.init)
            let allowed: Set<String> = ["q", "quit", "ctrl+s", "save", "↓", "next", "/", "filter"]
            #expect(shown.allSatisfy { allowed.contains($0) }, "width \(width): \(text)")
            #expect(text.hasSuffix("q quit  "), "width \(width): \(text)")
        }
    }

    @Test("the bar fills its row with the bar style")
    func background() {
        let b = bar(width: 80)
        #expect(b[79, 0].style == theme.style(.keyhintTitle))
    }

    // MARK: help

    func plain(_ lines: [[Span]]) -> [String] { lines.map { $0.map(\.text).joined() } }

    @Test("help lists every binding, even those not on the bar, grouped in order of first appearance")
    func helpGroups() {
        let lines = plain(HelpContent.lines(bindings, state: EditorState(dirty: true), theme: theme))
        let headings = lines.filter { !$0.isEmpty && !$0.hasPrefix(" ") }
        #expect(headings == ["General", "Edit", "Move"])
        #expect(lines.contains { $0.contains("?") && $0.contains("help") })
        let general = lines.firstIndex(of: "General")!, edit = lines.firstIndex(of: "Edit")!
        #expect(lines[general + 1..<edit].contains { $0.contains("filter") }, "filter is listed with General, though it comes last")
        #expect(lines[edit - 1] == "", "a blank line separates groups")
    }

    @Test("help shows all keys of a binding and lines up the titles")
    func helpKeys() {
        let lines = plain(HelpContent.lines(bindings, state: EditorState(dirty: true), theme: theme))
        let next = lines.first { $0.contains("next") }!
        #expect(next.contains("↓/j"))
        let quit = lines.first { $0.contains("quit") }!
        let column = { (s: String, word: String) in CharacterWidth.of(String(s[..<s.range(of: word)!.lowerBound])) }
        #expect(column(next, "next") == column(quit, "quit"))
    }

    @Test("help says why a binding is unavailable, in the muted style")
    func helpDisabledReason() {
        let lines = HelpContent.lines(bindings, state: EditorState(dirty: false), theme: theme)
        let save = lines.first { $0.map(\.text).joined().contains("save") }!
        #expect(save.map(\.text).joined().hasSuffix("(nothing to save)"))
        #expect(save.last?.style == theme.style(.muted))
        let enabled = HelpContent.lines(bindings, state: EditorState(dirty: true), theme: theme)
        #expect(!plain(enabled).joined().contains("nothing to save"))
    }

    @Test("a binding is found by any of its keys")
    func bindingLookup() {
        #expect(bindings.binding(for: .character("j"))?.id == "down")
        #expect(bindings.binding(for: .down)?.id == "down")
        #expect(bindings.binding(for: .character("x")) == nil)
        #expect(bindings[3].keyLabel == "↓/j")
    }
}
