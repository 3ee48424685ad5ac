import Foundation
import SwitchboardCore
import Testing

@Suite("Reading record files that hold bad records")
struct RecordReaderSkippingTests {
    @Test("a record with a bad value is set aside with its line; the good ones are read; a syntax error still stops the read")
    func skipping() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbrr-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = folder.appendingPathComponent("c.jsonl")
        try Data("""
            {"contact_email": "a@example.com"}
            {"contact_email": "nope"}
            {"contact_email": "b@example.com"}
            """.utf8).write(to: lines)
        let read = try RecordReader.readSkippingInvalid(path: lines.path)
        #expect(read.records.map { $0.value("contact_email") } == ["a@example.com", "b@example.com"])
        #expect(read.invalid.count == 1)
        #expect(read.invalid.first?.line == 2)
        #expect(read.invalid.first?.message.contains("field contact_email") == true)
        #expect(throws: RecordFileError.self) { try RecordReader.read(path: lines.path) }

        let csv = folder.appendingPathComponent("c.csv")
        try Data("contact_email,deal_amount\na@example.com,\nb@example.com,\n".utf8).write(to: csv)
        #expect(try RecordReader.readSkippingInvalid(path: csv.path).invalid.isEmpty)

        let broken = folder.appendingPathComponent("b.jsonl")
        try Data("{\"contact_email\": \"a@example.com\"}\n{oops\n".utf8).write(to: broken)
        #expect(throws: RecordFileError.self) { try RecordReader.readSkippingInvalid(path: broken.path) }
    }
}
