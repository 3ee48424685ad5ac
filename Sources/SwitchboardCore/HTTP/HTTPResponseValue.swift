import Foundation

/// An HTTP response as a value.
public struct HTTPResponseValue: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields, in order.
    public var headers: [HTTPHeaderField]
    /// The whole body (bounded by the transport's limit).
    public var body: Data

    /// A response.
    public init(status: Int, headers: [HTTPHeaderField] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
