import Foundation
import SwitchboardCore
#if canImport(Glibc)
import Glibc
#endif

/// A TCP server on 127.0.0.1 (port 0) that answers every connection with whatever bytes
/// `answer` returns, well-formed HTTP or not, then closes it: the fuzz suites' CRM, sending
/// truncated, huge or malformed answers over a real socket to the real HTTP client.
public final class RawHTTPServer: @unchecked Sendable {
    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var stopped = false
    private let answer: @Sendable (_ request: String) -> [UInt8]

    public init(answer: @escaping @Sendable (_ request: String) -> [UInt8]) throws {
        self.answer = answer
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw RawServerError() }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    struct RawServerError: Error {}

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting; connections in progress finish.
    public func stop() {
        lock.withLock { stopped = true }
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private func acceptLoop() {
        while !lock.withLock({ stopped }) {
            let client = accept(fd, nil, nil)
            if client < 0 { if lock.withLock({ stopped }) { return }; continue }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // The request: its head, and as much body as Content-Length says (what a client waits on).
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            received += buffer[0..<n]
            if let head = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let headText = String(decoding: received[..<head.lowerBound], as: UTF8.self).lowercased()
                let length = headText.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count - head.upperBound >= length { break }
            }
        }
        let reply = answer(String(decoding: received, as: UTF8.self))
        var sent = 0
        while sent < reply.count {
            let n = reply[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            sent += n
        }
        shutdown(client, Int32(SHUT_WR))
    }

    /// `connector`'s createContact-style `action` sent to this server with a fixed token: a push
    /// target for tests where the CRM's answers are scripted byte for byte.
    public func target(_ connector: ConnectorManifest, action id: String) -> PushTarget? {
        var manifest = connector
        manifest.api.baseURL = baseURL
        guard let action = manifest.action(id: id)?.action else { return nil }
        return PushTarget(manifest: manifest, action: action, mapping: .defaults(manifest, actionId: id), access: StaticAccess(AccessGrant(accessToken: "t")),
                          previewAccess: .notConnected, linkConnectorID: manifest.id)
    }

    /// An HTTP/1.1 answer with `body` and a Content-Length (the good shape the mutator damages).
    public static func response(status: Int, reason: String = "OK", headers: [(String, String)] = [], body: String) -> String {
        var text = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        return text
    }
}
