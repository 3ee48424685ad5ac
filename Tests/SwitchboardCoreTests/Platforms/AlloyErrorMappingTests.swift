import Foundation
import Testing
@testable import SwitchboardCore

/// Alloy's documented error bodies, decoded into what Switchboard does about them.
@Suite("Alloy error codes")
struct AlloyErrorMappingTests {
    private func response(_ status: Int, _ body: String, headers: [HTTPHeaderField] = []) -> HTTPResponseValue {
        HTTPResponseValue(status: status, headers: headers + [HTTPHeaderField("Content-Type", "application/json")], body: Data(body.utf8))
    }

    @Test("INVALID_CREDENTIAL, RATE_LIMIT_EXCEEDED (with Retry-After) and VALIDATION_ERROR with details, as the seed shows them")
    func seedErrors() {
        let invalid = AlloyClient.error(from: response(401, #"{"error": {"code": "INVALID_CREDENTIAL", "message": "The credential has expired or been revoked", "details": "User needs to re-authenticate"}}"#))
        guard case .invalidCredential(let message, let details, _) = invalid else { Issue.record("\(invalid)"); return }
        #expect(message == "The credential has expired or been revoked" && details == "User needs to re-authenticate")
        #expect(invalid.description.contains("--platform alloy"), "says how to reconnect")
        let limited = AlloyClient.error(from: response(429, #"{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"}}"#, headers: [HTTPHeaderField("Retry-After", "7")]))
        #expect(limited == .rateLimited(retryAfter: 7))
        let validation = AlloyClient.error(from: response(400, #"{"error": {"code": "VALIDATION_ERROR", "message": "Invalid field value", "details": {"field": "email", "reason": "Email format is invalid"}}}"#))
        #expect(validation == .validation(message: "Invalid field value", field: "email", reason: "Email format is invalid"))
        #expect(validation.description == "VALIDATION_ERROR: Invalid field value (email: Email format is invalid)")
        guard case .apiKeyRefused("Alloy", "Invalid API key", _) = AlloyClient.error(from: response(401, #"{"error": {"code": "UNAUTHORIZED", "message": "Invalid API key"}}"#)) else {
            Issue.record("a 401 without INVALID_CREDENTIAL is the API key refused"); return
        }
        #expect(AlloyClient.error(from: response(502, "not json")) == .api(platform: "Alloy", status: 502, code: "HTTP_502", message: "HTTP 502"))
    }

    @Test("the push engine reads the same bodies: stop, wait, fail the record with its details, link a conflict")
    func classifier() {
        let gateway = AlloyGateway.manifest(connector: PlatformConnector(id: "hubspot", name: "HubSpot", categories: ["crm"], manifestID: "hubspot"),
                                            local: builtInCatalog.connector(id: "hubspot"), baseURL: "https://production.runalloy.com", userID: "u1",
                                            resources: [], actions: [])
        let classifier = ResponseClassifier(connector: gateway)
        let id = JSONPointer(parsing: "/responseData/id")
        #expect(classifier.classify(response(200, #"{"responseData": {"id": "166643419989"}, "statusCode": 200}"#), idPointer: id) == .success(remoteID: "166643419989"))
        guard case .invalidCredential = classifier.classify(response(401, #"{"error": {"code": "INVALID_CREDENTIAL", "message": "The credential has expired or been revoked"}}"#), idPointer: id) else {
            Issue.record("INVALID_CREDENTIAL stops the run"); return
        }
        #expect(classifier.classify(response(429, #"{"error": {"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"}}"#, headers: [HTTPHeaderField("Retry-After", "2")]), idPointer: id)
                == .rateLimited(retryAfter: 2))
        #expect(classifier.classify(response(400, #"{"error": {"code": "VALIDATION_ERROR", "message": "Invalid field value", "details": {"field": "email", "reason": "Email format is invalid"}}}"#), idPointer: id)
                == .rejected(code: .validationError, message: "Invalid field value: email: Email format is invalid"))
        #expect(classifier.classify(response(409, #"{"error": {"code": "CONFLICT", "message": "Contact already exists. Existing ID: 4242"}}"#), idPointer: id)
                == .alreadyExists(remoteID: "4242"))
        guard case .ambiguous = classifier.classify(response(502, #"{"error": {"code": "PROVIDER_ERROR", "message": "upstream"}}"#), idPointer: id) else {
            Issue.record("a 5xx may have written: check, then retry"); return
        }
    }

    @Test("DirectPlatform lists the manifests and their schemas, and leaves connecting to OAuthFlow")
    func directPlatform() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-direct-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder)))
        let direct = try #require(try workspace.platform() as? DirectPlatform)
        #expect(direct.kind == .direct)
        let connectors = try await direct.connectors()
        #expect(connectors.contains { $0.id == "salesforce" && $0.manifestID == "salesforce" })
        let action = try await direct.action(connector: "hubspot", action: "createContact")
        #expect(action.path == "/crm/v3/objects/contacts" && action.requestSchema?["required"] == ["properties"])
        let tenant = Tenant(id: 1, name: "acme", externalID: nil, createdAt: Date())
        await #expect(throws: PlatformError.self) { try await direct.beginAuthorization(tenant: tenant, connector: "hubspot", redirectURI: "http://127.0.0.1:1/callback") }
        let target = try await direct.pushTarget(tenant: nil, connector: "hubspot", action: "createContact", local: builtInCatalog, mapping: nil, requireCredential: false)
        #expect(target.linkConnectorID == "hubspot" && target.manifest.id == "hubspot")
        #expect(PlatformKind(name: "ALLOY") == .alloy && PlatformKind(name: "other") == nil)
    }
}
