import Foundation
import GRDB
import Testing
@testable import SwitchboardCore
import SwitchboardSandbox

/// AlloyPlatform against the sandbox's Alloy Connectivity API, over real sockets: users,
/// connectors, OAuth through the consent page, schemas, and execute through the push engine.
@Suite("Alloy platform against the sandbox", .serialized)
struct AlloyPlatformTests {
    @Test("a tenant becomes an Alloy user once (POST /users); its userId is kept and goes with a purged tenant")
    func users() async throws {
        let rig = try await AlloyRig.start()
        do {
            let id = try await rig.platform.ensureUser(rig.tenant, fullName: "Dexter Morgan")
            #expect(id.count == 24 && id.allSatisfy(\.isHexDigit), "a userId like the seed's: \(id)")
            let again = try await rig.platform.ensureUser(rig.tenant)
            #expect(again == id, "the second call reuses the kept id")
            let listed = try await rig.raw("GET", "/users")
            #expect(listed.body["users"]?.arrayValue?.count == 1, "only one POST /users reached Alloy")
            #expect(listed.body["users"]?[0]?["fullName"]?.stringValue == "Dexter Morgan")
            try rig.home.tenants.delete("acme", purge: true)
            let rows = try await rig.home.store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM alloy_user") }
            #expect(rows == 0, "alloy_user rows cascade with the tenant")
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("connectors: the CRM filter the docs show keeps hubspot and salesforceCRM and drops slack")
    func connectors() async throws {
        let rig = try await AlloyRig.start()
        do {
            let all = try await rig.platform.connectors()
            #expect(all.contains { $0.id == "slack" })
            let crm = try await rig.platform.crmConnectors()
            #expect(crm.contains { $0.id == "hubspot" && $0.manifestID == "hubspot" })
            #expect(crm.contains { $0.id == "salesforceCRM" && $0.manifestID == "salesforce" && $0.categories == ["sales-crm"] })
            #expect(!crm.contains { $0.id == "slack" })
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("connect through the consent page: oauthUrl, success redirect, the new credentialId found and kept")
    func connect() async throws {
        let rig = try await AlloyRig.start()
        do {
            let credential = try await rig.connect()
            #expect(credential.id.hasPrefix("cred_"))
            #expect(credential.type == "hubspot-oauth2")
            #expect(try rig.platform.account.credentialID(tenant: rig.tenant, connector: "hubspot", baseURL: rig.platform.client.baseURL) == credential.id)
            let listed = try await rig.platform.credentials(tenant: rig.tenant, connector: "hubspot")
            #expect(listed.map(\.id) == [credential.id])
            // A second connection adds a credential; the new one becomes the tenant's.
            let second = try await rig.connect()
            #expect(second.id != credential.id)
            let inUse = try await rig.platform.credentialID(tenant: rig.tenant, connector: "hubspot")
            #expect(inUse == second.id)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("a denied consent ends the connection with success=false and keeps no credential")
    func denied() async throws {
        let rig = try await AlloyRig.start()
        do {
            _ = try await rig.connect(decision: "deny")
            Issue.record("a denied consent must not connect")
        } catch let error as PlatformError {
            guard case .authorizationFailed(_, let message) = error else { Issue.record("\(error)"); await rig.stop(); return }
            #expect(message.contains("access_denied"), "\(message)")
        } catch { Issue.record("\(error)") }
        #expect(try rig.platform.account.credentialID(tenant: rig.tenant, connector: "hubspot", baseURL: rig.platform.client.baseURL) == nil)
        await rig.stop()
    }

    @Test("the action schema is Alloy's: HubSpot createContact posts properties; Salesforce needs LastName")
    func schema() async throws {
        let rig = try await AlloyRig.start()
        do {
            let action = try await rig.platform.action(connector: "hubspot", action: "createContact")
            #expect(action.method == "POST")
            #expect(action.path == "/crm/v3/objects/contacts")
            #expect(action.requestSchema?["required"] == ["properties"])
            let resources = try await rig.platform.resources(connector: "hubspot")
            #expect(resources.first { $0.name == "contacts" }?.actions.contains { $0.id == "createContact" } == true)
            let salesforce = try await rig.platform.action(connector: "salesforceCRM", action: "createContact")
            #expect(salesforce.requestSchema?["required"]?.arrayValue?.contains("LastName") == true)
            await #expect(throws: PlatformError.self) { try await rig.platform.action(connector: "hubspot", action: "noSuchAction") }
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("preview and push createContact: the exact execute call (key masked), the record in the sandbox's HubSpot, responseData.id kept as the link")
    func previewAndPush() async throws {
        let rig = try await AlloyRig.start()
        do {
            let credential = try await rig.connect()
            let target = try await rig.platform.pushTarget(tenant: rig.tenant, connector: "hubspot", action: "createContact",
                                                           catalog: builtInCatalog, localMapping: nil, requireCredential: true)
            let record = UniversalRecord(id: "p1", object: .contact, fields: JSONObject([
                ("contact_email", "john.doe@acme.com"), ("contact_first_name", "John"), ("contact_last_name", "Doe")]))
            let preview = try RequestBuilder.build(record: record, mapping: target.mapping, action: target.action,
                                                          connector: target.manifest, access: target.previewAccess)
            #expect(preview.isValid, "\(preview.violations)")
            #expect(preview.url == rig.sandbox.alloyBaseURL.absoluteString + "/connectors/hubspot/actions/createContact/execute")
            #expect(preview.displayText.contains("Authorization: Bearer ••••" + SandboxServer.alloyAPIKey.suffix(4)))
            #expect(!preview.displayText.contains(SandboxServer.alloyAPIKey), "the API key is never shown whole")
            #expect(preview.displayText.contains("x-api-version: 2025-09"))
            #expect(preview.displayText.contains("x-alloy-userid: " + (try rig.platform.user(rig.tenant))))
            #expect(preview.body?["credentialId"]?.stringValue == credential.id)
            #expect(preview.body?["requestBody"]?["properties"]?["email"] == "john.doe@acme.com")

            let journal = PushJournal(store: rig.home.store)
            let run = try journal.createRun(tenantID: rig.tenant.id, connectorID: target.linkConnectorID, actionID: "createContact", object: .contact,
                                            source: "test", mapping: target.mapping, records: [("p1", record)])
            let report = try await executor(target, journal).execute(run)
            #expect(report.tally.succeeded == 1)
            let link = try #require(try journal.link(tenantID: rig.tenant.id, connectorID: "alloy:hubspot", object: .contact, localID: "p1"))
            let contacts = try await rig.hubspotContacts()
            #expect(contacts.contains { $0["id"]?.stringValue == link && $0["properties"]?["email"] == "john.doe@acme.com" },
                    "the record is in the sandbox's HubSpot under the linked id")
            // Pushing it again creates nothing: the link is there.
            let again = try journal.createRun(tenantID: rig.tenant.id, connectorID: target.linkConnectorID, actionID: "createContact", object: .contact,
                                              source: "test", mapping: target.mapping, records: [("p1", record)])
            let second = try await executor(target, journal).execute(again)
            #expect(second.tally.skipped == 1 && second.requests == 0)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("execute on Salesforce through Alloy returns the new record's id")
    func salesforceExecute() async throws {
        let rig = try await AlloyRig.start()
        do {
            _ = try await rig.connect("salesforceCRM")
            let result = try await rig.platform.execute(tenant: rig.tenant, connector: "salesforceCRM", action: "createContact",
                                                        requestBody: ["LastName": "Chen", "FirstName": "Mike", "Email": "mike.chen@innovate.io"])
            #expect(result.statusCode == 201)
            #expect(result.recordID?.hasPrefix("003") == true, "a Contact id: \(result.recordID ?? "nil")")
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("INVALID_CREDENTIAL stops the run; reconnecting and resuming finishes it")
    func invalidCredential() async throws {
        let rig = try await AlloyRig.start()
        do {
            let credential = try await rig.connect()
            let user = try rig.platform.user(rig.tenant)
            let deleted = try await rig.raw("DELETE", "/connectors/hubspot/credentials/\(credential.id)", user: user)
            #expect(deleted.status == 200)
            let target = try await rig.platform.pushTarget(tenant: rig.tenant, connector: "hubspot", action: "createContact",
                                                           catalog: builtInCatalog, localMapping: nil, requireCredential: true)
            let journal = PushJournal(store: rig.home.store)
            let records = [("r1", contact("r1@example.com")), ("r2", contact("r2@example.com"))]
            let run = try journal.createRun(tenantID: rig.tenant.id, connectorID: target.linkConnectorID, actionID: "createContact", object: .contact,
                                            source: "test", mapping: target.mapping, records: records)
            do {
                _ = try await executor(target, journal).execute(run)
                Issue.record("the run must stop")
            } catch {
                guard case .invalidCredential(let message) = error else { Issue.record("\(error)"); throw error }
                #expect(message.contains("expired or been revoked"), "\(message)")
            }
            #expect(try journal.run(run.id)?.status == .stopped)
            #expect(try journal.tally(run: run.id).succeeded == 0)
            // Re-authenticate, then resume with the new credential.
            let fresh = try await rig.connect()
            let mapping = AlloyGateway.rebind(try #require(try journal.mapping(ofRun: run.id)), credentialID: fresh.id)
            var resumed = target
            resumed.mapping = mapping
            let report = try await executor(resumed, journal).execute(try #require(try journal.run(run.id)))
            #expect(report.tally.succeeded == 2, "\(report.tally)")
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("VALIDATION_ERROR fails only that record, with the field and the reason; the run goes on")
    func validationError() async throws {
        let rig = try await AlloyRig.start()
        do {
            _ = try await rig.connect()
            let target = try await rig.platform.pushTarget(tenant: rig.tenant, connector: "hubspot", action: "createContact",
                                                           catalog: builtInCatalog, localMapping: nil, requireCredential: true)
            // A mapping that puts the first name where HubSpot has no property: the schema lets it
            // through (HubSpot's properties are open), the CRM refuses it.
            var mapping = target.mapping
            mapping.set(MappingRule(target: JSONPointer(parsing: "/requestBody/properties/no_such_property"), source: .fields(["contact_first_name"]), direction: .push))
            var bad = target
            bad.mapping = mapping
            let journal = PushJournal(store: rig.home.store)
            let run = try journal.createRun(tenantID: rig.tenant.id, connectorID: bad.linkConnectorID, actionID: "createContact", object: .contact,
                                            source: "test", mapping: mapping, records: [("v1", contact("v1@example.com"))])
            let report = try await executor(bad, journal).execute(run)
            #expect(report.tally.failed == 1)
            let item = try #require(try journal.items(run: run.id).first)
            #expect(item.errorCode == "VALIDATION_ERROR")
            #expect(item.httpStatus == 400)
            #expect(item.errorMessage?.contains("no_such_property") == true, "the field is named: \(item.errorMessage ?? "")")
            // The good record of a second run still goes through.
            let good = try journal.createRun(tenantID: rig.tenant.id, connectorID: target.linkConnectorID, actionID: "createContact", object: .contact,
                                             source: "test", mapping: target.mapping, records: [("v2", contact("v2@example.com"))])
            let goodReport = try await executor(target, journal).execute(good)
            #expect(goodReport.tally.succeeded == 1)
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("RATE_LIMIT_EXCEEDED: the push waits out Retry-After and retries; every record arrives once")
    func rateLimit() async throws {
        let rig = try await AlloyRig.start(SandboxConfiguration(rateLimits: ["alloy": RateLimitRule(requests: 2, windowSeconds: 1)]))
        do {
            _ = try await rig.connect()
            let target = try await rig.platform.pushTarget(tenant: rig.tenant, connector: "hubspot", action: "createContact",
                                                           catalog: builtInCatalog, localMapping: nil, requireCredential: true)
            let journal = PushJournal(store: rig.home.store)
            let records = (1...4).map { ("q\($0)", contact("q\($0)@example.com")) }
            let run = try journal.createRun(tenantID: rig.tenant.id, connectorID: target.linkConnectorID, actionID: "createContact", object: .contact,
                                            source: "test", mapping: target.mapping, records: records)
            let report = try await executor(target, journal).execute(run)
            #expect(report.tally.succeeded == 4, "\(report.tally)")
            #expect(report.rateLimited > 0, "Alloy's limit was hit and waited out")
            let emails = try await rig.hubspotContacts().compactMap { $0["properties"]?["email"]?.stringValue }
            #expect(emails.filter { $0.hasPrefix("q") }.sorted() == (1...4).map { "q\($0)@example.com" }, "each record once")
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("the API key is sealed at rest and shown only as a hint; a wrong key is refused as such")
    func apiKey() async throws {
        let rig = try await AlloyRig.start(apiKey: "wrong-key-0000000000")
        do {
            let hint = try rig.platform.account.saveAPIKey(SandboxServer.alloyAPIKey, baseURL: rig.platform.client.baseURL + "/")
            #expect(hint == "••••" + SandboxServer.alloyAPIKey.suffix(4))
            #expect(try rig.platform.account.apiKey(baseURL: rig.platform.client.baseURL) == SandboxServer.alloyAPIKey)
            #expect(try !rig.home.filesContain(SandboxServer.alloyAPIKey), "never stored in the clear")
            do {
                _ = try await rig.platform.connectors()
                Issue.record("a wrong key must be refused")
            } catch {
                guard case .apiKeyRefused = error else { Issue.record("\(error)"); throw error }
                #expect(!error.description.contains("wrong-key"), "the key is not echoed: \(error.description)")
            }
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    @Test("the console's catalog through Alloy: CRM connectors only, execute calls with Alloy's schemas, the tenant's credential in the defaults")
    func gatewayCatalog() async throws {
        let rig = try await AlloyRig.start()
        do {
            let credential = try await rig.connect()
            let catalog = try await rig.platform.gatewayCatalog(local: builtInCatalog, tenant: rig.tenant)
            #expect(Set(catalog.connectors.map(\.id)) == ["alloy:copper", "alloy:hubspot", "alloy:pipedrive", "alloy:salesforceCRM", "alloy:zohoCRM"])
            let hubspot = try #require(catalog.connector(id: "alloy:hubspot"))
            let create = try #require(hubspot.action(id: "createContact")?.action)
            #expect(create.path == "/connectors/hubspot/actions/createContact/execute" && create.method == "POST")
            #expect(create.requestSchema?.document["properties"]?["requestBody"]?["required"] == ["properties"], "Alloy's action schema inside")
            #expect(create.responseIdPointer == JSONPointer(parsing: "/responseData/id"))
            #expect(!hubspot.allActions.contains { $0.isBatch }, "execute takes one record")
            let mapping = FieldMapping.defaults(hubspot, actionId: "createContact")
            #expect(mapping.rules.first?.source == .constant(.string(credential.id)))
            #expect(mapping.rules.contains { $0.target == JSONPointer(parsing: "/requestBody/properties/email") })
        } catch { Issue.record("\(error)") }
        await rig.stop()
    }

    private func executor(_ target: PushTarget, _ journal: PushJournal) -> PushExecutor {
        PushExecutor(connector: target.manifest, action: target.action, mapping: target.mapping, transport: AsyncHTTPTransport.shared,
                     access: target.access, journal: journal, retry: RetryPolicy(maxAttempts: 3, baseDelay: 0.05, maxDelay: 0.2))
    }

    private func contact(_ email: String) -> UniversalRecord {
        UniversalRecord(id: nil, object: .contact, fields: JSONObject([("contact_email", .string(email)), ("contact_first_name", "Ada"), ("contact_last_name", "Test")]))
    }
}
