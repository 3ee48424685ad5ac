import SwitchboardCore
import Testing

/// Issue 18, finding 3: text from records, CRMs or manifests cannot drive the operator's terminal
/// (title, colours, clipboard through OSC 52): every control character is shown escaped.
@Suite("Terminal-safe text")
struct TerminalSafeTests {
    @Test("OSC and CSI sequences, bells, carriage returns, DEL and C1 are shown as escapes; plain and non-ASCII text is unchanged")
    func escapes() {
        #expect("Eve\u{1B}]52;c;aGk=\u{07}".terminalSafe == #"Eve\u{1B}]52;c;aGk=\u{7}"#)
        #expect("red\u{1B}[31m\r\u{7F}\u{9B}".terminalSafe == #"red\u{1B}[31m\u{D}\u{7F}\u{9B}"#)
        #expect("Zoë – 東京 ✓".terminalSafe == "Zoë – 東京 ✓")
        #expect(!"a\u{1B}b\u{0}c".terminalSafe.unicodeScalars.contains { $0.value < 0x20 })
    }
}
