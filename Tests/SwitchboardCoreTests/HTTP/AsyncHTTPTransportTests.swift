import Foundation
import Testing
@testable import SwitchboardCore

/// The live transport over real sockets: answers, deadlines, refused connections.
@Suite("HTTP transport")
struct AsyncHTTPTransportTests {
    /// A TCP socket on 127.0.0.1 that completes handshakes (backlog) but never answers.
    static func silentServer() -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        listen(fd, 8)
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: bound.sin_port)))
    }

    @Test("a server that never answers hits the request deadline")
    func deadline() async throws {
        let server = Self.silentServer()
        defer { close(server.fd) }
        let transport = AsyncHTTPTransport()
        let started = Date()
        await #expect(throws: HTTPTransportError.timedOut("http://127.0.0.1:\(server.port)/token", seconds: 1)) {
            _ = try await transport.send(HTTPRequestValue(method: "GET", url: "http://127.0.0.1:\(server.port)/token?secret=x", timeout: 0.5))
        }
        #expect(Date().timeIntervalSince(started) < 5)
        await transport.shutdown()
    }

    @Test("responses come back whole with status, headers and body")
    func response() async throws {
        let listener = try await LoopbackListener.start(port: 0, path: "/cb", mode: .query, validate: { _ in .failure(.missingCode) })
        let transport = AsyncHTTPTransport()
        let notFound = try await transport.send(HTTPRequestValue(method: "GET", url: "http://127.0.0.1:\(listener.port)/other"))
        #expect(notFound.status == 404)
        #expect(notFound.header("content-type")?.hasPrefix("text/html") == true)
        #expect(notFound.text.contains("only serves the OAuth callback"))
        await listener.close()
        await transport.shutdown()
    }

    @Test("an invalid URL is refused before any connection")
    func invalidURL() async throws {
        await #expect(throws: HTTPTransportError.invalidURL("not a url")) {
            _ = try await AsyncHTTPTransport.shared.send(HTTPRequestValue(method: "GET", url: "not a url"))
        }
    }
}
