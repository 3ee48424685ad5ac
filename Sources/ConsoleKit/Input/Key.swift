/// A key press, normalised across terminals (Enter, Backspace and Shift-Tab arrive in several forms).
public enum Key: Sendable, Hashable, CustomStringConvertible {
    case character(Character)
    case ctrl(Character)
    case enter, escape, tab, backTab, backspace, delete, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// The key as shown in hints and help: `enter`, `ctrl+p`, `/`, `F5`.
    public var description: String {
        switch self {
        case .character(" "): return "space"
        case .character(let c): return String(c)
        case .ctrl(let c): return "ctrl+\(c)"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift+tab"
        case .backspace: return "backspace"
        case .delete: return "del"
        case .insert: return "ins"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .function(let n): return "F\(n)"
        }
    }

    /// Parses the written form used in key tables and tests: "q", "enter", "ctrl+p", "esc", "F5", "up".
    public init?(parsing text: String) {
        let t = text.lowercased()
        switch t {
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "tab": self = .tab
        case "shift+tab", "backtab": self = .backTab
        case "backspace", "bs": self = .backspace
        case "del", "delete": self = .delete
        case "ins", "insert": self = .insert
        case "up", "↑": self = .up
        case "down", "↓": self = .down
        case "left", "←": self = .left
        case "right", "→": self = .right
        case "home": self = .home
        case "end": self = .end
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "space": self = .character(" ")
        default:
            if t.hasPrefix("ctrl+"), t.count == 6 { self = .ctrl(t.last!); return }
            if t.hasPrefix("f"), t.count > 1, let n = Int(t.dropFirst()) { self = .function(n); return }
            guard text.count == 1 else { return nil }
            self = .character(text.first!)
        }
    }

    /// The mapping from a raw control byte (1–26) to `ctrl+letter`, with Tab, Enter and Backspace normalised.
    public static func fromControlByte(_ byte: UInt32) -> Key? {
        switch byte {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(byte + 96)!))
        default: return nil
        }
    }
}

/// A mouse action the terminal reported.
public enum MouseAction: Sendable, Hashable {
    case click, wheelUp, wheelDown
}

/// Anything the backend delivers: keys, resizes, mouse actions and pasted text.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    case resize(Size)
    case mouse(MouseAction, x: Int, y: Int)
    case paste(String)
}
