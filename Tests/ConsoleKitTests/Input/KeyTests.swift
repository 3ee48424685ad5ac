import ConsoleKit
import Testing

@Suite("Key")
struct KeyTests {
    @Test("parses the names used in key tables", arguments: [
        ("q", Key.character("q")), ("Q", .character("Q")), ("G", .character("G")), ("/", .character("/")),
        ("enter", .enter), ("return", .enter), ("esc", .escape), ("Escape", .escape), ("tab", .tab),
        ("shift+tab", .backTab), ("backspace", .backspace), ("del", .delete), ("delete", .delete),
        ("ins", .insert), ("insert", .insert),
        ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("↑", .up),
        ("home", .home), ("end", .end), ("pgup", .pageUp), ("pgdn", .pageDown), ("pagedown", .pageDown),
        ("space", .character(" ")), ("ctrl+p", .ctrl("p")), ("Ctrl+A", .ctrl("a")), ("F5", .function(5)),
        ("f12", .function(12)), ("f", .character("f")),
    ])
    func parses(_ text: String, _ key: Key) {
        #expect(Key(parsing: text) == key)
    }

    @Test("words that are not keys do not parse", arguments: ["", "hello", "ctrl+", "ctrl+ab", "fx"])
    func rejects(_ text: String) {
        #expect(Key(parsing: text) == nil)
    }

    @Test("descriptions are what hints and help show", arguments: [
        (Key.character(" "), "space"), (.character("q"), "q"), (.ctrl("p"), "ctrl+p"), (.enter, "enter"),
        (.escape, "esc"), (.backTab, "shift+tab"), (.up, "↑"), (.pageDown, "pgdn"), (.function(5), "F5"),
        (.delete, "del"),
    ])
    func descriptions(_ key: Key, _ text: String) {
        #expect(key.description == text)
    }

    @Test("every key's description parses back to the same key")
    func roundTrip() {
        let keys: [Key] = [
            .character("a"), .character("Z"), .character(" "), .character("?"), .ctrl("w"), .enter, .escape, .tab,
            .backTab, .backspace, .delete, .insert, .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
            .function(1), .function(12),
        ]
        for key in keys {
            #expect(Key(parsing: key.description) == key, "\(key)")
        }
    }

    @Test("control bytes are normalised", arguments: [
        (UInt32(10), Key.enter), (13, .enter), (127, .backspace), (8, .backspace), (9, .tab), (27, .escape),
        (1, .ctrl("a")), (5, .ctrl("e")), (23, .ctrl("w")), (26, .ctrl("z")),
    ])
    func controlBytes(_ byte: UInt32, _ key: Key) {
        #expect(Key.fromControlByte(byte) == key)
    }

    @Test("bytes that are not control keys give nothing", arguments: [UInt32(0), 28, 31, 32, 65, 200])
    func notControl(_ byte: UInt32) {
        #expect(Key.fromControlByte(byte) == nil)
    }
}
