import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The live transport over AsyncHTTPClient: pooled connections, real timeouts, redirects not followed.
public final class AsyncHTTPTransport: HTTPTransport {
    /// The process-wide transport (never shut down; lives as long as the process).
    public static let shared = AsyncHTTPTransport()

    private let client: HTTPClient
    private let maxBodyBytes: Int

    /// A transport with its own client. Redirects are returned, not followed.
    public init(connectTimeout: TimeInterval = 10, maxBodyBytes: Int = 16 * 1024 * 1024) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maxBodyBytes = maxBodyBytes
    }

    /// Shuts the client down (only for transports you created yourself).
    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: HTTPRequestValue) async throws(HTTPTransportError) -> HTTPResponseValue {
        guard let parsed = URL(string: request.url), parsed.scheme != nil, parsed.host != nil else { throw .invalidURL(request.url) }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method.uppercased())
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let display = Self.displayURL(parsed)
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(request.timeout * 1000)))
            let buffer = try await response.body.collect(upTo: maxBodyBytes)
            return HTTPResponseValue(status: Int(response.status.code),
                                     headers: response.headers.map { HTTPHeaderField($0.name, $0.value) },
                                     body: Data(buffer.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw .timedOut(display, seconds: Int(request.timeout.rounded(.up)))
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw .bodyTooLarge(display, limit: maxBodyBytes)
        } catch {
            throw .connectionFailed(display, reason: String(describing: error))
        }
    }

    /// The URL without its query (which may hold secrets), for messages.
    static func displayURL(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? (url.host ?? "the server")
    }
}
