import Foundation

/// Opaque paging cursors (Pipedrive's `next_cursor`, Zoho's `page_token`) that carry an offset into
/// the sorted, filtered records.
enum OffsetCursor {
    /// The cursor for the page that starts at `offset`.
    static func cursor(_ offset: Int) -> String { Data("offset:\(offset)".utf8).base64EncodedString() }

    /// The offset a cursor stands for; nil when it is not one of ours.
    static func offset(_ cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix("offset:") else { return nil }
        return Int(text.dropFirst(7)).flatMap { $0 >= 0 ? $0 : nil }
    }
}
