import Foundation
import ConsoleKit

/// Lays out and draws the console: header, breadcrumbs, the top screen, the flash or input line,
/// the key-hint bar, and overlays (help, palette, quit confirmation).
struct AppView {
    let app: SwitchboardApp

    /// The smallest terminal the console draws its layout in.
    static let minimumSize = Size(width: 60, height: 15)

    /// Where the top screen is drawn in a terminal of `size` (no prompt open): below the header
    /// and the breadcrumbs, above the flash line and the key bar. Mouse rows are counted from it.
    static func contentRect(_ size: Size) -> Rect {
        Rect(x: 0, y: 2, width: size.width, height: max(0, size.height - 4))
    }

    func render(_ model: AppModel, into buffer: inout ScreenBuffer) -> (x: Int, y: Int)? {
        let theme = model.theme
        let area = buffer.bounds
        buffer.fill(area, style: theme.style(.text))
        guard area.width >= AppView.minimumSize.width, area.height >= AppView.minimumSize.height else {
            renderTooSmall(area, &buffer, theme)
            return nil
        }
        let (headerRect, rest) = area.splitTop(1)
        let (crumbRect, body) = rest.splitTop(1)
        let (mainAndLine, barRect) = body.splitBottom(1)
        var (contentRect, lineRect) = mainAndLine.splitBottom(1)
        // While a prompt is open its line is taken: the flash (why a text was refused, tab's
        // candidates) is drawn on the line above it, so it is seen while typing.
        var promptFlashRect: Rect?
        switch model.mode {
        case .command, .filter:
            if model.flash != nil {
                let (above, flashRect) = contentRect.splitBottom(1)
                contentRect = above
                promptFlashRect = flashRect
            }
        default: break
        }

        header(model).render(in: headerRect, buffer: &buffer, theme: theme)
        let filter = model.top.filterText
        Breadcrumbs(model.breadcrumbs).render(in: crumbRect, buffer: &buffer, theme: theme,
                                             trailing: filter.isEmpty ? "" : "\(model.top.filterPrompt): \(filter)")
        model.top.render(in: contentRect, buffer: &buffer, theme: theme)
        KeyHintBar().render(barBindings(model), state: model, in: barRect, buffer: &buffer, theme: theme, pinned: ["app.help", "app.quit"])

        var cursor: (x: Int, y: Int)?
        switch model.mode {
        case .command(let input):
            cursor = input.render(prompt: ":", in: lineRect, buffer: &buffer, theme: theme, placeholder: "a command (listed above; Tab completes)")
        case .filter(let input):
            let entry = model.top.isTextEntry
            cursor = input.render(prompt: entry ? model.top.filterPrompt + ": " : "/", in: lineRect, buffer: &buffer, theme: theme,
                                  placeholder: entry ? "" : model.top.filterPrompt, masked: model.top.isSecretEntry)
        default:
            if let flash = model.flash { flash.render(in: lineRect, buffer: &buffer, theme: theme) }
        }
        if let promptFlashRect, let flash = model.flash { flash.render(in: promptFlashRect, buffer: &buffer, theme: theme) }
        if case .command(let input) = model.mode {
            let suggestions = CommandSuggestions.suggestions(for: input.text, context: app.suggestionContext(model))
            renderSuggestions(suggestions, above: contentRect, &buffer, theme)
        }
        switch model.mode {
        case .help(let scroll): renderHelp(model, scroll: scroll, contentRect, &buffer, theme)
        case .messages(let scroll): renderMessages(model, scroll: scroll, contentRect, &buffer, theme)
        case .details(let scroll): renderDetails(model, scroll: scroll, contentRect, &buffer, theme)
        case .palette(let input, let list): cursor = renderPalette(model, input: input, list: list, area, &buffer, theme)
        case .confirmQuit:
            Dialog(title: "Quit Switchboard?", message: "There are unsaved changes; they will be lost.",
                   choices: [("y", "quit"), ("n", "stay")]).render(in: contentRect, buffer: &buffer, theme: theme)
        case .confirmLeave:
            Dialog(title: "Leave \(model.top.breadcrumb)?", message: "There are unsaved changes; they will be lost.",
                   choices: [("y", "leave"), ("n", "stay")]).render(in: contentRect, buffer: &buffer, theme: theme)
        default: break
        }
        return cursor
    }

    /// The hint bar follows the mode: while typing, it shows the typing keys.
    private func barBindings(_ model: AppModel) -> [Binding<AppModel>] {
        func hint(_ key: Key, _ title: String) -> Binding<AppModel> { Binding("hint", keys: [key], title: title) }
        switch model.mode {
        case .normal: return app.bindings(model)
        case .command: return [hint(.enter, "run"), hint(.tab, "complete"), hint(.escape, "cancel"), hint(.ctrl("u"), "clear")]
        case .filter where model.top.isTextEntry: return [hint(.enter, "confirm"), hint(.escape, "cancel"), hint(.ctrl("u"), "clear text")]
        case .filter: return [hint(.enter, "keep filter"), hint(.escape, "clear filter"), hint(.ctrl("u"), "clear text")]
        case .palette: return [hint(.up, "previous"), hint(.down, "next"), hint(.enter, "run"), hint(.escape, "close")]
        case .help: return [hint(.up, "scroll up"), hint(.down, "scroll down"), hint(.escape, "close help")]
        case .messages, .details: return [hint(.up, "scroll up"), hint(.down, "scroll down"), hint(.escape, "close")]
        case .confirmQuit: return [hint(.character("y"), "quit"), hint(.character("n"), "stay")]
        case .confirmLeave: return [hint(.character("y"), "leave"), hint(.character("n"), "stay")]
        }
    }

    /// The header, one format at every size: `Switchboard │ tenant T │ Connector: auth state │ mode M`.
    private func header(_ model: AppModel) -> HeaderBar {
        let c = model.context
        var segments: [(String, String)] = [("tenant", c.tenant ?? "none")]
        if let id = model.headerConnectorID {
            let name = model.catalog.connector(id: id)?.name ?? id
            segments.append(("", "\(name): \(c.tenant == nil ? "no tenant" : c.authState ?? "not connected")"))
        } else {
            segments.append(("", "no connector"))
        }
        segments.append(("mode", c.platform))
        var badges: [(String, ThemeComponent)] = []
        if c.isSandbox { badges.append(("SANDBOX", .badgeSandbox)) }
        return HeaderBar(product: "Switchboard", segments: segments, badges: badges)
    }

    private func renderTooSmall(_ area: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        let lines = [
            "Terminal too small",
            "\(area.width)×\(area.height), need at least \(AppView.minimumSize.width)×\(AppView.minimumSize.height)",
            "Enlarge the window, or press q to quit",
        ]
        let top = max(0, (area.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < area.height {
            let w = CharacterWidth.of(line)
            buffer.write(line, x: max(0, (area.width - w) / 2), y: top + i, style: i == 0 ? theme.style(.flashWarning) : theme.style(.text))
        }
    }

    /// The command line's suggestions, drawn at the bottom of `rect` (just above the prompt): each
    /// command or argument with its description; what does not fit is counted.
    private func renderSuggestions(_ suggestions: [CommandSuggestions.Suggestion], above rect: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        guard rect.height >= 2 else { return }
        let room = rect.height - 1
        let shown = suggestions.count > room ? room - 1 : suggestions.count
        let rows = max(1, suggestions.count > room ? room : suggestions.count)
        let panel = Rect(x: rect.x, y: rect.maxY - rows - 1, width: rect.width, height: rows + 1)
        buffer.fill(panel, style: theme.style(.dialog))
        let title = suggestions.isEmpty ? " no command or argument matches " : " \(suggestions.count) to choose from · Tab completes "
        buffer.write(String(repeating: "─", count: panel.width), x: panel.x, y: panel.y, style: theme.style(.border))
        buffer.write(title, x: panel.x + 2, y: panel.y, width: max(0, panel.width - 4), style: theme.style(.dialogTitle))
        let labelWidth = min(max(12, suggestions.prefix(shown).map { CharacterWidth.of($0.label) }.max() ?? 0), max(12, panel.width / 2))
        for (i, s) in suggestions.prefix(shown).enumerated() {
            let y = panel.y + 1 + i
            // Cut in the middle: a long name keeps its end (a file's extension, a path's last part).
            let label = TextLayout.truncateMiddle(s.label, to: labelWidth)
            buffer.write(" " + TextLayout.pad(label, to: labelWidth), x: panel.x, y: y, width: panel.width, style: theme.style(.keyhintKey).on(theme.style(.dialog).background))
            buffer.write(s.detail, x: panel.x + labelWidth + 3, y: y, width: max(0, panel.width - labelWidth - 4), style: theme.style(.dialog))
        }
        if shown < suggestions.count {
            buffer.write(" +\(suggestions.count - shown) more: keep typing to narrow", x: panel.x, y: panel.maxY - 1, width: panel.width, style: theme.style(.muted).on(theme.style(.dialog).background))
        }
    }

    /// `!`: the last flash messages, newest first, each whole (wrapped), with the time it was said.
    private func renderMessages(_ model: AppModel, scroll: Int, _ rect: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        let inner = Self.overlayBox(rect).inset(by: 1)
        var lines: [[Span]] = []
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        for flash in model.flashLog.reversed() {
            let (component, icon): (ThemeComponent, String) = switch flash.level {
            case .info: (.flashInfo, "ℹ")
            case .warning: (.flashWarning, "⚠")
            case .error: (.flashError, "✖")
            }
            let said = flash.expires.addingTimeInterval(flash.level == .error ? -8 : -4)
            let prefix = "\(formatter.string(from: said)) \(icon) "
            for (i, line) in TextLayout.wrap(flash.text, width: max(10, inner.width - prefix.count)).enumerated() {
                lines.append([Span(i == 0 ? prefix : String(repeating: " ", count: prefix.count), theme.style(.muted)),
                              Span(line, theme.style(component))])
            }
        }
        Self.renderOverlay(lines, footer: "Esc, q or ! closes; ↑↓ scroll.", title: "Messages — newest first", scroll: scroll, rect, &buffer, theme)
    }

    /// `v`: the selected row's values whole, each label over its wrapped value.
    private func renderDetails(_ model: AppModel, scroll: Int, _ rect: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        let inner = Self.overlayBox(rect).inset(by: 1)
        var lines: [[Span]] = []
        let labelWidth = min(24, (model.top.details ?? []).map { CharacterWidth.of($0.label) }.max() ?? 0)
        for (label, value) in model.top.details ?? [] {
            let clean = String(value.unicodeScalars.map { $0.properties.generalCategory == .control && $0 != "\n" ? " " : Character($0) })
            for (i, line) in TextLayout.wrap(clean, width: max(10, inner.width - labelWidth - 2)).enumerated() {
                lines.append([Span(TextLayout.pad(i == 0 ? label : "", to: labelWidth) + "  ", theme.style(.muted)), Span(line, theme.style(.text))])
            }
        }
        Self.renderOverlay(lines, footer: "Esc, q or v closes; ↑↓ scroll. y on the screen copies where it offers to.",
                           title: "Whole values — \(model.top.breadcrumb)", scroll: scroll, rect, &buffer, theme)
    }

    /// Where a full-screen overlay (messages, whole values) draws: the screen less two columns each side.
    static func overlayBox(_ rect: Rect) -> Rect { rect.inset(top: 0, left: 2, bottom: 0, right: 2) }

    /// A full-screen overlay: a titled dialog box holding `lines`, then a blank line and `footer`, scrolled.
    static func renderOverlay(_ lines: [[Span]], footer: String, title: String, scroll: Int, _ rect: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        let box = overlayBox(rect)
        buffer.fill(box, style: theme.style(.dialog))
        buffer.box(box, style: theme.style(.border), title: title, titleStyle: theme.style(.dialogTitle))
        TextView().render(lines: lines + [[], [Span(footer, theme.style(.muted))]], scroll: scroll, in: box.inset(by: 1), buffer: &buffer, theme: theme)
    }

    private func renderHelp(_ model: AppModel, scroll: Int, _ rect: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) {
        let box = rect.inset(top: 0, left: 2, bottom: 0, right: 2)
        buffer.fill(box, style: theme.style(.dialog))
        buffer.box(box, style: theme.style(.border), title: "Help — \(model.top.breadcrumb)", titleStyle: theme.style(.dialogTitle))
        var lines = HelpContent.lines(app.bindings(model), state: model, theme: theme)
        lines.append([])
        lines.append([Span("Commands (type : then a command)", theme.style(.title))])
        for spec in PaletteCommands.specs {
            let usage = ":" + spec.name + (spec.argument.isEmpty ? "" : " " + spec.argument)
            lines.append([Span("  " + TextLayout.pad(usage, to: 20), theme.style(.keyhintKey).on(theme.roles.background)), Span(spec.summary, theme.style(.text))])
        }
        lines.append([])
        lines.append([Span("Esc, q or ? closes help; ↑↓ scroll.", theme.style(.muted))])
        TextView().render(lines: lines, scroll: scroll, in: box.inset(by: 1), buffer: &buffer, theme: theme)
    }

    private func renderPalette(_ model: AppModel, input: TextInput, list: ListState, _ area: Rect, _ buffer: inout ScreenBuffer, _ theme: Theme) -> (x: Int, y: Int) {
        let box = area.centered(width: min(72, area.width - 4), height: min(18, area.height - 4))
        buffer.fill(box, style: theme.style(.dialog))
        buffer.box(box, style: theme.style(.border), title: "Command palette", titleStyle: theme.style(.dialogTitle))
        let inner = box.inset(by: 1)
        let (inputRect, listRect) = inner.splitTop(1)
        let cursor = input.render(prompt: "› ", in: inputRect, buffer: &buffer, theme: theme, placeholder: "type to search actions")
        let entries = PaletteEntries.filtered(PaletteEntries.all(model, themes: app.dependencies.availableThemes()), query: input.text)
        var state = list
        state.setCount(entries.count)
        let text = theme.style(.text), muted = theme.style(.muted)
        ListView(emptyMessage: "No matching action").render(state: &state, in: listRect.inset(top: 1), buffer: &buffer, theme: theme) { i in
            let e = entries[i]
            let keyWidth = CharacterWidth.of(e.keyLabel)
            let titleWidth = max(1, listRect.width - keyWidth - 3)
            return [Span(" " + TextLayout.pad(e.title, to: titleWidth), text), Span(" " + e.keyLabel, muted)]
        }
        return cursor
    }
}
