import Foundation

/// Checks a universal field's value against its declared type (email, number, date...), so a bad
/// record is refused with the field's name before anything is mapped or sent.
public enum UniversalValueCheck {
    /// Why `value` is not a valid value of `field`, or nil when it is.
    public static func problem(_ value: JSONValue, for field: UniversalField) -> String? {
        if let s = value.stringValue, let problem = controlProblem(in: s, multiline: multiline.contains(field)) { return problem }
        switch field.valueType {
        case "number":
            if value.numberValue != nil { return nil }
            if let s = value.stringValue, Double(s.trimmingCharacters(in: .whitespaces)) != nil { return nil }
            return "expected a number, found \(JSONWriter.compact(value))"
        case "datetime":
            guard let s = value.stringValue else { return "expected an ISO 8601 time, found \(value.typeName)" }
            return DateText.parse(s) == nil ? "expected an ISO 8601 time (2026-12-03T09:30:00Z) or a date YYYY-MM-DD, found \"\(s)\"" : nil
        case "date":
            guard let s = value.stringValue else { return "expected a date YYYY-MM-DD, found \(value.typeName)" }
            return DateText.parse(s) == nil ? "expected a date YYYY-MM-DD (or an ISO 8601 time), found \"\(s)\"" : nil
        case "email":
            guard let s = value.stringValue else { return "expected an email address, found \(value.typeName)" }
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
            return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !trimmed.contains(" ") ? nil : "not an email address: \"\(s)\""
        default:
            switch value {
            case .string, .number, .bool: return nil
            default: return "expected text, found \(value.typeName)"
            }
        }
    }
}

extension UniversalValueCheck {
    /// Fields whose text may run over several lines (tab, CR and LF allowed).
    static let multiline: Set<UniversalField> = [.activityBody, .ticketDescription]

    /// Why `text` may not be a value (a control character in it), or nil.
    public static func controlProblem(in text: String, multiline: Bool) -> String? {
        guard let bad = controlCharacter(in: text, multiline: multiline) else { return nil }
        return "contains the control character U+\(String(format: "%04X", bad)) (\(multiline ? "only tab and line breaks are allowed" : "a single line of text is expected"))"
    }

    /// The first control character of `text` (C0, DEL or C1; tab and line breaks allowed in
    /// multi-line fields), or nil.
    static func controlCharacter(in text: String, multiline: Bool) -> UInt32? {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            guard v < 0x20 || (0x7F...0x9F).contains(v) else { continue }
            if multiline, v == 0x09 || v == 0x0A || v == 0x0D { continue }
            return v
        }
        return nil
    }
}

/// Dates and times as records and CRMs write them: `YYYY-MM-DD` (midnight UTC) or ISO 8601 times.
public enum DateText {
    /// The instant `text` names, or nil.
    public static func parse(_ text: String) -> Date? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s.count == 10 { return day(s) }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = iso.date(from: s) { return d }
        iso.formatOptions = [.withInternetDateTime]
        return iso.date(from: s)
    }

    /// `YYYY-MM-DD` in UTC.
    public static func isoDate(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let (y, m, d) = civil(fromDays: days)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public static func isoDateTime(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - days * 86_400
        return isoDate(date) + String(format: "T%02d:%02d:%02dZ", rest / 3600, rest % 3600 / 60, rest % 60)
    }

    /// A real calendar day `YYYY-MM-DD` at midnight UTC.
    static func day(_ s: String) -> Date? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m) else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[m - 1]).contains(d) else { return nil }
        return Date(timeIntervalSince1970: Double(days(fromCivil: y, m, d)) * 86_400)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
