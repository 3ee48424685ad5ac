import Foundation

/// Times as people read them in lists and messages: "in 59 min", "2 h ago", and ISO 8601 in UTC.
public enum RelativeTime {
    /// "in 59 min", "2 h ago", "3 d ago".
    public static func describe(_ date: Date, now: Date = Date()) -> String {
        let seconds = Int(date.timeIntervalSince(now))
        let magnitude = abs(seconds)
        if magnitude < 1 { return "just now" }
        let text: String
        if magnitude < 90 { text = "\(magnitude) s" } else if magnitude < 5400 { text = "\(magnitude / 60) min" } else if magnitude < 172_800 { text = "\(magnitude / 3600) h" } else { text = "\(magnitude / 86400) d" }
        return seconds >= 0 ? "in \(text)" : "\(text) ago"
    }

    /// ISO 8601 in UTC: `2026-12-03T10:00:00Z`.
    public static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
}
