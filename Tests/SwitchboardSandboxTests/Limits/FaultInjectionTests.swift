import AsyncHTTPClient
import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Injected faults and latency")
struct FaultInjectionTests {
    let path = "/hubspot/crm/v3/objects/contacts"

    func count(_ h: Harness, _ token: String) async throws -> Int {
        try await h.send(.GET, path + "?limit=100", token: token).json["results"]?.arrayValue?.count ?? -1
    }

    @Test("a 5xx before commit writes nothing; the next request works again")
    func beforeCommit() async throws {
        let config = SandboxConfiguration(autoApprove: true, rateLimits: [:], faults: [FaultRule(kind: .errorBeforeCommit, status: 503, count: 1)])
        try await Harness.with(config) { h in
            let token = try await h.token()
            let failed = try await h.send(.POST, path, json: ["properties": ["email": "f@example.com"]], token: token)
            #expect(failed.status == 503)
            #expect(failed.json["status"] == "error")
            #expect(try await count(h, token) == 0)
            #expect(try await h.send(.POST, path, json: ["properties": ["email": "f@example.com"]], token: token).status == 201)
        }
    }

    @Test("a 5xx after commit keeps the write: retrying the create meets a 409 with the existing id")
    func afterCommit() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            let queued = try await h.send(.POST, "/admin/faults", json: ["kind": "errorAfterCommit", "status": 500, "count": 1, "connector": "hubspot"])
            #expect(queued.json["faults"]?.arrayValue?.count == 1)
            let failed = try await h.send(.POST, path, json: ["properties": ["email": "g@example.com"]], token: token)
            #expect(failed.status == 500)
            #expect(try await count(h, token) == 1)
            let retry = try await h.send(.POST, path, json: ["properties": ["email": "g@example.com"]], token: token)
            #expect(retry.status == 409)
            #expect(try await h.send(.GET, "/admin/faults").json["faults"] == [])
        }
    }

    @Test("a dropped connection after commit fails on the client, yet the record exists")
    func dropAfterCommit() async throws {
        try await Harness.with { h in
            let token = try await h.token()
            _ = try await h.send(.POST, "/admin/faults", json: ["kind": "dropAfterCommit", "count": 1])
            await #expect(throws: (any Error).self) {
                _ = try await h.send(.POST, path, json: ["properties": ["email": "d@example.com"]], token: token)
            }
            #expect(try await count(h, token) == 1)
        }
    }

    @Test("faults can target one connector and Salesforce answers in its own shape")
    func targeted() async throws {
        try await Harness.with { h in
            let hub = try await h.token()
            let sf = try await h.token("salesforce")
            _ = try await h.send(.POST, "/admin/faults", json: ["kind": "errorBeforeCommit", "status": 503, "count": 2, "connector": "salesforce"])
            #expect(try await h.send(.GET, path, token: hub).status == 200)
            let failed = try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects", token: sf)
            #expect(failed.status == 503)
            #expect(failed.json[0]?["errorCode"] == "SERVER_UNAVAILABLE")
            _ = try await h.send(.DELETE, "/admin/faults")
            #expect(try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects", token: sf).status == 200)
        }
    }

    @Test("added latency delays API answers")
    func latency() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, rateLimits: [:], latencyMilliseconds: 150)) { h in
            let token = try await h.token()
            let started = Date()
            #expect(try await h.send(.GET, path, token: token).status == 200)
            #expect(Date().timeIntervalSince(started) >= 0.14)
            let off = try await h.send(.PUT, "/admin/latency", json: ["milliseconds": 0])
            #expect(off.json["latencyMilliseconds"] == 0, "the admin endpoint turns the latency off: \(off.text)")
        }
    }

    @Test("fault and rate-limit flags parse, and bad ones are clear errors")
    func parsing() throws {
        #expect(try FaultRule.parse("before-commit:503:2") == FaultRule(kind: .errorBeforeCommit, status: 503, count: 2))
        #expect(try FaultRule.parse("after-commit") == FaultRule(kind: .errorAfterCommit, status: 503, count: 1))
        #expect(try FaultRule.parse("drop-after-commit:3@hubspot") == FaultRule(kind: .dropAfterCommit, status: 0, count: 3, connector: "hubspot"))
        #expect(throws: SandboxError.self) { try FaultRule.parse("explode") }
        #expect(throws: SandboxError.self) { try FaultRule.parse("before-commit:200") }
        #expect(try RateLimitRule.parse("hubspot=50/5").rule == RateLimitRule(requests: 50, windowSeconds: 5))
        #expect(try RateLimitRule.parse("hubspot=off").rule == nil)
        #expect(throws: SandboxError.self) { try RateLimitRule.parse("hubspot=fast") }
    }
}
