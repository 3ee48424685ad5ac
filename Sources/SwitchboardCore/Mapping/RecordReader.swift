import Foundation

/// A record file that cannot be read: names the file, the line and the field, and says what to fix.
public struct RecordFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }
    /// Terminal-safe: a value quoted from the file shows its control characters escaped.
    public var description: String { (line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)").terminalSafe }
}

/// Reads universal records from a JSON object, a JSON array, JSON Lines or CSV (header row of field
/// names). The format is chosen by the extension (`.json`, `.jsonl`/`.ndjson`, `.csv`), else sniffed.
public enum RecordReader {
    /// The records in `text`; `file` names the source in errors; `object` overrides inference.
    public static func read(_ text: String, file: String, object: UniversalObject? = nil) throws(RecordFileError) -> [UniversalRecord] {
        try read(text, file: file, object: object, skipping: nil)
    }

    /// The records of a file that may hold bad ones (the Bulk screen): a record whose values fail
    /// their checks is set aside with its line instead of stopping the read; a syntax error still does.
    /// `places` says where each record read is in the file, as the errors say it ("line 7", or
    /// "record 3" of a JSON array), so every record is numbered one way.
    public static func readSkippingInvalid(path: String, object: UniversalObject? = nil) throws(RecordFileError)
        -> (records: [UniversalRecord], invalid: [RecordFileError], places: [String]) {
        let text = try contents(path)
        let skipped = SkippedRecords()
        let records = try read(text, file: path == "-" ? "<stdin>" : path, object: object, skipping: skipped)
        return (records, skipped.errors, skipped.places.count == records.count ? skipped.places : [])
    }

    /// Collects the records set aside by `readSkippingInvalid`, and where each record kept is.
    final class SkippedRecords {
        var errors: [RecordFileError] = []
        var places: [String] = []
    }

    static func read(_ text: String, file: String, object: UniversalObject?, skipping: SkippedRecords?) throws(RecordFileError) -> [UniversalRecord] {
        let lower = file.lowercased()
        // The first character that is not white space says what the text is (scanned natively:
        // a single line may be tens of megabytes).
        guard let first = text.unicodeScalars.first(where: { !$0.properties.isWhitespace }) else {
            throw RecordFileError(file: file, line: nil, message: "the file has no records")
        }
        if lower.hasSuffix(".csv") { return try csv(text, file: file, object: object, skipping: skipping) }
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return try jsonLines(text, file: file, object: object, skipping: skipping) }
        if lower.hasSuffix(".json") || first == "[" { return try json(text, file: file, object: object, skipping: skipping) }
        if first == "{" {
            // One object, or JSON Lines: try the whole text first.
            if let value = try? JSONParser.parse(text), case .object = value { return try json(text, file: file, object: object, skipping: skipping) }
            return try jsonLines(text, file: file, object: object, skipping: skipping)
        }
        return try csv(text, file: file, object: object, skipping: skipping)
    }

    /// Reads the file at `path` (`-` for standard input).
    public static func read(path: String, object: UniversalObject? = nil) throws(RecordFileError) -> [UniversalRecord] {
        try read(try contents(path), file: path == "-" ? "<stdin>" : path, object: object)
    }

    static func contents(_ path: String) throws(RecordFileError) -> String {
        let data: Data?
        if path == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else { data = FileManager.default.contents(atPath: path) }
        guard let data else { throw RecordFileError(file: path, line: nil, message: "cannot read the file (missing or not readable)") }
        guard let text = String(data: data, encoding: .utf8) else { throw RecordFileError(file: path, line: nil, message: "not UTF-8 text") }
        return text
    }

    /// `record(...)`, or with `skipping` nil after setting its error aside.
    static func record(_ value: JSONValue, file: String, line: Int?, object: UniversalObject?, skipping: SkippedRecords?,
                       label: String? = nil) throws(RecordFileError) -> UniversalRecord? {
        do throws(RecordFileError) {
            let kept = try record(value, file: file, line: line, object: object)
            skipping?.places.append(line.map { "line \($0)" } ?? label ?? "record \((skipping?.places.count ?? 0) + 1)")
            return kept
        } catch {
            let labelled = label.map { RecordFileError(file: file, line: error.line, message: "\($0): \(error.message)") } ?? error
            guard let skipping else { throw labelled }
            skipping.errors.append(labelled)
            return nil
        }
    }

    // MARK: - Formats

    static func json(_ text: String, file: String, object: UniversalObject?, skipping: SkippedRecords?) throws(RecordFileError) -> [UniversalRecord] {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch {
            throw RecordFileError(file: file, line: error.line, message: "column \(error.column): \(error.reason)")
        }
        switch value {
        case .object: return [try record(value, file: file, line: nil, object: object)]
        case .array(let items):
            var records: [UniversalRecord] = []
            for (i, item) in items.enumerated() {
                if let r = try record(item, file: file, line: nil, object: object, skipping: skipping, label: "record \(i + 1)") { records.append(r) }
            }
            return records
        default:
            throw RecordFileError(file: file, line: 1, message: "expected a JSON object or an array of objects, found \(value.typeName)")
        }
    }

    static func jsonLines(_ text: String, file: String, object: UniversalObject?, skipping: SkippedRecords?) throws(RecordFileError) -> [UniversalRecord] {
        var records: [UniversalRecord] = []
        // Split on the UTF-8 bytes: one pass whatever a line's length. A "\r" before the "\n"
        // (files from Windows tools) is JSON white space, which the parser skips.
        for (i, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if Substring(line).unicodeScalars.allSatisfy(\.properties.isWhitespace) { continue }
            let value: JSONValue
            do { value = try JSONParser.parse(Array(line), maxDepth: 256) } catch {
                throw RecordFileError(file: file, line: i + 1, message: "column \(error.column): \(error.reason)")
            }
            if let r = try record(value, file: file, line: i + 1, object: object, skipping: skipping) { records.append(r) }
        }
        return records
    }

    static func csv(_ text: String, file: String, object: UniversalObject?, skipping: SkippedRecords?) throws(RecordFileError) -> [UniversalRecord] {
        let rows: [(line: Int, cells: [String])]
        do { rows = try CSVParser.rows(text) } catch {
            throw RecordFileError(file: file, line: error.line, message: error.message)
        }
        guard let header = rows.first else { throw RecordFileError(file: file, line: 1, message: "no header row") }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        if let empty = names.firstIndex(where: \.isEmpty) {
            throw RecordFileError(file: file, line: header.line, message: "column \(empty + 1) has no name")
        }
        var seen: [String: Int] = [:]
        for (i, name) in names.enumerated() {
            if let first = seen[name] {
                throw RecordFileError(file: file, line: header.line, message: "column \(i + 1) repeats the name \(name) of column \(first + 1); each field may have one column")
            }
            seen[name] = i
        }
        var records: [UniversalRecord] = []
        for row in rows.dropFirst() where !(row.cells.count == 1 && row.cells[0].isEmpty) {
            guard row.cells.count == names.count else {
                throw RecordFileError(file: file, line: row.line, message: "\(row.cells.count) values for \(names.count) columns")
            }
            var fields = JSONObject()
            for (name, cell) in zip(names, row.cells) where !cell.isEmpty {
                fields[name] = typedCell(cell, field: name)
            }
            if let r = try record(.object(fields), file: file, line: row.line, object: object, skipping: skipping) { records.append(r) }
        }
        return records
    }

    // MARK: - Records

    static func record(_ value: JSONValue, file: String, line: Int?, object: UniversalObject?) throws(RecordFileError) -> UniversalRecord {
        guard case .object(var fields) = value else {
            throw RecordFileError(file: file, line: line, message: "expected an object of fields, found \(value.typeName)")
        }
        var id: String?
        if let raw = fields["id"] {
            switch raw {
            case .string(let s): id = s
            case .number(let n): id = JSONWriter.format(number: n)
            default: throw RecordFileError(file: file, line: line, message: "field id: expected a string, found \(raw.typeName)")
            }
            fields["id"] = nil
        }
        for (name, v) in fields {
            if case .object = v { throw RecordFileError(file: file, line: line, message: "field \(name): nested objects are not record values") }
            if let known = UniversalField(rawValue: name), !v.isNull, let problem = UniversalValueCheck.problem(v, for: known) {
                throw RecordFileError(file: file, line: line, message: "field \(name): \(problem)")
            }
            // A field of the account's own (not in the model) may span lines but holds no other control character.
            if UniversalField(rawValue: name) == nil, let text = v.stringValue, let problem = UniversalValueCheck.controlProblem(in: text, multiline: true) {
                throw RecordFileError(file: file, line: line, message: "field \(name): \(problem)")
            }
        }
        guard let kind = object ?? UniversalObject.infer(from: Array(fields.keys)) else {
            throw RecordFileError(file: file, line: line, message: "no contact_, company_ or deal_ field: cannot tell what kind of record this is (use --object)")
        }
        return UniversalRecord(id: id, object: kind, fields: fields)
    }

    /// CSV cells of number fields become numbers; the rest stay text.
    static func typedCell(_ cell: String, field: String) -> JSONValue {
        if UniversalField(rawValue: field)?.valueType == "number", let n = Double(cell.trimmingCharacters(in: .whitespaces)) { return .number(n) }
        return .string(cell)
    }
}
