import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore
@testable import SwitchboardSandbox

/// One HTTP answer as the tests look at it.
struct Answer: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var text: String

    var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A sandbox on a free loopback port plus an HTTP client that does not follow redirects.
final class Harness: Sendable {
    let server: SandboxServer
    let client: HTTPClient
    var base: String { server.baseURL.absoluteString }

    private init(server: SandboxServer, client: HTTPClient) {
        self.server = server
        self.client = client
    }

    /// Starts a sandbox with `configuration` (auto-approve on and no rate limit unless given), runs
    /// `body`, and always stops the server and the client.
    static func with<T: Sendable>(_ configuration: SandboxConfiguration = SandboxConfiguration(autoApprove: true, rateLimits: [:]),
                                  _ body: (Harness) async throws -> T) async throws -> T {
        let server = try await SandboxServer.start(configuration)
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        let harness = Harness(server: server, client: client)
        do {
            let result = try await body(harness)
            try await client.shutdown()
            await server.stop()
            return result
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
    }

    /// Sends a request; `json` bodies get `Content-Type: application/json` unless headers say otherwise.
    func send(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, body: String? = nil, token: String? = nil,
              headers: [(String, String)] = []) async throws -> Answer {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let json {
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { request.headers.add(name: "Content-Type", value: "application/json") }
            request.body = .bytes(ByteBuffer(string: JSONWriter.compact(json)))
        } else if let body {
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: bytes))
    }

    /// Posts a form.
    func form(_ path: String, _ fields: [(String, String)], basic: (String, String)? = nil) async throws -> Answer {
        var headers = [("Content-Type", "application/x-www-form-urlencoded")]
        if let (id, secret) = basic { headers.append(("Authorization", "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString())) }
        return try await send(.POST, path, body: SandboxForm.encode(fields), headers: headers)
    }

    /// A token minted through the admin endpoint.
    func token(_ connector: String = "hubspot", scopes: [String]? = nil, account: String = "acme", ttl: Double? = nil) async throws -> String {
        var body = jsonObject(["connector": .string(connector), "account": .string(account)])
        if let scopes { body["scopes"] = .array(scopes.map(JSONValue.string)) }
        if let ttl { body["ttl"] = .number(ttl) }
        let answer = try await send(.POST, "/admin/tokens", json: .object(body))
        guard let token = answer.json["access_token"]?.stringValue else { throw HarnessError("no token: \(answer.text)") }
        return token
    }

    /// Runs the authorization-code flow with PKCE against the auto-approving provider; returns the token response.
    func authorize(_ connector: String, redirect: String = "http://127.0.0.1:53682/oauth/callback", scope: String? = nil) async throws -> JSONValue {
        let client = SandboxClient.registered[connector]!
        let verifier = String(repeating: "v", count: 20) + TokenBook.random(32)
        let challenge = TokenBook.challenge(forVerifier: verifier)
        var query = [("response_type", "code"), ("client_id", client.id), ("redirect_uri", redirect), ("state", "s1"),
                     ("code_challenge", challenge), ("code_challenge_method", "S256")]
        if let scope { query.append(("scope", scope)) }
        if connector == "zoho-crm" { query.append(("access_type", "offline")) }
        let auth = try await send(.GET, "/oauth/\(connector)/authorize?" + SandboxForm.encode(query))
        guard auth.status == 302, let location = auth.header("Location"), let code = Self.queryItem(location, "code") else {
            throw HarnessError("authorize did not redirect with a code: \(auth.status) \(auth.text)")
        }
        var fields = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)]
        let answer: Answer
        if client.authMethod == "client_secret_basic" {
            answer = try await form("/oauth/\(connector)/token", fields, basic: (client.id, client.secret))
        } else {
            fields += [("client_id", client.id), ("client_secret", client.secret)]
            answer = try await form("/oauth/\(connector)/token", fields)
        }
        guard answer.status == 200 else { throw HarnessError("token exchange failed: \(answer.status) \(answer.text)") }
        return answer.json
    }

    static func queryItem(_ url: String, _ name: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
