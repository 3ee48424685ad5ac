import Foundation
import Testing
@testable import SwitchboardCore

/// JSON strings: the fast path (no escapes) and the slow one (escapes) give the same text, UTF-8
/// is checked on both, and control characters are refused.
@Suite("JSON strings")
struct JSONStringParsingTests {
    static func parse(_ bytes: [UInt8]) -> JSONValue? { try? JSONParser.parse(Data(bytes)) }

    @Test("plain ASCII, non-ASCII, and escaped strings read the same text")
    func texts() throws {
        #expect(try JSONParser.parse(Data(#"["plain", "café – ✓", "tab\tand \"quote\" \u00e9"]"#.utf8))
                == .array(["plain", "café – ✓", "tab\tand \"quote\" é"]))
    }

    @Test("invalid UTF-8 is refused with and without escapes; a raw control character is refused")
    func refused() {
        #expect(Self.parse([0x22, 0xC3, 0x28, 0x22]) == nil, "a broken two-byte sequence")
        #expect(Self.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) == nil, "after an escape too")
        #expect(Self.parse([0x22, 0x61, 0x01, 0x22]) == nil, "a control byte")
        #expect(Self.parse([0x22, 0xC3, 0xA9, 0x22]) == .string("é"))
    }

    @Test("a repeated key is refused where the key ends, naming it; members keep their order")
    func duplicateKey() throws {
        #expect(throws: JSONSyntaxError(line: 2, column: 5, reason: "duplicate key \"a\"")) {
            try JSONParser.parse(Data("{\"a\": 1,\n \"a\": [2, {\"b\": 3}]}".utf8))
        }
        #expect(try JSONParser.parse(Data(#"{"z": 1, "a": {"y": 2, "b": 3}}"#.utf8)).objectValue?.keys == ["z", "a"])
    }
}
