import Foundation

/// The top bar: product name, context segments (tenant, connector, auth state) and badges.
///
/// One format at every size: segments separated by `│`, each `label value` (the label dimmed;
/// a segment with an empty label is its value alone); when it does not fit, the first value
/// (a long tenant name) is cut in the middle first, so the auth state after it stays in view,
/// and what still does not fit is cut at the right edge, never re-laid out.
public struct HeaderBar {
    public var product: String
    public var segments: [(label: String, value: String)]
    public var badges: [(text: String, style: ThemeComponent)]

    public init(product: String, segments: [(label: String, value: String)], badges: [(text: String, style: ThemeComponent)] = []) {
        self.product = product
        self.segments = segments
        self.badges = badges
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let bg = theme.style(.header)
        buffer.fill(rect, style: bg)
        var right = rect.maxX - 1
        for badge in badges.reversed() {
            let text = " \(badge.text) "
            let w = CharacterWidth.of(text)
            guard right - w > rect.x + CharacterWidth.of(product) + 2 else { break }
            right -= w
            buffer.write(text, x: right, y: rect.y, style: theme.style(badge.style), clip: rect)
            right -= 1
        }
        let area = Rect(x: rect.x, y: rect.y, width: max(0, right - rect.x), height: 1)
        var x = rect.x + 1
        x += buffer.write(product, x: x, y: rect.y, style: theme.style(.headerTitle), clip: area)
        for segment in Self.fitted(segments, width: area.maxX - x) {
            x += buffer.write(" │ ", x: x, y: rect.y, style: bg.adding(.dim), clip: area)
            if !segment.label.isEmpty { x += buffer.write(segment.label + " ", x: x, y: rect.y, style: bg.adding(.dim), clip: area) }
            x += buffer.write(segment.value, x: x, y: rect.y, style: bg.adding(.bold), clip: area)
        }
    }
}

extension HeaderBar {
    /// The segments with the first one's value (the tenant: names can be long) cut in the
    /// middle, down to 8 columns, so the segments after it stay in view in `width`.
    static func fitted(_ segments: [(label: String, value: String)], width: Int) -> [(label: String, value: String)] {
        guard var first = segments.first else { return segments }
        let total = segments.reduce(0) { $0 + 3 + ($1.label.isEmpty ? 0 : CharacterWidth.of($1.label) + 1) + CharacterWidth.of($1.value) }
        let w = CharacterWidth.of(first.value)
        guard total > width, w > 8 else { return segments }
        first.value = TextLayout.truncateMiddle(first.value, to: max(8, w - (total - width)))
        return [first] + segments.dropFirst()
    }
}

/// The path of screens the user went through, e.g. `Catalog › HubSpot › createContact`.
public struct Breadcrumbs {
    public var items: [String]
    public init(_ items: [String]) { self.items = items }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme, trailing: String = "") {
        let style = theme.style(.breadcrumbs)
        buffer.fill(rect, style: style)
        let trailingWidth = CharacterWidth.of(trailing)
        let room = max(0, rect.width - trailingWidth - 1)
        // The current screen stays in view: the earliest steps give way to "…" first.
        func spans(droppingFirst dropped: Int) -> [Span] {
            var out: [Span] = [Span(" ", style)]
            if dropped > 0 { out.append(Span("… › ", style)) }
            for (i, item) in items.enumerated().dropFirst(dropped) {
                if i > dropped { out.append(Span(" › ", style)) }
                out.append(Span(item, i == items.count - 1 ? theme.style(.title) : style))
            }
            return out
        }
        var dropped = 0
        while dropped < items.count - 1, spans(droppingFirst: dropped).reduce(0, { $0 + CharacterWidth.of($1.text) }) > room { dropped += 1 }
        buffer.write(spans: spans(droppingFirst: dropped), x: rect.x, y: rect.y, width: room, fill: style)
        if trailingWidth > 0, rect.width > trailingWidth + 1 {
            buffer.write(trailing, x: rect.maxX - trailingWidth - 1, y: rect.y, style: theme.style(.muted))
        }
    }
}

/// A short message under the content that clears itself: info, warning or error.
public struct Flash: Sendable, Equatable {
    /// How serious the message is; errors stay longer.
    public enum Level: Sendable, Equatable { case info, warning, error }

    public var level: Level
    public var text: String
    public var expires: Date

    public init(_ level: Level, _ text: String, now: Date = Date()) {
        self.level = level
        self.text = text
        self.expires = now.addingTimeInterval(level == .error ? 8 : 4)
    }

    public func isExpired(at now: Date) -> Bool { now >= expires }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let (component, icon): (ThemeComponent, String) = switch level {
        case .info: (.flashInfo, "ℹ")
        case .warning: (.flashWarning, "⚠")
        case .error: (.flashError, "✖")
        }
        buffer.fill(rect, style: theme.style(.text))
        buffer.write(" \(icon) \(text)", x: rect.x, y: rect.y, width: rect.width, style: theme.style(component))
    }
}
