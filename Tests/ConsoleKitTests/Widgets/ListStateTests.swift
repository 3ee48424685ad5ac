import ConsoleKit
import Testing

@Suite("ListState")
struct ListStateTests {
    @Test("a new list selects the first item")
    func initial() {
        let s = ListState(count: 5)
        #expect(s.selected == 0)
        #expect(s.offset == 0)
        #expect(s.count == 5)
        #expect(ListState(count: -3).count == 0)
    }

    @Test("moving is clamped to the list")
    func moveClamps() {
        var s = ListState(count: 5)
        s.move(by: -1)
        #expect(s.selected == 0)
        s.move(by: 3)
        #expect(s.selected == 3)
        s.move(by: 10)
        #expect(s.selected == 4)
        s.select(-7)
        #expect(s.selected == 0)
        s.select(99)
        #expect(s.selected == 4)
    }

    @Test("home and end go to the first and last items")
    func homeEnd() {
        var s = ListState(count: 7)
        s.end()
        #expect(s.selected == 6)
        s.home()
        #expect(s.selected == 0)
    }

    @Test("an empty list ignores navigation")
    func emptyList() {
        var s = ListState()
        s.move(by: 1)
        s.end()
        s.select(3)
        #expect(s.selected == 0)
        do { let handled = s.handle(.down, pageSize: 10); #expect(handled) }
        #expect(s.selected == 0)
    }

    @Test("navigation keys move the selection: arrows, vi keys, pages, home and end")
    func keys() {
        var s = ListState(count: 100)
        do { let handled = s.handle(.down, pageSize: 10); #expect(handled) }; #expect(s.selected == 1)
        do { let handled = s.handle(.character("j"), pageSize: 10); #expect(handled) }; #expect(s.selected == 2)
        do { let handled = s.handle(.character("k"), pageSize: 10); #expect(handled) }; #expect(s.selected == 1)
        do { let handled = s.handle(.pageDown, pageSize: 10); #expect(handled) }; #expect(s.selected == 11)
        do { let handled = s.handle(.ctrl("f"), pageSize: 10); #expect(handled) }; #expect(s.selected == 21)
        do { let handled = s.handle(.pageUp, pageSize: 10); #expect(handled) }; #expect(s.selected == 11)
        do { let handled = s.handle(.ctrl("b"), pageSize: 10); #expect(handled) }; #expect(s.selected == 1)
        do { let handled = s.handle(.character("G"), pageSize: 10); #expect(handled) }; #expect(s.selected == 99)
        do { let handled = s.handle(.character("g"), pageSize: 10); #expect(handled) }; #expect(s.selected == 0)
        do { let handled = s.handle(.end, pageSize: 10); #expect(handled) }; #expect(s.selected == 99)
        do { let handled = s.handle(.home, pageSize: 10); #expect(handled) }; #expect(s.selected == 0)
        do { let handled = s.handle(.up, pageSize: 10); #expect(handled) }; #expect(s.selected == 0)
    }

    @Test("other keys are not navigation")
    func otherKeys() {
        var s = ListState(count: 10)
        do { let handled = s.handle(.character("x"), pageSize: 10); #expect(!handled) }
        do { let handled = s.handle(.enter, pageSize: 10); #expect(!handled) }
        #expect(s.selected == 0)
    }

    @Test("a page of zero still moves one item")
    func zeroPage() {
        var s = ListState(count: 10)
        do { let handled = s.handle(.pageDown, pageSize: 0); #expect(handled) }
        #expect(s.selected == 1)
    }

    @Test("scrolling keeps the selection in view, scrolling as little as possible")
    func scrollToSelection() {
        var s = ListState(count: 100)
        s.select(15)
        s.scrollToSelection(height: 10)
        #expect(s.offset == 6)
        s.select(8)
        s.scrollToSelection(height: 10)
        #expect(s.offset == 6)
        s.select(3)
        s.scrollToSelection(height: 10)
        #expect(s.offset == 3)
        s.end()
        s.scrollToSelection(height: 10)
        #expect(s.offset == 90)
    }

    @Test("the viewport never scrolls past the end of the list")
    func noOverscroll() {
        var s = ListState(count: 100)
        s.end()
        s.scrollToSelection(height: 10)
        s.setCount(95)
        s.scrollToSelection(height: 10)
        #expect(s.offset == 85)
        #expect(s.selected == 94)
        var short = ListState(count: 3)
        short.end()
        short.scrollToSelection(height: 10)
        #expect(short.offset == 0)
    }

    @Test("after any navigation the selection is visible and within the list")
    func selectionAlwaysVisible() {
        var rng = SeededGenerator(seed: 11)
        let keys: [Key] = [.up, .down, .pageUp, .pageDown, .home, .end, .character("j"), .character("k")]
        for _ in 0..<200 {
            var s = ListState(count: Int.random(in: 0...50, using: &rng))
            let height = Int.random(in: 1...12, using: &rng)
            for _ in 0..<20 {
                if Int.random(in: 0..<6, using: &rng) == 0 {
                    s.setCount(Int.random(in: 0...50, using: &rng))
                } else {
                    _ = s.handle(keys.randomElement(using: &rng)!, pageSize: height)
                }
                s.scrollToSelection(height: height)
                #expect(s.selected >= 0 && (s.count == 0 || s.selected < s.count))
                #expect(s.offset >= 0 && s.offset <= max(0, s.count - height))
                if s.count > 0 { #expect(s.selected >= s.offset && s.selected < s.offset + height) }
            }
        }
    }

    @Test("shrinking the list pulls the selection back into range; emptying it resets")
    func setCountShrinking() {
        var s = ListState(count: 50)
        s.select(40)
        s.setCount(10)
        #expect(s.selected == 9)
        #expect(s.offset <= 9)
        s.setCount(0)
        #expect(s.selected == 0)
        #expect(s.offset == 0)
        s.setCount(20)
        #expect(s.selected == 0)
    }

    @Test("growing the list keeps the selection")
    func setCountGrowing() {
        var s = ListState(count: 10)
        s.select(4)
        s.setCount(1000)
        #expect(s.selected == 4)
    }
}
