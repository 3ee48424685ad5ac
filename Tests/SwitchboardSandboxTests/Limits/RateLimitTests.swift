import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("Rate limits")
struct RateLimitTests {
    @Test("HubSpot's sliding window: headers count down, then 429 RATE_LIMITS with Retry-After")
    func hubspotWindow() async throws {
        let config = SandboxConfiguration(autoApprove: true, rateLimits: ["hubspot": RateLimitRule(requests: 3, windowSeconds: 3)])
        try await Harness.with(config) { h in
            let token = try await h.token()
            var remaining: [String] = []
            for _ in 0..<3 {
                let ok = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token)
                #expect(ok.status == 200)
                #expect(ok.header("X-HubSpot-RateLimit-Max") == "3")
                #expect(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds") == "3000")
                remaining.append(ok.header("X-HubSpot-RateLimit-Remaining") ?? "")
            }
            #expect(remaining == ["2", "1", "0"])
            let limited = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token)
            #expect(limited.status == 429)
            #expect(limited.json["category"] == "RATE_LIMITS")
            #expect(limited.json["status"] == "error")
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 >= 1)
            try await Task.sleep(nanoseconds: 3_100_000_000)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: token).status == 200)
        }
    }

    @Test("the default configuration limits HubSpot to 100 per 10 seconds")
    func defaults() {
        #expect(SandboxConfiguration().rateLimits["hubspot"] == RateLimitRule(requests: 100, windowSeconds: 10))
    }

    @Test("rate limits change at run time through the admin endpoint; Salesforce answers REQUEST_LIMIT_EXCEEDED")
    func adminChangesLimits() async throws {
        try await Harness.with { h in
            let token = try await h.token("salesforce")
            let set = try await h.send(.PUT, "/admin/rate-limits", json: ["connector": "salesforce", "requests": 1, "windowSeconds": 60])
            #expect(set.status == 200)
            #expect(try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects", token: token).status == 200)
            let limited = try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects", token: token)
            #expect(limited.status == 403)
            #expect(limited.json[0]?["errorCode"] == "REQUEST_LIMIT_EXCEEDED")
            _ = try await h.send(.PUT, "/admin/rate-limits", json: ["connector": "salesforce", "off": true])
            #expect(try await h.send(.GET, "/salesforce/services/data/v62.0/sobjects", token: token).status == 200)
        }
    }

    @Test("the limiter itself: a sliding window, not fixed buckets")
    func slidingWindow() {
        let limits = LimitsState(rules: ["x": RateLimitRule(requests: 2, windowSeconds: 10)], faults: [], latencyMilliseconds: 0)
        #expect(limits.admit("x", now: 0).allowed)
        #expect(limits.admit("x", now: 6).allowed)
        #expect(!limits.admit("x", now: 9).allowed)
        #expect(limits.admit("x", now: 10.5).allowed)   // the request at 0 left the window
        #expect(!limits.admit("x", now: 15).allowed)    // 6 and 10.5 are still in it
        #expect(limits.admit("y", now: 15).allowed)     // unlimited connector
    }
}
