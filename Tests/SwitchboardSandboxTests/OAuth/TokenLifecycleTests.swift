import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardSandbox

@Suite("OAuth token lifetime, refresh rotation and revocation")
struct TokenLifecycleTests {
    @Test("refresh rotates the refresh token and the old one stops working")
    func rotation() async throws {
        try await Harness.with { h in
            let hub = SandboxClient.registered["hubspot"]!
            let first = try await h.authorize("hubspot")
            let refresh1 = try #require(first["refresh_token"]?.stringValue)
            let creds = [("client_id", hub.id), ("client_secret", hub.secret)]
            let second = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", refresh1)] + creds)
            #expect(second.status == 200)
            let refresh2 = try #require(second.json["refresh_token"]?.stringValue)
            #expect(refresh2 != refresh1)
            let access2 = try #require(second.json["access_token"]?.stringValue)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access2).status == 200)
            let reused = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", refresh1)] + creds)
            #expect(reused.status == 400)
            #expect(reused.json["error"] == "invalid_grant")
            let third = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", refresh2)] + creds)
            #expect(third.status == 200)
        }
    }

    @Test("Salesforce refresh keeps the refresh token (none in the response) and returns instance_url")
    func salesforceRefresh() async throws {
        try await Harness.with { h in
            let sf = SandboxClient.registered["salesforce"]!
            let first = try await h.authorize("salesforce", scope: "api refresh_token")
            let refresh = try #require(first["refresh_token"]?.stringValue)
            let creds = [("client_id", sf.id), ("client_secret", sf.secret)]
            for _ in 0..<2 {
                let again = try await h.form("/oauth/salesforce/token", [("grant_type", "refresh_token"), ("refresh_token", refresh)] + creds)
                #expect(again.status == 200)
                #expect(again.json["refresh_token"] == nil)
                #expect(again.json["instance_url"]?.stringValue == h.base + "/salesforce")
            }
            let noOffline = try await h.authorize("salesforce", scope: "api")
            #expect(noOffline["refresh_token"] == nil)
        }
    }

    @Test("access tokens expire after the configured TTL with HubSpot's 401 body")
    func expiry() async throws {
        try await Harness.with(SandboxConfiguration(autoApprove: true, tokenTTL: 1, rateLimits: [:])) { h in
            let tokens = try await h.authorize("hubspot")
            #expect(tokens["expires_in"]?.numberValue == 1)
            let access = try #require(tokens["access_token"]?.stringValue)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access).status == 200)
            try await Task.sleep(nanoseconds: 1_200_000_000)
            let expired = try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access)
            #expect(expired.status == 401)
            #expect(expired.json["category"] == "EXPIRED_AUTHENTICATION")
            #expect(expired.json["status"] == "error")
            #expect(expired.json["correlationId"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("revoking a refresh token revokes it and its access tokens; revocation answers 200 for unknown tokens")
    func revocation() async throws {
        try await Harness.with { h in
            let hub = SandboxClient.registered["hubspot"]!
            let creds = [("client_id", hub.id), ("client_secret", hub.secret)]
            let tokens = try await h.authorize("hubspot")
            let access = try #require(tokens["access_token"]?.stringValue)
            let refresh = try #require(tokens["refresh_token"]?.stringValue)
            let revoked = try await h.form("/oauth/hubspot/revoke", [("token", refresh)] + creds)
            #expect(revoked.status == 200)
            #expect(try await h.send(.GET, "/hubspot/crm/v3/objects/contacts", token: access).status == 401)
            let refreshAgain = try await h.form("/oauth/hubspot/token", [("grant_type", "refresh_token"), ("refresh_token", refresh)] + creds)
            #expect(refreshAgain.json["error"] == "invalid_grant")
            #expect(try await h.form("/oauth/hubspot/revoke", [("token", "unknown")] + creds).status == 200)
            #expect(try await h.form("/oauth/hubspot/revoke", [("token", "unknown")]).status == 401)
        }
    }
}
