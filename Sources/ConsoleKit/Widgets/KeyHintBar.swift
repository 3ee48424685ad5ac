/// The bottom bar of key hints, generated from the same bindings that dispatch keys.
public struct KeyHintBar {
    public init() {}

    /// Draws `key title` pairs that fit, only for bindings that work now: a disabled one is left
    /// out (the help screen lists it with the reason). Bindings whose ids are in `pinned` are
    /// drawn at the right end and always stay visible (help and quit, say).
    public func render<State>(_ bindings: [Binding<State>], state: State, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme,
                              pinned: Set<String> = []) {
        let bg = theme.style(.keyhintTitle)
        buffer.fill(rect, style: bg)
        let shown = bindings.filter { $0.showInBar && $0.disabledReason(state) == nil }
        let right = shown.filter { pinned.contains($0.id) }
        let rightWidth = right.reduce(0) { $0 + width(of: $1) }
        var x = rect.maxX - rightWidth
        for b in right { x += draw(b, state: state, x: x, rect: rect, buffer: &buffer, theme: theme) }
        x = rect.x + 1
        let limit = rect.maxX - rightWidth
        for b in shown where !pinned.contains(b.id) {
            if x + width(of: b) > limit { break }
            x += draw(b, state: state, x: x, rect: rect, buffer: &buffer, theme: theme)
        }
    }

    private func width<State>(of b: Binding<State>) -> Int {
        CharacterWidth.of(b.keys.first.map(\.description) ?? "") + 1 + CharacterWidth.of(b.title) + 2
    }

    private func draw<State>(_ b: Binding<State>, state: State, x: Int, rect: Rect, buffer: inout ScreenBuffer, theme: Theme) -> Int {
        let disabled = b.disabledReason(state) != nil
        let bg = theme.style(.keyhintTitle)
        let key = b.keys.first.map(\.description) ?? ""
        var cx = x
        cx += buffer.write(key, x: cx, y: rect.y, style: theme.style(disabled ? .keyhintDisabled : .keyhintKey), clip: rect)
        cx += buffer.write(" " + b.title, x: cx, y: rect.y, style: disabled ? theme.style(.keyhintDisabled) : bg, clip: rect)
        return cx - x + 2
    }
}

/// The help screen's content, generated from bindings and grouped by their group name.
public enum HelpContent {
    /// Rich lines listing every binding: keys, title, and why it is unavailable right now.
    public static func lines<State>(_ bindings: [Binding<State>], state: State, theme: Theme) -> [[Span]] {
        var lines: [[Span]] = []
        var groups: [String] = []
        for b in bindings where !groups.contains(b.group) { groups.append(b.group) }
        let keyWidth = min(18, (bindings.map { CharacterWidth.of($0.keyLabel) }.max() ?? 8) + 2)
        for group in groups {
            if !lines.isEmpty { lines.append([]) }
            lines.append([Span(group, theme.style(.title))])
            for b in bindings where b.group == group {
                var row = [Span("  " + TextLayout.pad(b.keyLabel, to: keyWidth), theme.style(.keyhintKey).on(theme.roles.background)),
                           Span(b.title, theme.style(.text))]
                if let reason = b.disabledReason(state) { row.append(Span("  (\(reason))", theme.style(.muted))) }
                lines.append(row)
            }
        }
        return lines
    }
}
