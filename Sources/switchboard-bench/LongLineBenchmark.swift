import Foundation
import SwitchboardCore

/// Issue 18, finding 11: a single JSON line of many megabytes is read and written back (what
/// `records import` does with it) in time that grows with its size, not faster. The baseline is
/// Foundation's JSONSerialization reading and writing the same bytes in the same process.
enum LongLineBenchmark {
    static func run() throws {
        var perMegabyte: [Double] = []
        for megabytes in [4, 16, 48] {
            let note = String(repeating: "Lorem ipsum dolor sit amet, \u{e9}t\u{e9} \"quoted\"\\n ", count: megabytes * 1_048_576 / 48)
            let line = JSONWriter.compact(.object(JSONObject([("id", "c1"), ("contact_email", "big@example.com"), ("contact_notes", .string(note))]))) + "\n"
            let size = Double(line.utf8.count) / 1_048_576
            var stored = 0
            let ours = try Stopwatch.median(runs: 3) {
                let records = try RecordReader.read(line, file: "big.jsonl", object: .contact)
                stored = JSONWriter.compact(.object(records[0].fields)).utf8.count
            }
            precondition(stored > megabytes * 1_000_000, "the whole value is read")
            let data = Data(line.utf8)
            let foundation = try Stopwatch.median(runs: 3) {
                let object = try JSONSerialization.jsonObject(with: data)
                _ = try JSONSerialization.data(withJSONObject: object)
            }
            perMegabyte.append(ours / size)
            print(String(format: "long-line: one %.0f MB JSON line read + written back: %.2f s (%.0f MB/s); Foundation JSONSerialization %.2f s; ratio %.2f×",
                         size, ours, size / ours, foundation, ours / foundation))
        }
        print(String(format: "long-line: time per MB at 48 MB / at 4 MB: %.2f (1.0 = linear)", perMegabyte[2] / perMegabyte[0]))
    }
}
