import CNcursesw
import ConsoleKit
import Foundation

/// Why the ncurses backend could not start.
public enum NcursesBackendError: Error, CustomStringConvertible {
    case notATerminal
    case initialisationFailed(term: String)
    /// The terminal cannot draw a screen (no cursor addressing: `TERM=dumb`).
    case unsupportedTerminal(term: String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "switchboard: the console needs a terminal (stdin and stdout are not a TTY); use a subcommand such as `switchboard connectors list` for scripts, or `switchboard --help`"
        case .initialisationFailed(let term):
            return "switchboard: could not start the terminal (TERM=\(term)); set TERM to a known terminal such as xterm-256color"
        case .unsupportedTerminal(let term):
            return "switchboard: the console cannot draw on this terminal (TERM=\(term) cannot move the cursor); set TERM to one that can, such as xterm-256color, or use the subcommands (`switchboard --help`)"
        }
    }
}

/// The `Backend` over ncursesw: wide characters, colour pairs with degradation, mouse, resize.
///
/// Every call must come from the thread that created it. The terminal is restored on
/// `shutdown()`, at process exit, and on SIGINT, SIGTERM, SIGHUP and fatal signals.
public final class NcursesBackend: Backend {
    public private(set) var colorDepth: ColorDepth
    private var colors: ColorPairCache
    private var screen: OpaquePointer?
    private var cursorVisible = false
    private var isActive = false

    /// Starts ncurses on the controlling terminal; fails when stdin or stdout is not a TTY.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw NcursesBackendError.notATerminal }
        setlocale(LC_ALL, "")
        if cnc_is_utf8_codeset() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        let term = environment["TERM"] ?? "xterm-256color"
        guard let scr = newterm(nil, cnc_stdout(), cnc_stdin()) else { throw NcursesBackendError.initialisationFailed(term: term) }
        guard cnc_can_address_cursor() != 0 else {
            endwin()
            delscreen(scr)
            throw NcursesBackendError.unsupportedTerminal(term: term)
        }
        screen = scr
        set_term(scr)
        cnc_install_restore_guards()
        isActive = true
        cbreak()
        cnc_keep_ctrl_c_as_key()
        noecho()
        nonl()
        keypad(cnc_stdscr(), true)
        // No typeahead check: ncurses would abandon a refresh while keys are waiting, and the
        // app only draws cells that changed, so a frame cut short in a burst of keys (a token
        // typed at once) left the last letters undrawn until the next key.
        typeahead(-1)
        set_escdelay(25)
        curs_set(0)
        _ = mousemask(cnc_mouse_mask(), nil)
        mouseinterval(0)
        cnc_enable_bracketed_paste()
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            let count = Int(cnc_colors())
            colorDepth = environment["COLORTERM"].map { ["truecolor", "24bit"].contains($0) } == true && count >= 256 ? .c256 : ColorDepth.forColorCount(count)
            colors = ColorPairCache(depth: colorDepth, colorCount: count, maxPairs: Int(min(cnc_color_pairs(), 32767)))
        } else {
            colorDepth = .none
            colors = ColorPairCache(depth: .none, colorCount: 0, maxPairs: 0)
        }
    }

    public var size: Size { Size(width: Int(cnc_cols()), height: Int(cnc_lines())) }

    public func readEvent(timeoutMilliseconds: Int) -> InputEvent? {
        wtimeout(cnc_stdscr(), Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let result = wget_wch(cnc_stdscr(), &ch)
        if result == cnc_err() { return nil }
        if result == cnc_key_code_yes() {
            if Int32(ch) == cnc_key_paste_start() { return readPaste() }
            return functionKey(Int32(ch))
        }
        let value = UInt32(ch)
        if let control = Key.fromControlByte(value) { return .key(control) }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return .key(.character(Character(scalar)))
    }

    public func draw(_ runs: [CellRun], cursor: (x: Int, y: Int)?) {
        for run in runs {
            var x = run.x
            for cell in run.cells {
                defer { x += 1 }
                if cell.isContinuation { continue }
                var wide: [wchar_t] = cell.text.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
                if wide.isEmpty { wide = [32] }
                wide.append(0)
                let (attrs, pair) = colors.attributes(for: cell.style)
                _ = cnc_put_cell(Int32(run.y), Int32(x), wide, attrs, pair)
            }
        }
        if let cursor {
            if !cursorVisible { curs_set(1); cursorVisible = true }
            wmove(cnc_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
        wnoutrefresh(cnc_stdscr())
        doupdate()
    }

    public func writeRaw(_ text: String) {
        cnc_write_stdout(text)
    }

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        cnc_end_screen()
        if let screen { delscreen(screen) }
        screen = nil
    }

    deinit { shutdown() }

    // MARK: - Keys

    private func functionKey(_ code: Int32) -> InputEvent? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_DC: return .key(.delete)
        case KEY_IC: return .key(.insert)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case KEY_BTAB: return .key(.backTab)
        case cnc_key_resize(): return .resize(size)
        case cnc_key_mouse(): return mouseEvent()
        default:
            for n in 1...12 where code == cnc_key_f(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    /// Reads a bracketed paste up to its end marker (or 2 s without input) as one event. Control
    /// characters other than newlines and tabs are dropped: pasted data never reaches the
    /// terminal or the screens as keys.
    private func readPaste() -> InputEvent {
        var scalars = String.UnicodeScalarView()
        var idle = 0
        wtimeout(cnc_stdscr(), 100)
        while idle < 20 {
            var ch: wint_t = 0
            let result = wget_wch(cnc_stdscr(), &ch)
            if result == cnc_err() { idle += 1; continue }
            idle = 0
            if result == cnc_key_code_yes() {
                if Int32(ch) == cnc_key_paste_end() { break }
                continue
            }
            let value = UInt32(ch)
            if value == 13 || value == 10 { scalars.append("\n"); continue }
            if value == 9 { scalars.append("\t"); continue }
            guard value >= 32, value != 127, !(0x80..<0xA0).contains(value), let scalar = Unicode.Scalar(value) else { continue }
            scalars.append(scalar)
        }
        return .paste(String(scalars))
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == cnc_ok() else { return nil }
        let x = Int(event.x), y = Int(event.y)
        if cnc_mouse_is_wheel_up(event.bstate) != 0 { return .mouse(.wheelUp, x: x, y: y) }
        if cnc_mouse_is_wheel_down(event.bstate) != 0 { return .mouse(.wheelDown, x: x, y: y) }
        if cnc_mouse_is_click(event.bstate) != 0 { return .mouse(.click, x: x, y: y) }
        return nil
    }
}
