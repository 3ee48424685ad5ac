import Foundation
import SwitchboardCore

/// One CRM record as the sandbox keeps it: the provider's field values plus bookkeeping.
struct StoredRecord: Sendable, Equatable {
    /// `hubspot` or `salesforce`.
    var connector: String
    /// The provider's object name: `contacts`, `companies`, `deals`, `Contact`, `Account`, `Opportunity`.
    var object: String
    /// The provider-style id (numeric string for HubSpot, 18 characters for Salesforce).
    var id: String
    /// The demo account (tenant) the record belongs to.
    var account: String
    /// Field values by the provider's field name (HubSpot: all strings).
    var fields: JSONObject
    /// Creation time, milliseconds since 1970.
    var createdMs: Int64
    /// Last modification time, milliseconds since 1970.
    var modifiedMs: Int64
    /// Archived (HubSpot) or deleted (Salesforce).
    var archived: Bool
    /// The storage row id (list cursor order).
    var rowID: Int64 = 0
}

/// Time helpers in the formats the providers use.
enum SandboxTime {
    /// Milliseconds since 1970 now.
    static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// HubSpot's ISO 8601 with milliseconds and `Z`: `2024-05-01T10:00:00.123Z`.
    static func iso(_ ms: Int64) -> String {
        format(ms, zone: "Z")
    }

    /// Salesforce's datetime: `2024-05-01T10:00:00.123+0000`.
    static func salesforce(_ ms: Int64) -> String {
        format(ms, zone: "+0000")
    }

    private static func format(_ ms: Int64, zone: String) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = ms - seconds * 1000
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        // Digits by hand: String(format:) dominated the cost of rendering a record.
        var out = [UInt8]()
        out.reserveCapacity(29)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: 48, count: width)
            var v = value
            for i in stride(from: width - 1, through: 0, by: -1) { digits[i] = UInt8(48 + v % 10); v /= 10 }
            out += digits
        }
        put(Int(parts.tm_year) + 1900, 4); out.append(45); put(Int(parts.tm_mon) + 1, 2); out.append(45); put(Int(parts.tm_mday), 2)
        out.append(84); put(Int(parts.tm_hour), 2); out.append(58); put(Int(parts.tm_min), 2); out.append(58); put(Int(parts.tm_sec), 2)
        out.append(46); put(Int(millis), 3)
        out += Array(zone.utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses milliseconds since 1970 from a number string or an ISO 8601 date-time / date.
    static func parseMs(_ text: String) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let n = Int64(trimmed) { return n }
        if let d = Double(trimmed), d.isFinite { return Int64(d) }
        return parseISO(trimmed)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)`.
    static func parseISO(_ text: String) -> Int64? {
        let s = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= s.count else { return nil }
            var v = 0
            for i in from..<(from + len) {
                guard s[i] >= 48, s[i] <= 57 else { return nil }
                v = v * 10 + Int(s[i] - 48)
            }
            return v
        }
        guard let y = num(0, 4), s.count >= 10, s[4] == 45, let mo = num(5, 2), s[7] == 45, let d = num(8, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var h = 0, mi = 0, sec = 0, ms = 0, offset = 0
        if s.count > 10 {
            guard s[10] == 84 || s[10] == 116 || s[10] == 32, let hh = num(11, 2), s.count > 13, s[13] == 58, let mm = num(14, 2) else { return nil }
            h = hh; mi = mm
            var i = 16
            if i < s.count, s[i] == 58 { guard let ss = num(17, 2) else { return nil }; sec = ss; i = 19 }
            if i < s.count, s[i] == 46 {
                i += 1
                var digits = 0
                var frac = 0
                while i < s.count, s[i] >= 48, s[i] <= 57 { if digits < 3 { frac = frac * 10 + Int(s[i] - 48); digits += 1 }; i += 1 }
                while digits < 3 { frac *= 10; digits += 1 }
                ms = frac
            }
            if i < s.count {
                if s[i] == 90 || s[i] == 122 { i += 1 } else if s[i] == 43 || s[i] == 45 {
                    let sign = s[i] == 43 ? 1 : -1
                    guard let oh = num(i + 1, 2) else { return nil }
                    var j = i + 3
                    if j < s.count, s[j] == 58 { j += 1 }
                    guard let om = num(j, 2) else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                    i = j + 2
                } else { return nil }
            }
            guard i == s.count else { return nil }
        }
        var parts = tm()
        parts.tm_year = Int32(y - 1900); parts.tm_mon = Int32(mo - 1); parts.tm_mday = Int32(d)
        parts.tm_hour = Int32(h); parts.tm_min = Int32(mi); parts.tm_sec = Int32(sec)
        let seconds = Int64(timegm(&parts)) - Int64(offset)
        return seconds * 1000 + Int64(ms)
    }
}
