/// A CSV syntax problem with its 1-based line.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var message: String
}

/// RFC 4180 CSV: comma separated, `"` quoting with `""` escapes, quoted cells may span lines,
/// CRLF or LF line ends. Each row carries the line it starts on, for error messages.
public enum CSVParser {
    public static func rows(_ text: String) throws(CSVSyntaxError) -> [(line: Int, cells: [String])] {
        var rows: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1, rowLine = 1
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { cell.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = n }
                    } else { inQuotes = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                cells.append(cell); cell = ""; afterQuote = false
            case "\r":
                continue
            case "\n":
                cells.append(cell); cell = ""; afterQuote = false
                rows.append((rowLine, cells)); cells = []
                line += 1; rowLine = line
            case "\"":
                guard cell.isEmpty, !afterQuote else { throw CSVSyntaxError(line: line, message: "a quote inside an unquoted value; quote the whole value") }
                inQuotes = true
            default:
                guard !afterQuote else { throw CSVSyntaxError(line: line, message: "text after a closing quote") }
                cell.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw CSVSyntaxError(line: rowLine, message: "a quoted value is never closed") }
        if !cell.isEmpty || !cells.isEmpty || afterQuote {
            cells.append(cell)
            rows.append((rowLine, cells))
        }
        return rows
    }
}
