import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwitchboardCore
import SwitchboardSandbox

/// Measures how fast the sandbox serves single HubSpot contact creates (rate limiting off).
enum SandboxBenchmark {
    /// Starts a sandbox with rate limiting off, fires `count` single `POST /crm/v3/objects/contacts`
    /// over `concurrency` connections and returns the requests per second (only 201s count).
    static func singleCreates(count: Int = 20_000, concurrency: Int = 16) async throws -> Double {
        let server = try await SandboxServer.start(SandboxConfiguration(rateLimits: [:]))
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = concurrency
        var config = HTTPClient.Configuration()
        config.connectionPool = pool
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        do {
            let token = try await mintToken(client, server.baseURL)
            let url = server.baseURL.absoluteString + "/hubspot/crm/v3/objects/contacts"
            let run = UUID().uuidString.prefix(8).lowercased()
            let started = Date()
            let ok = try await withThrowingTaskGroup(of: Int.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var created = 0
                        var i = worker
                        while i < count {
                            var request = HTTPClientRequest(url: url)
                            request.method = .POST
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            request.headers.add(name: "Content-Type", value: "application/json")
                            request.body = .bytes(ByteBuffer(string: "{\"properties\":{\"email\":\"bench\(i)-\(run)@example.com\",\"firstname\":\"Bench\"}}"))
                            let response = try await client.execute(request, timeout: .seconds(30))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            if response.status.code == 201 { created += 1 }
                            i += concurrency
                        }
                        return created
                    }
                }
                return try await group.reduce(0, +)
            }
            let seconds = Date().timeIntervalSince(started)
            try await client.shutdown()
            await server.stop()
            return Double(ok) / max(seconds, 0.000_001)
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
    }

    private static func mintToken(_ client: HTTPClient, _ base: URL) async throws -> String {
        var request = HTTPClientRequest(url: base.absoluteString + "/admin/tokens")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: "{\"connector\":\"hubspot\",\"ttl\":86400}"))
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard let token = (try? JSONParser.parse(Data(body.readableBytesView)))?["access_token"]?.stringValue else {
            throw SandboxError.startFailed("the admin endpoint did not mint a token")
        }
        return token
    }
}
