/// Selection and scroll position of a list of any length; only the visible rows are ever drawn.
public struct ListState: Sendable, Equatable {
    public private(set) var selected: Int = 0
    public private(set) var offset: Int = 0
    public private(set) var count: Int = 0

    public init(count: Int = 0) { self.count = max(0, count) }

    /// Sets the number of items, keeping the selection in range.
    public mutating func setCount(_ n: Int) {
        count = max(0, n)
        selected = count == 0 ? 0 : min(selected, count - 1)
        offset = min(offset, max(0, count - 1))
    }

    /// Moves the selection by `delta` items, clamped.
    public mutating func move(by delta: Int) {
        guard count > 0 else { return }
        selected = min(max(0, selected + delta), count - 1)
    }

    /// Selects an item by index, clamped.
    public mutating func select(_ index: Int) {
        guard count > 0 else { return }
        selected = min(max(0, index), count - 1)
    }

    public mutating func home() { select(0) }
    public mutating func end() { select(count - 1) }

    /// Scrolls so the selection is visible in a viewport of `height` rows.
    public mutating func scrollToSelection(height: Int) {
        guard height > 0 else { return }
        if selected < offset { offset = selected }
        if selected >= offset + height { offset = selected - height + 1 }
        offset = max(0, min(offset, max(0, count - height)))
    }

    /// Applies a navigation key (↑ ↓ k j pgup pgdn home end g G); returns whether it was one.
    public mutating func handle(_ key: Key, pageSize: Int) -> Bool {
        switch key {
        case .up, .character("k"): move(by: -1)
        case .down, .character("j"): move(by: 1)
        case .pageUp, .ctrl("b"): move(by: -max(1, pageSize))
        case .pageDown, .ctrl("f"): move(by: max(1, pageSize))
        case .home, .character("g"): home()
        case .end, .character("G"): end()
        default: return false
        }
        return true
    }
}
