/// The bottom bar of key hints, generated from the same bindings that dispatch keys.
public struct KeyHintBar {
    public init() {}

    /// Draws `key title` pairs that fit; disabled ones are dimmed.
    public func render<State>(_ bindings: [Binding<State>], state: State, in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let bg = theme.style(.keyhintTitle)
        buffer.fill(rect, style: bg)
        var x = rect.x + 1
        for b in bindings where b.showInBar {
            let disabled = b.disabledReason(state) != nil
            let key = b.keys.first.map(\.description) ?? ""
            let needed = CharacterWidth.of(key) + 1 + CharacterWidth.of(b.title) + 2
            if x + needed > rect.maxX { break }
            x += buffer.write(key, x: x, y: rect.y, style: theme.style(disabled ? .keyhintDisabled : .keyhintKey), clip: rect)
            x += buffer.write(" " + b.title, x: x, y: rect.y, style: disabled ? theme.style(.keyhintDisabled) : bg, clip: rect)
            x += 2
        }
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
