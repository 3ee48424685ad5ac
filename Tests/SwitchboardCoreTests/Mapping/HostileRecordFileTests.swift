import SwitchboardCore
import Testing

/// Issue 18, findings 4, 8 and 9: record files as a hostile or careless source writes them.
@Suite("Record files: control bytes, repeated columns, CRLF")
struct HostileRecordFileTests {
    func message(_ text: String, _ file: String) -> String {
        do { _ = try RecordReader.read(text, file: file); return "no error" } catch { return error.description }
    }

    @Test("finding 4: NUL, ESC or a line break in a one-line field is refused with the line and field; a body may hold tabs and line breaks")
    func controlCharacters() throws {
        #expect(message(#"{"contact_email": "a\u0000@b.co"}"#, "a.json") == "a.json: field contact_email: contains the control character U+0000 (a single line of text is expected)")
        #expect(message("{\"contact_email\": \"ok@b.co\"}\n{\"contact_first_name\": \"\\u001b]0;x\\u0007Eve\", \"contact_email\": \"e@b.co\"}", "b.jsonl")
                .hasPrefix("b.jsonl:2: field contact_first_name: contains the control character U+001B"))
        #expect(message(#"{"company_name": "Two\nlines"}"#, "c.json").contains("field company_name: contains the control character U+000A"))
        #expect(message("contact_email,contact_last_name\nq@b.co,\"a\u{85}b\"\n", "d.csv").contains("d.csv:2: field contact_last_name: contains the control character U+0085"))
        let body = try RecordReader.read(#"{"activity_subject": "Call", "activity_body": "Line one\n\tLine two\r\n"}"#, file: "e.json")
        #expect(body.first?.value("activity_body")?.stringValue == "Line one\n\tLine two\r\n")
        #expect(message(#"{"activity_body": "bell\u0007"}"#, "f.json").contains("U+0007 (only tab and line breaks are allowed)"))
        #expect(message(#"{"contact_email": "c@b.co", "nickname": "Eve\u001b]0;x\u0007"}"#, "g.json") == "g.json: field nickname: contains the control character U+001B (only tab and line breaks are allowed)")
    }

    @Test("finding 8: a CSV header naming a field twice is refused, naming both columns")
    func repeatedColumn() {
        #expect(message("contact_email,contact_first_name,contact_email\na@b.co,Ann,b@b.co\n", "dup.csv")
                == "dup.csv:1: column 3 repeats the name contact_email of column 1; each field may have one column")
    }

    @Test("finding 9: JSON Lines with CRLF line ends are read line by line, errors naming the right line")
    func crlfLines() throws {
        let records = try RecordReader.read("{\"contact_email\": \"a@b.co\"}\r\n\r\n{\"contact_email\": \"b@b.co\"}\r\n", file: "w.jsonl")
        #expect(records.map { $0.value("contact_email")?.stringValue } == ["a@b.co", "b@b.co"])
        #expect(message("{\"contact_email\": \"a@b.co\"}\r\n{\"contact_email\": 5}\r\n", "w.jsonl") == "w.jsonl:2: field contact_email: expected an email address, found integer")
    }
}
