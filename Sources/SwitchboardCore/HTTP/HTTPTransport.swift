import Foundation

/// Sends requests. The live one is `AsyncHTTPTransport`; tests pass closures through `ClosureTransport`.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the whole response (any status), or a transport failure.
    func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue
}

/// Why a request got no response.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String)
    case timedOut(String, seconds: Int)
    case connectionFailed(String, reason: String)
    case bodyTooLarge(String, limit: Int)

    public var description: String {
        switch self {
        case .invalidURL(let url): return "invalid URL \(url)"
        case .timedOut(let url, let seconds): return "no answer from \(url) within \(seconds) s"
        case .connectionFailed(let url, let reason): return "cannot reach \(url): \(reason)"
        case .bodyTooLarge(let url, let limit): return "the answer from \(url) is larger than \(limit) bytes"
        }
    }
}

/// A transport made of a closure (tests, fakes).
public struct ClosureTransport: HTTPTransport {
    let handler: @Sendable (HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue

    /// A transport that answers with `handler`.
    public init(_ handler: @escaping @Sendable (HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue) {
        self.handler = handler
    }

    public func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue {
        try await handler(request)
    }
}
