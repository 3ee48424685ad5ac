import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import Testing
@testable import SwitchboardCore

/// A temporary `SWITCHBOARD_HOME` with an open store, removed by `cleanup()`.
struct TestHome {
    let folder: DataFolder
    let store: SwitchboardStore
    let key: MasterKey

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-home-\(UUID().uuidString)", isDirectory: true)
        folder = DataFolder(url: url)
        store = try SwitchboardStore.open(folder: folder)
        key = try MasterKey.load(folder: folder, environment: [:])
    }

    var tenants: TenantStore { TenantStore(store: store) }
    func credentials(now: @escaping @Sendable () -> Date = { Date() }) -> CredentialStore { CredentialStore(store: store, key: key, now: now) }

    /// Every byte of every file in the data folder (database, -wal, -shm, key file).
    func allFileBytes() throws -> [(String, Data)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        return try names.map { ($0, try Data(contentsOf: folder.url.appendingPathComponent($0))) }
    }

    /// Whether `needle` occurs in any file of the data folder.
    func filesContain(_ needle: String) throws -> Bool {
        let bytes = Data(needle.utf8)
        return try allFileBytes().contains { $0.1.range(of: bytes) != nil }
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder.url) }
}

/// The built-in catalog.
let builtInCatalog = ConnectorCatalog.load(userDirectories: []).catalog

/// A HubSpot-like connector whose OAuth settings are `spec`.
func testConnector(_ spec: OAuth2Spec, id: String = "hubspot") -> ConnectorManifest {
    var manifest = builtInCatalog.connector(id: "hubspot")!
    manifest.id = id
    manifest.auth = .oauth2(spec)
    return manifest
}

/// OAuth settings for tests: any loopback port on /callback, PKCE supported, query callback.
func testSpec(redirect: RedirectPolicy = .anyLoopbackPort(path: "/callback"), callback: CallbackMode = .query,
              pkce: PKCESupport = .supported, auth: ClientAuthentication = .clientSecretPost,
              revokeURL: String? = nil) -> OAuth2Spec {
    OAuth2Spec(authorizationURL: "https://provider.test/authorize", tokenURL: "https://provider.test/token",
               refreshURL: "https://provider.test/token", revokeURL: revokeURL, scopes: ["contacts.read", "contacts.write"],
               scopeSeparator: " ", clientAuthentication: auth, pkce: pkce, redirect: redirect, callback: callback,
               extraAuthorizeParams: [], apiHostFields: ["instance_url"], accessTokenHeader: "Authorization",
               accessTokenFormat: "Bearer {token}", issuesRefreshTokens: true, notes: nil)
}

let testApp = AppCredentials(clientID: "client-123", clientSecret: "s3cret-client-secret-value", source: "test")

/// A fake token endpoint: records requests and answers with `respond`.
final class FakeTokenEndpoint: Sendable {
    private let requests = NIOLockedValueBox<[HTTPRequestValue]>([])
    private let respond: @Sendable (HTTPRequestValue, Int) async -> HTTPResponseValue

    init(_ respond: @escaping @Sendable (HTTPRequestValue, Int) async -> HTTPResponseValue) { self.respond = respond }

    /// Answers every code with fresh tokens (`access-<n>`, `refresh-<n>`) valid for `expiresIn` s.
    static func issuing(expiresIn: Int = 3600, refreshToken: Bool = true, delay: UInt64 = 0) -> FakeTokenEndpoint {
        FakeTokenEndpoint { _, n in
            if delay > 0 { try? await Task.sleep(nanoseconds: delay) }
            let refresh = refreshToken ? #", "refresh_token": "refresh-token-number-\#(n)""# : ""
            return json(200, #"{"access_token": "access-token-number-\#(n)", "token_type": "bearer", "expires_in": \#(expiresIn)\#(refresh), "scope": "contacts.read contacts.write", "instance_url": "https://acme.example.test"}"#)
        }
    }

    var transport: ClosureTransport {
        ClosureTransport { [self] request in
            let n = requests.withLockedValue { $0.append(request); return $0.count }
            return await respond(request, n)
        }
    }

    var recorded: [HTTPRequestValue] { requests.withLockedValue { $0 } }

    /// The form fields of the n-th request.
    func fields(_ index: Int) -> [String: String] {
        let body = recorded[index].body.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Dictionary(FormEncoding.decode(body), uniquingKeysWith: { a, _ in a })
    }
}

func json(_ status: Int, _ text: String) -> HTTPResponseValue {
    HTTPResponseValue(status: status, headers: [HTTPHeaderField("Content-Type", "application/json")], body: Data(text.utf8))
}

/// A scripted browser: plain GET/POST over real sockets, no redirects followed.
enum Browser {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow))

    static func get(_ url: String, timeout: Int64 = 10) async throws -> (status: Int, body: String) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(timeout))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }

    static func send(_ method: String, _ url: String, form: String? = nil) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}

/// Collects flow events.
final class EventLog: Sendable {
    private let box = NIOLockedValueBox<[OAuthFlowEvent]>([])
    func append(_ event: OAuthFlowEvent) { box.withLockedValue { $0.append(event) } }
    var events: [OAuthFlowEvent] { box.withLockedValue { $0 } }
    var notices: [String] { events.compactMap { if case .notice(let n) = $0 { return n }; return nil } }

    /// Waits until an event matches (polling), up to `seconds`.
    func waitFor(seconds: Double = 5, _ match: @Sendable (OAuthFlowEvent) -> Bool) async -> OAuthFlowEvent? {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let e = events.first(where: match) { return e }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return nil
    }

    /// The authorization URL once printed.
    func authorizationURL() async -> String? {
        guard case .authorizationURL(let url)? = await waitFor({ if case .authorizationURL = $0 { return true }; return false }) else { return nil }
        return url
    }
}

/// A query parameter of `url`.
func queryValue(_ url: String, _ name: String) -> String? {
    URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
}

/// Opens a raw TCP connection to 127.0.0.1:port; returns the socket (close it with `close`).
func rawConnect(port: Int) -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    if result != 0 { close(fd); return -1 }
    return fd
}

/// Reads until EOF or `seconds` pass; returns what arrived and whether the peer closed.
func rawReadAll(_ fd: Int32, seconds: Double) -> (text: String, closed: Bool) {
    var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n > 0 { data += buffer[0..<n]; continue }
        // EOF, or a reset (the server closed with our unread bytes pending) both mean closed;
        // EAGAIN means the receive timeout passed with the connection still open.
        let closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        return (String(decoding: data, as: UTF8.self), closed)
    }
}

/// Whether something accepts connections on 127.0.0.1:port.
func isListening(port: Int) -> Bool {
    let fd = rawConnect(port: port)
    if fd >= 0 { close(fd); return true }
    return false
}
