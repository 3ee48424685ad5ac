import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The tenant's own schema over real sockets: read from the sandbox's metadata APIs, stored,
/// merged into previews and pushes, and noticed when it drifts under a saved mapping.
@Suite(.serialized) struct TenantSchemaWorkspaceTests {
    static let sandbox = SandboxConfiguration(seedDemo: true, autoApprove: true, rateLimits: [:])

    func admin(_ t: TestWorkspace, _ method: String, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let base = try #require(t.sandbox).baseURL.absoluteString
        let response = try await t.transport.send(HTTPRequestValue(
            method: method, url: base + "/admin/" + path, headers: body == nil ? [] : [HTTPHeaderField("Content-Type", "application/json")],
            body: body.map { Data(JSONWriter.compact($0).utf8) }))
        #expect((200..<300).contains(response.status), "\(method) \(path): \(response.text)")
        return try JSONParser.parse(response.body)
    }

    func contact(_ plan: PushPlan) -> PushPlan.Entry? { plan.entries.first }

    @Test("HubSpot: acme's custom picklist is read, a value outside it is caught before sending (no request), a good one is pushed and read back")
    func hubspotCustomField() async throws {
        try await TestWorkspace.with("sbschema", sandbox: Self.sandbox) { t in
            let w = t.workspace
            let report = try await w.refreshSchema(tenant: t.tenant, connector: "hubspot")
            let contact = try #require(report.objects.first { $0.object == .contact })
            #expect(contact.diff == nil)
            let tier = try #require(contact.schema.field("customer_tier"))
            #expect(tier.custom && tier.kind == .enumeration && tier.options.map(\.valueText) == ["bronze", "silver", "gold", "platinum"])
            #expect(tier.options.map(\.label) == ["Bronze", "Silver", "Gold", "Platinum"])
            #expect(contact.schema.field("createdate")?.readOnly == true && contact.schema.field("email")?.custom == false)

            let mapping = FieldMapping(connectorId: "hubspot", actionId: "createContact", rules: [
                MappingRule(target: JSONPointer(parsing: "/properties/email"), source: .fields(["contact_email"])),
                MappingRule(target: JSONPointer(parsing: "/properties/customer_tier"), source: .fields(["tier"])),
            ])
            _ = try w.saveMapping(mapping, tenant: t.tenant, note: "test")
            _ = try await admin(t, "DELETE", "requests")
            let target = try await w.pushTarget(connector: "hubspot", action: "createContact", tenant: t.tenant, requireCredential: true)
            let bad = try w.pushPlan(target, records: [UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "x@example.com"), ("tier", "diamond")]))], tenant: t.tenant)
            #expect(bad.invalid.count == 1)
            #expect(bad.entries[0].problems.contains { $0.hasPrefix("/properties/customer_tier") })
            let sent = try await admin(t, "GET", "requests")["requests"]?.arrayValue ?? []
            #expect(!sent.contains { $0.stringValue?.hasPrefix("POST") == true }, "nothing is sent for an invalid record: \(sent)")

            let good = try w.pushPlan(target, records: [UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "gold@example.com"), ("tier", "gold")]))], tenant: t.tenant)
            let run = try w.startPushRun(good, tenant: t.tenant, source: "test", onlyValid: true)
            let pushed = try await w.pushExecutor(target, plan: good).execute(run)
            #expect(pushed.tally.succeeded == 1)
            let stored = try await admin(t, "GET", "records/hubspot/contacts?account=acme")["results"]?.arrayValue ?? []
            #expect(stored.contains { $0["fields"]?["email"] == "gold@example.com" && $0["fields"]?["customer_tier"] == "gold" })
        }
    }

    @Test("the demo accounts differ: globex's tier options and its required region; a second read reports what changed")
    func accountsDifferAndRefreshDiffs() async throws {
        try await TestWorkspace.with("sbschema", sandbox: Self.sandbox) { t in
            let w = t.workspace
            let globex = try w.stores().tenants.create(name: "globex")
            let token = try await t.mintToken("hubspot", account: "globex")
            _ = try w.credentials().save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: token), scopes: [], expiresAt: Date().addingTimeInterval(3600),
                                               metadata: [:]), tenant: globex, connectorID: "hubspot")
            let read = try await w.refreshSchema(tenant: globex, connector: "hubspot")
            let fields = try #require(read.objects.first { $0.object == .contact }).schema
            #expect(fields.field("customer_tier")?.options.map(\.valueText) == ["standard", "premium", "enterprise"])
            #expect(fields.field("region")?.required == true && fields.field("nps_score") == nil)

            _ = try await admin(t, "POST", "custom-fields/hubspot/contacts?account=globex", ["name": "churn_risk", "label": "Churn risk", "kind": "number"])
            _ = try await admin(t, "DELETE", "custom-fields/hubspot/contacts/customer_tier?account=globex")
            let again = try await w.refreshSchema(tenant: globex, connector: "hubspot")
            let diff = try #require(again.objects.first { $0.object == .contact }?.diff)
            #expect(diff.added.map(\.name) == ["churn_risk"] && diff.removed.map(\.name) == ["customer_tier"])
            #expect(try #require(again.objects.first { $0.object == .company }?.diff).isEmpty)
        }
    }

    @Test("drift: a custom field removed in the account flags the saved mapping that targets it")
    func drift() async throws {
        try await TestWorkspace.with("sbschema", sandbox: Self.sandbox) { t in
            let w = t.workspace
            _ = try await w.refreshSchema(tenant: t.tenant, connector: "hubspot")
            let mapping = FieldMapping(connectorId: "hubspot", actionId: "createContact", rules: [
                MappingRule(target: JSONPointer(parsing: "/properties/email"), source: .fields(["contact_email"])),
                MappingRule(target: JSONPointer(parsing: "/properties/nps_score"), source: .fields(["nps"])),
            ])
            _ = try w.saveMapping(mapping, tenant: t.tenant, note: "test")
            let saved = try #require(try w.stores().mappings.current(tenantID: t.tenant.id, connectorID: "hubspot", actionID: "createContact"))
            #expect(saved.targetFields["nps_score"]?.kind == .number)
            #expect(w.connectorDrift(tenant: t.tenant, connector: "hubspot").isEmpty)
            _ = try await admin(t, "DELETE", "custom-fields/hubspot/contacts/nps_score?account=acme")
            _ = try await w.refreshSchema(tenant: t.tenant, connector: "hubspot")
            let found = w.connectorDrift(tenant: t.tenant, connector: "hubspot")
            #expect(found.map(\.description) == ["/properties/nps_score: nps_score no longer exists in the account"])
            let review = try w.reviewMapping(saved.mapping, tenant: t.tenant, saved: saved.targetFields)
            #expect(!review.isClean && review.drift.count == 1)
        }
    }

    @Test("Salesforce: describe with custom fields, 304 on the second read, restricted picklist and required custom fields checked here and by the sandbox")
    func salesforce() async throws {
        try await TestWorkspace.with("sbschema", sandbox: Self.sandbox, connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect("salesforce")
            let first = try await w.refreshSchema(tenant: t.tenant, connector: "salesforce")
            let contact = try #require(first.objects.first { $0.object == .contact })
            #expect(contact.schema.field("Customer_Tier__c")?.custom == true && contact.schema.field("LastName")?.required == true)
            #expect(contact.schema.field("Id")?.readOnly == true)
            let second = try await w.refreshSchema(tenant: t.tenant, connector: "salesforce")
            #expect(second.objects.allSatisfy { $0.notModified })

            let target = try await w.pushTarget(connector: "salesforce", action: "createContact", tenant: t.tenant, requireCredential: true)
            var mapping = target.mapping
            mapping.rules.append(MappingRule(target: JSONPointer(parsing: "/Customer_Tier__c"), source: .fields(["tier"])))
            let withTier = try w.pushTarget(connector: target.manifest, action: target.action, mapping: mapping, tenant: t.tenant)
            let plan = try w.pushPlan(withTier, records: [UniversalRecord(object: .contact, fields: JSONObject([("contact_last_name", "Lovelace"), ("tier", "diamond")]))], tenant: t.tenant)
            #expect(plan.entries[0].problems.contains { $0.hasPrefix("/Customer_Tier__c") })
            // A good value is pushed and read back.
            let good = try w.pushPlan(withTier, records: [UniversalRecord(object: .contact, fields: JSONObject([
                ("contact_last_name", "Lovelace"), ("contact_email", "ada.tier@example.com"), ("tier", "platinum")]))], tenant: t.tenant)
            #expect(good.invalid.isEmpty, "\(good.entries.map(\.problems))")
            let run = try w.startPushRun(good, tenant: t.tenant, source: "test", onlyValid: true)
            #expect(try await w.pushExecutor(withTier, plan: good).execute(run).tally.succeeded == 1)
            let stored = try await admin(t, "GET", "records/salesforce/Contact?account=acme")["results"]?.arrayValue ?? []
            #expect(stored.contains { $0["fields"]?["LastName"] == "Lovelace" && $0["fields"]?["Customer_Tier__c"] == "platinum" })

            // The sandbox refuses the same as Salesforce does.
            let token = try await t.mintToken("salesforce")
            let base = try #require(t.sandbox).baseURL.absoluteString + "/salesforce/services/data/v62.0/sobjects/Contact"
            func post(_ body: JSONValue, account: String = "acme") async throws -> HTTPResponseValue {
                let bearer = account == "acme" ? token : try await t.mintToken("salesforce", account: account)
                return try await t.transport.send(HTTPRequestValue(method: "POST", url: base, headers: [
                    HTTPHeaderField("Authorization", "Bearer \(bearer)"), HTTPHeaderField("Content-Type", "application/json")], body: Data(JSONWriter.compact(body).utf8)))
            }
            let restricted = try await post(["LastName": "Lovelace", "Customer_Tier__c": "diamond"])
            #expect(restricted.status == 400 && restricted.text.contains("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"))
            let missing = try await post(["LastName": "Hopper"], account: "globex")
            #expect(missing.status == 400 && missing.text.contains("REQUIRED_FIELD_MISSING") && missing.text.contains("Region__c"))
            let fine = try await post(["LastName": "Hopper", "Customer_Tier__c": "gold"])
            #expect(fine.status == 201)
        }
    }
}

/// The same for the other built-in CRMs: each reads its own metadata API (Pipedrive's
/// personFields with 40-character keys, Zoho's settings/fields, Copper's custom_field_definitions),
/// refuses a value outside the account's picklist before sending, and pushes a good one that
/// the sandbox stores.
@Suite(.serialized) struct TenantSchemaOtherCRMTests {
    @Test("metadata read, picklist violation caught with no request, custom value pushed and stored",
          arguments: [("pipedrive", "createPerson", "persons"), ("zoho-crm", "createContact", "Contacts"), ("copper", "createPerson", "people")])
    func customField(_ connector: String, _ actionID: String, _ object: String) async throws {
        try await TestWorkspace.with("sbschema", sandbox: TenantSchemaWorkspaceTests.sandbox, connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect(connector)
            let report = try await w.refreshSchema(tenant: t.tenant, connector: connector)
            let schema = try #require(report.objects.first { $0.object == .contact }?.schema)
            let tier = try #require(schema.customFields.first { $0.label == "Customer tier" }, "\(schema.customFields.map(\.label))")
            #expect(tier.kind == .enumeration && tier.options.map(\.label) == ["Bronze", "Silver", "Gold", "Platinum"])
            let manifest = try w.manifest(connector)
            let write = try #require(manifest.resources.first { $0.object == .contact }?.metadata?.write)
            let target = (write.customTarget ?? write.target).appending(tier.name)

            let base = try await w.pushTarget(connector: connector, action: actionID, tenant: t.tenant, requireCredential: true)
            var mapping = base.mapping
            mapping.rules.append(MappingRule(target: target, source: .fields(["tier"])))
            let withTier = try w.pushTarget(connector: base.manifest, action: base.action, mapping: mapping, tenant: t.tenant)
            func record(_ tierValue: JSONValue) -> UniversalRecord {
                UniversalRecord(object: .contact, fields: JSONObject([("contact_first_name", "Ada"), ("contact_last_name", "Lovelace"),
                                                                      ("contact_email", .string("ada.\(connector)@example.com")), ("tier", tierValue)]))
            }
            _ = try await TenantSchemaWorkspaceTests().admin(t, "DELETE", "requests")
            let bad = try w.pushPlan(withTier, records: [record("diamond")], tenant: t.tenant)
            #expect(bad.entries[0].problems.contains { $0.hasPrefix(target.displayString) }, "\(bad.entries[0].problems)")
            let sent = try await TenantSchemaWorkspaceTests().admin(t, "GET", "requests")["requests"]?.arrayValue ?? []
            #expect(!sent.contains { $0.stringValue?.hasPrefix("POST") == true }, "nothing sent: \(sent)")

            let gold = try #require(tier.options.first { $0.label == "Gold" }).value
            let good = try w.pushPlan(withTier, records: [record(gold)], tenant: t.tenant)
            #expect(good.invalid.isEmpty, "\(good.entries[0].problems)")
            let run = try w.startPushRun(good, tenant: t.tenant, source: "test", onlyValid: true)
            let pushed = try await w.pushExecutor(withTier, plan: good).execute(run)
            let errors = try w.stores().journal.items(run: run.id).compactMap(\.errorMessage)
            #expect(pushed.tally.succeeded == 1, "\(errors)")
            let stored = try await TenantSchemaWorkspaceTests().admin(t, "GET", "records/\(connector)/\(object)?account=acme")["results"]?.arrayValue ?? []
            let text = JSONWriter.compact(.array(stored))
            #expect(text.contains("ada.\(connector)@example.com") && text.contains(JSONWriter.compact(gold)), "\(text.suffix(600))")
        }
    }
}
