import Foundation

/// The `format` values this validator checks; hand-written byte scanners, no regular expressions.
enum SchemaFormat: String, Sendable, CaseIterable {
    case email
    case date
    case dateTime = "date-time"
    case uri

    /// The plain-language reason used when a string does not have this format.
    var reason: String {
        switch self {
        case .email: return "must be a valid email address"
        case .date: return "must be a valid date (YYYY-MM-DD)"
        case .dateTime: return "must be a valid date-time (RFC 3339, e.g. 2024-05-01T09:30:00Z)"
        case .uri: return "must be an absolute URI with a scheme (e.g. https://example.com)"
        }
    }

    /// Whether `s` has this format.
    func accepts(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            switch self {
            case .email: return FormatScanner.isEmail(bytes)
            case .date: return FormatScanner.isDate(bytes[...])
            case .dateTime: return FormatScanner.isDateTime(bytes)
            case .uri: return FormatScanner.isURI(bytes)
            }
        }
    }
}

/// Byte-level recognisers for the supported formats.
enum FormatScanner {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    // MARK: email

    /// `local@domain`: dot-atom local part (RFC 5322, no quoted strings) of at most 64 bytes; a domain
    /// of at least two dot-separated labels of letters, digits and inner hyphens, at most 253 bytes.
    static func isEmail(_ b: Bytes) -> Bool {
        guard let at = b.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let localCount = at, domainCount = b.count - at - 1
        guard localCount >= 1, localCount <= 64, domainCount >= 3, domainCount <= 253 else { return false }
        // Local part: atext runs separated by single dots.
        var previousDot = true
        for i in 0..<at {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
            } else if isAtext(c) {
                previousDot = false
            } else {
                return false
            }
        }
        if previousDot { return false }
        // Domain: labels of 1...63 letters/digits/hyphens, no hyphen at either end, at least two labels.
        var labels = 0, labelLength = 0, lastWasHyphen = false
        for i in (at + 1)..<b.count {
            let c = b[i]
            if c == UInt8(ascii: ".") {
                if labelLength == 0 || lastWasHyphen { return false }
                labels += 1
                labelLength = 0
            } else if isAlnum(c) || c == UInt8(ascii: "-") {
                if labelLength == 0 && c == UInt8(ascii: "-") { return false }
                labelLength += 1
                if labelLength > 63 { return false }
                lastWasHyphen = c == UInt8(ascii: "-")
            } else {
                return false
            }
        }
        if labelLength == 0 || lastWasHyphen { return false }
        return labels + 1 >= 2
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    private static func isAtext(_ c: UInt8) -> Bool {
        if isAlnum(c) { return true }
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    // MARK: date and date-time

    /// `YYYY-MM-DD` naming a real calendar day (leap years included).
    static func isDate(_ b: Slice<Bytes>) -> Bool {
        guard b.count == 10 else { return false }
        let s = b.startIndex
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"),
            let year = digits(b, s, 4), let month = digits(b, s + 5, 2), let day = digits(b, s + 8, 2)
        else { return false }
        guard month >= 1, month <= 12, day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    /// RFC 3339 `full-date "T" full-time`: `T`/`Z` in either case, optional fraction, `Z` or `±HH:MM`;
    /// second 60 only where it is 23:59:60 in UTC (a leap second).
    static func isDateTime(_ b: Bytes) -> Bool {
        guard b.count >= 20, isDate(b[0..<10]) else { return false }
        guard b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") else { return false }
        guard b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = digits(b[...], 11, 2), let minute = digits(b[...], 14, 2), let second = digits(b[...], 17, 2)
        else { return false }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            if i == start { return false }
        }
        guard i < b.count else { return false }
        var offsetMinutes = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.count - i == 6, b[i + 3] == UInt8(ascii: ":"),
                let oh = digits(b[...], i + 1, 2), let om = digits(b[...], i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        default:
            return false
        }
        guard i == b.count else { return false }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    private static func digits(_ b: Slice<Bytes>, _ at: Int, _ count: Int) -> Int? {
        var n = 0
        for i in at..<(at + count) {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            n = n * 10 + Int(c - 0x30)
        }
        return n
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: uri

    /// An absolute URI (RFC 3986): `scheme ":" rest`, the rest non-empty and made only of URI
    /// characters with well-formed `%HH` escapes (no spaces, no non-ASCII: that would be an IRI).
    static func isURI(_ b: Bytes) -> Bool {
        guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon >= 1, colon < b.count - 1 else { return false }
        guard isLetter(b[0]) else { return false }
        for i in 1..<colon {
            let c = b[i]
            guard isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") else { return false }
        }
        var i = colon + 1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "%") {
                guard i + 2 < b.count, isHex(b[i + 1]), isHex(b[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isURIChar(c) else { return false }
            i += 1
        }
        return true
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    private static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    /// Unreserved and reserved characters of RFC 3986.
    private static func isURIChar(_ c: UInt8) -> Bool {
        if isAlnum(c) { return true }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
            UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"), UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
