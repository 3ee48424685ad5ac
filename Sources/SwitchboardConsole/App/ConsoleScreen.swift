import ConsoleKit
import Foundation
import SwitchboardCore

/// What a screen asks the app to do after handling a key.
public enum ScreenOutcome: Sendable {
    case none
    case push(any ConsoleScreen)
    case pop
    case flash(Flash.Level, String)
    case copy(String, label: String)
    case effect(Effect<AppMsg>)
    /// Several effects at once (a session's next event and an answer sent meanwhile).
    case effects([Effect<AppMsg>])
    /// Opens the app's prompt line (the filter mode) with this screen's `filterPrompt` and `filterText`.
    case prompt
    /// Runs a `:` command line, e.g. `history RUN` to open a finished push in History.
    case command(String)
}

/// One screen of the console: its breadcrumb, key bindings, filter support and drawing.
///
/// Screens are values in the app's stack; `perform` runs one of the screen's own bindings.
public protocol ConsoleScreen: Sendable {
    /// The breadcrumb label, e.g. "HubSpot".
    var breadcrumb: String { get }
    /// The id of the connector this screen is about: the header names it (from the catalog) and
    /// shows the selected tenant's credential state for it.
    var connectorID: String? { get }
    /// Whether `/` filters this screen, and the current filter text.
    var supportsFilter: Bool { get }
    var filterText: String { get }
    /// The filter prompt, e.g. "filter" or "search field".
    var filterPrompt: String { get }
    /// Whether the prompt line is collecting a value (a name, `field=value`) rather than filtering:
    /// it is then labelled with `filterPrompt` and Enter confirms, Esc cancels.
    var isTextEntry: Bool { get }
    /// Whether the value being entered is a secret: the prompt line shows dots.
    var isSecretEntry: Bool { get }
    /// Whether quitting now would lose work.
    var hasUnsavedChanges: Bool { get }
    /// Whether the screen's prompt is open as soon as it is pushed (a token prompt): keys typed
    /// right after the command that opened it go to the prompt.
    var opensPrompt: Bool { get }
    /// Whether a dialog or picker of the screen is open: then only the screen's own bindings
    /// work (no `:`, `/`, `q` behind it).
    var isModal: Bool { get }

    /// The selected row's values whole, as (label, value) pairs, for the `v` popup: a table cuts
    /// what does not fit its column, this shows it all. nil: nothing selected to show.
    var details: [(label: String, value: String)]? { get }

    /// The screen's own bindings (dispatch, hint bar and help all use them).
    func bindings() -> [Binding<AppModel>]
    /// Runs one of this screen's bindings.
    mutating func perform(_ bindingID: String, key: Key, pageSize: Int) -> ScreenOutcome
    /// Sets the filter text (live while typing).
    mutating func setFilter(_ text: String)
    /// Called when the filter prompt is confirmed with Enter.
    mutating func confirmFilter() -> ScreenOutcome
    /// Mouse: a click on a content row (relative to the content area) or the wheel.
    mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome
    /// Mouse with where it happened: the terminal column `x`, the content row `row` (0 is the
    /// content's first line) and the content area. By default, `mouse(_:row:pageSize:)`; a
    /// table that sorts by a header click uses `x`.
    mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome
    /// Draws the content area.
    func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme)
    /// Commands this screen adds to the palette: (title, command line).
    func paletteEntries() -> [(title: String, command: String)]
    /// An asynchronous result (`AppMsg.screenMessage`); screens ignore what is not theirs.
    mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome
    /// Whether the screen shows times relative to now (ages): the app then sends it `clock`
    /// about once a second, so they advance.
    var wantsClock: Bool { get }
    /// The time now, for relative times.
    mutating func clock(_ now: Date)
}

extension ConsoleScreen {
    public var connectorID: String? { nil }
    public var supportsFilter: Bool { false }
    public var filterText: String { "" }
    public var filterPrompt: String { "filter" }
    public var isTextEntry: Bool { false }
    public var isSecretEntry: Bool { false }
    public var hasUnsavedChanges: Bool { false }
    public var opensPrompt: Bool { false }
    public var details: [(label: String, value: String)]? { nil }
    public var isModal: Bool { false }
    public mutating func setFilter(_ text: String) {}
    public mutating func confirmFilter() -> ScreenOutcome { .none }
    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome { .none }
    public mutating func mouse(_ action: MouseAction, x: Int, row: Int, content: Rect) -> ScreenOutcome {
        mouse(action, row: row, pageSize: max(1, content.height - 1))
    }
    public func paletteEntries() -> [(title: String, command: String)] { [] }
    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome { .none }
    public var wantsClock: Bool { false }
    public mutating func clock(_ now: Date) {}
}

/// The navigation bindings every list-like screen shares (shown in help, not in the bar).
public enum ListBindings {
    public static func navigation(group: String = "Navigation") -> [Binding<AppModel>] {
        [
            Binding("list.up", keys: [.up, .character("k")], title: "previous row", group: group, showInBar: false),
            Binding("list.down", keys: [.down, .character("j")], title: "next row", group: group, showInBar: false),
            Binding("list.pageUp", keys: [.pageUp, .ctrl("b")], title: "page up", group: group, showInBar: false),
            Binding("list.pageDown", keys: [.pageDown, .ctrl("f")], title: "page down", group: group, showInBar: false),
            Binding("list.home", keys: [.home, .character("g")], title: "first row", group: group, showInBar: false),
            Binding("list.end", keys: [.end, .character("G")], title: "last row", group: group, showInBar: false),
        ]
    }
}

extension ListState {
    /// Runs a shared navigation binding; returns false for other ids.
    public mutating func perform(navigation id: String, pageSize: Int) -> Bool {
        switch id {
        case "list.up": move(by: -1)
        case "list.down": move(by: 1)
        case "list.pageUp": move(by: -max(1, pageSize))
        case "list.pageDown": move(by: max(1, pageSize))
        case "list.home": home()
        case "list.end": end()
        default: return false
        }
        scrollToSelection(height: pageSize)
        return true
    }

    /// Applies a mouse action on a list whose first visible row is row 0 of the content; a click
    /// selects the row under it, and does nothing above, below or beside the rows.
    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) {
        switch action {
        case .wheelUp: move(by: -3)
        case .wheelDown: move(by: 3)
        case .click:
            guard row >= 0, row < pageSize, offset + row < count else { return }
            select(offset + row)
        }
        scrollToSelection(height: pageSize)
    }

    /// Mouse on a table: row 0 of the content is the header (a click there does nothing).
    public mutating func tableMouse(_ action: MouseAction, row: Int, pageSize: Int) {
        if case .click = action, row == 0 { return }
        mouse(action, row: action == .click ? row - 1 : row, pageSize: pageSize)
    }
}
