import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import SwitchboardCore
import SwitchboardSandbox

/// A sandbox (its Alloy API at `/alloy`), a data folder, tenant `acme`, and an `AlloyPlatform`
/// over real sockets with the sandbox's demo key.
struct AlloyRig {
    let sandbox: SandboxServer
    let home: TestHome
    let platform: AlloyPlatform
    let tenant: Tenant

    static func start(_ configuration: SandboxConfiguration = SandboxConfiguration(rateLimits: [:]), apiKey: String = SandboxServer.alloyAPIKey) async throws -> AlloyRig {
        let sandbox = try await SandboxServer.start(configuration)
        let home = try TestHome()
        let tenant = try home.tenants.create(name: "acme", externalID: "acme-\(UUID().uuidString.prefix(6))")
        let platform = AlloyPlatform(client: AlloyClient(baseURL: sandbox.alloyBaseURL.absoluteString, apiKey: apiKey, maxWait: 5),
                                     account: AlloyAccountStore(store: home.store, key: home.key))
        return AlloyRig(sandbox: sandbox, home: home, platform: platform, tenant: tenant)
    }

    func stop() async {
        await sandbox.stop()
        home.cleanup()
    }

    /// Connects `connector` through Alloy, the scripted browser approving on the consent page.
    func connect(_ connector: String = "hubspot", decision: String = "approve") async throws -> PlatformCredential {
        try await platform.ensureUser(tenant)
        let urls = URLBox()
        let platform = self.platform, tenant = self.tenant
        let task = Task { () -> Result<PlatformCredential, PlatformError> in
            do throws(PlatformError) {
                return .success(try await AlloyConnect.run(platform: platform, tenant: tenant, connector: connector, timeout: 20) { urls.set($0) })
            } catch { return .failure(error) }
        }
        let url = try #require(await urls.wait(), "AlloyConnect hands out the oauthUrl")
        try await AlloyBrowser.authorize(url, decision: decision)
        return try await task.value.get()
    }

    /// The sandbox's HubSpot contacts of the default account, read through its own API.
    func hubspotContacts() async throws -> [JSONValue] {
        let token = try await AlloyBrowser.adminToken(sandbox.baseURL.absoluteString, connector: "hubspot")
        let answer = try await AlloyBrowser.request("GET", sandbox.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts?limit=100&properties=email,firstname",
                                                    headers: [("Authorization", "Bearer \(token)")])
        return try JSONParser.parse(Data(answer.body.utf8))["results"]?.arrayValue ?? []
    }

    /// A raw Alloy call (for checks the platform would not make).
    func raw(_ method: String, _ path: String, user: String? = nil, json: JSONValue? = nil) async throws -> (status: Int, body: JSONValue, headers: [(String, String)]) {
        var headers = [("Authorization", "Bearer \(SandboxServer.alloyAPIKey)"), ("x-api-version", "2025-09")]
        if let user { headers.append(("x-alloy-userid", user)) }
        if json != nil { headers.append(("Content-Type", "application/json")) }
        let answer = try await AlloyBrowser.request(method, sandbox.alloyBaseURL.absoluteString + path, headers: headers, body: json.map(JSONWriter.compact))
        return (answer.status, (try? JSONParser.parse(Data(answer.body.utf8))) ?? .null, answer.headers)
    }
}

/// The first URL handed out, awaited by the test.
final class URLBox: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)
    func set(_ url: String) { box.withLockedValue { $0 = $0 ?? url } }
    func wait(seconds: Double = 10) async -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let url = box.withLockedValue({ $0 }) { return url }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return nil
    }
}

import NIOConcurrencyHelpers

/// A scripted browser for the Alloy connection: consent page, then each redirect by hand.
enum AlloyBrowser {
    struct Answer {
        var status: Int
        var body: String
        var headers: [(String, String)]
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    static func request(_ method: String, _ url: String, headers: [(String, String)] = [], body: String? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await Browser.client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return Answer(status: Int(response.status.code), body: String(buffer: bytes), headers: response.headers.map { ($0.name, $0.value) })
    }

    /// Consent page → decision → the sandbox's Alloy callback → the caller's redirectUri. Returns
    /// the last URL visited (the redirectUri with its parameters).
    @discardableResult
    static func authorize(_ url: String, decision: String = "approve") async throws -> String {
        var location = try await ScriptedBrowser.approve(url, decision: decision)
        for _ in 0..<3 {
            let answer = try await request("GET", location)
            guard (300..<400).contains(answer.status), let next = answer.header("Location") else { return location }
            location = next
        }
        return location
    }

    /// A HubSpot token minted by the sandbox's admin endpoint (to read its store from outside).
    static func adminToken(_ base: String, connector: String) async throws -> String {
        try await SandboxAttachment.mintToken(baseURL: URL(string: base)!, connector: connector, account: "acme")
    }
}
