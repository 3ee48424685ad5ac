import ConsoleKit
import Testing

@Suite("Rect")
struct RectTests {
    let area = Rect(x: 2, y: 1, width: 10, height: 8)

    @Test("negative sizes become empty rectangles")
    func negativeSizesClamp() {
        let r = Rect(x: 0, y: 0, width: -3, height: 4)
        #expect(r.width == 0)
        #expect(r.isEmpty)
    }

    @Test("splitTop takes rows off the top and leaves the rest below")
    func splitTop() {
        let (top, rest) = area.splitTop(3)
        #expect(top == Rect(x: 2, y: 1, width: 10, height: 3))
        #expect(rest == Rect(x: 2, y: 4, width: 10, height: 5))
    }

    @Test("splitBottom takes rows off the bottom")
    func splitBottom() {
        let (rest, bottom) = area.splitBottom(2)
        #expect(rest == Rect(x: 2, y: 1, width: 10, height: 6))
        #expect(bottom == Rect(x: 2, y: 7, width: 10, height: 2))
    }

    @Test("splitLeft takes columns off the left")
    func splitLeft() {
        let (left, rest) = area.splitLeft(4)
        #expect(left == Rect(x: 2, y: 1, width: 4, height: 8))
        #expect(rest == Rect(x: 6, y: 1, width: 6, height: 8))
    }

    @Test("asking for more than there is takes everything; asking for less than nothing takes nothing")
    func splitsClamp() {
        let (top, rest) = area.splitTop(50)
        #expect(top == area)
        #expect(rest.isEmpty)
        let (none, all) = area.splitLeft(-5)
        #expect(none.width == 0)
        #expect(all == area)
        let (restB, bottom) = area.splitBottom(99)
        #expect(bottom == area)
        #expect(restB.height == 0)
    }

    @Test("inset shrinks every side, never below zero")
    func inset() {
        #expect(area.inset(by: 1) == Rect(x: 3, y: 2, width: 8, height: 6))
        #expect(area.inset(top: 1, left: 2) == Rect(x: 4, y: 2, width: 8, height: 7))
        #expect(area.inset(by: 20).isEmpty)
    }

    @Test("intersection is the overlap, empty when apart")
    func intersection() {
        let other = Rect(x: 8, y: 5, width: 10, height: 10)
        #expect(area.intersection(other) == Rect(x: 8, y: 5, width: 4, height: 4))
        #expect(area.intersection(Rect(x: 50, y: 50, width: 3, height: 3)).isEmpty)
    }

    @Test("contains includes the origin and excludes the far edges")
    func contains() {
        #expect(area.contains(x: 2, y: 1))
        #expect(area.contains(x: 11, y: 8))
        #expect(!area.contains(x: 12, y: 8))
        #expect(!area.contains(x: 11, y: 9))
        #expect(!area.contains(x: 1, y: 1))
    }

    @Test("centered puts the box in the middle")
    func centered() {
        let screen = Rect(x: 0, y: 0, width: 80, height: 24)
        #expect(screen.centered(width: 20, height: 10) == Rect(x: 30, y: 7, width: 20, height: 10))
        let offset = Rect(x: 10, y: 5, width: 20, height: 10)
        #expect(offset.centered(width: 10, height: 4) == Rect(x: 15, y: 8, width: 10, height: 4))
    }

    @Test("centered never grows past the container")
    func centeredClamps() {
        let small = Rect(x: 3, y: 2, width: 10, height: 5)
        #expect(small.centered(width: 40, height: 40) == small)
    }

    @Test("columns are laid out left to right with the spacing between them")
    func columnsWithSpacing() {
        let cols = Rect(x: 5, y: 0, width: 21, height: 3).columns([.fixed(6), .fill(1)], spacing: 1)
        #expect(cols == [Rect(x: 5, y: 0, width: 6, height: 3), Rect(x: 12, y: 0, width: 14, height: 3)])
    }

    @Test("rows are laid out top to bottom")
    func rowsLayout() {
        let rows = Rect(x: 0, y: 2, width: 10, height: 10).rows([.fixed(1), .fill(1), .fixed(1)])
        #expect(rows.map(\.y) == [2, 3, 11])
        #expect(rows.map(\.height) == [1, 8, 1])
    }
}

@Suite("LayoutConstraint.solve")
struct LayoutConstraintTests {
    @Test("fixed slots get their size and fill takes the rest")
    func fixedAndFill() {
        #expect(LayoutConstraint.solve([.fixed(10), .fill(1)], total: 50) == [10, 40])
    }

    @Test("fill slots share by weight")
    func weights() {
        #expect(LayoutConstraint.solve([.fill(1), .fill(3)], total: 40) == [10, 30])
    }

    @Test("percent is a share of the whole")
    func percent() {
        #expect(LayoutConstraint.solve([.percent(25), .fill(1)], total: 80) == [20, 60])
    }

    @Test("spacing is taken out before sharing")
    func spacing() {
        #expect(LayoutConstraint.solve([.fill(1), .fill(1)], total: 21, spacing: 1) == [10, 10])
    }

    @Test("a min slot never gets less than its minimum when there is room")
    func minimum() {
        let sizes = LayoutConstraint.solve([.min(30), .fill(1)], total: 40)
        #expect(sizes[0] >= 30)
        #expect(sizes.reduce(0, +) == 40)
    }

    @Test("fixed slots shrink when there is not enough room")
    func fixedShrinks() {
        #expect(LayoutConstraint.solve([.fixed(30), .fixed(30)], total: 40) == [30, 10])
        #expect(LayoutConstraint.solve([.fixed(5), .fixed(5)], total: 0) == [0, 0])
    }

    @Test("no constraints give no slots")
    func empty() {
        #expect(LayoutConstraint.solve([], total: 10).isEmpty)
    }

    @Test("for any constraints the sizes never exceed the total, and fill slots use all the room")
    func neverExceedsTotal() {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let count = Int.random(in: 1...6, using: &rng)
            let constraints: [LayoutConstraint] = (0..<count).map { _ in
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: return .fixed(Int.random(in: -5...60, using: &rng))
                case 1: return .fill(Int.random(in: -1...5, using: &rng))
                case 2: return .percent(Int.random(in: -10...150, using: &rng))
                default: return .min(Int.random(in: -5...40, using: &rng))
                }
            }
            let total = Int.random(in: -5...120, using: &rng)
            let spacing = Int.random(in: 0...2, using: &rng)
            let sizes = LayoutConstraint.solve(constraints, total: total, spacing: spacing)
            let gaps = spacing * (count - 1)
            #expect(sizes.count == count)
            #expect(sizes.allSatisfy { $0 >= 0 }, "\(constraints) in \(total)")
            #expect(sizes.reduce(0, +) <= max(0, total - gaps), "\(constraints) in \(total) spacing \(spacing) gave \(sizes)")
            let hasFlexible = constraints.contains { if case .fill = $0 { true } else if case .min = $0 { true } else { false } }
            if hasFlexible, total > gaps {
                #expect(sizes.reduce(0, +) + gaps == total, "\(constraints) in \(total) spacing \(spacing) gave \(sizes)")
            }
        }
    }
}
