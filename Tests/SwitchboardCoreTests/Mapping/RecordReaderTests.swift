import SwitchboardCore
import Testing

@Suite("Reading record files")
struct RecordReaderTests {
    @Test("one JSON object, a JSON array, JSON Lines and CSV all give records of the right kind")
    func formats() throws {
        let one = try RecordReader.read(#"{"id": "c1", "contact_email": "a@b.co"}"#, file: "a.json")
        #expect(one.count == 1 && one[0].id == "c1" && one[0].object == .contact)
        let array = try RecordReader.read(#"[{"deal_name": "X", "deal_amount": 5}, {"deal_name": "Y"}]"#, file: "d.json")
        #expect(array.map(\.object) == [.deal, .deal])
        let lines = try RecordReader.read("{\"company_name\": \"A\"}\n\n{\"company_name\": \"B\"}\n", file: "c.jsonl")
        #expect(lines.count == 2 && lines[1].fields["company_name"] == "B")
        let csv = try RecordReader.read("id,deal_name,deal_amount\r\nd1,\"Big, deal\",75000\nd2,\"He said \"\"hi\"\"\",\n", file: "d.csv")
        #expect(csv.count == 2)
        #expect(csv[0].fields["deal_name"] == "Big, deal")
        #expect(csv[0].fields["deal_amount"] == 75000, "number fields become numbers")
        #expect(csv[1].fields["deal_name"] == #"He said "hi""#)
        #expect(csv[1].fields["deal_amount"] == nil, "empty cells are absent")
    }

    @Test("bad input names the file, the line and the field")
    func errors() {
        func message(_ text: String, _ file: String) -> String {
            do { _ = try RecordReader.read(text, file: file); return "no error" } catch { return error.description }
        }
        #expect(message("{\"contact_email\": \"a@b.co\"}\n{\"contact_email\": oops}\n", "x.jsonl").hasPrefix("x.jsonl:2: "))
        #expect(message("contact_email,contact_phone\na@b.co,1,2\n", "x.csv") == "x.csv:2: 3 values for 2 columns")
        #expect(message(#"{"deal_amount": "lots", "deal_name": "X"}"#, "d.json").contains("field deal_amount: expected a number"))
        #expect(message(#"{"deal_close_date": "2026-13-01"}"#, "d.json").contains("field deal_close_date"))
        #expect(message(#"{"contact_email": "not-an-email"}"#, "c.json").contains("not an email address"))
        #expect(message(#"{"name": "x"}"#, "n.json").contains("use --object"))
        #expect(message("a,b\n\"open", "q.csv").hasPrefix("q.csv:2: "))
        #expect(message("", "e.json").contains("no records"))
    }
}
