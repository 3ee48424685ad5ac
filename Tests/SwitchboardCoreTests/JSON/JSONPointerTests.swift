import SwitchboardCore
import Testing

/// JSON Pointer text (RFC 6901) to tokens and back: the form every manifest, mapping and
/// validation message uses.
@Suite("JSON Pointer")
struct JSONPointerTests {
    @Test("tokens are what follows each /; ~1 and ~0 unescape; empty tokens and the root are kept; the text round-trips",
          arguments: [("", [String]()), ("/", [""]), ("/properties/email", ["properties", "email"]), ("/a~1b/c~0d", ["a/b", "c~d"]),
                      ("/data/0/$se_module", ["data", "0", "$se_module"]), ("//x/", ["", "x", ""]), ("/é/ü~01", ["é", "ü~1"])])
    func parse(_ text: String, _ tokens: [String]) {
        let pointer = JSONPointer(parsing: text)
        #expect(pointer.tokens == tokens)
        #expect(pointer.description == text)
    }
}
