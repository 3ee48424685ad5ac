import Foundation
import SwitchboardCore
import SwitchboardSandbox

/// Issue 15's figures: `schema refresh` of an account with 1,000 custom properties on each of
/// contacts, companies and deals (goal ≤ 1 s against the sandbox), beside the same requests sent
/// bare (no parsing or storing); and map + validate with the tenant's merged schema (goal ≥
/// 150,000 records/s on one core), beside the manifest's schema in the same run.
enum TenantSchemaBenchmark {
    static func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sb-bench-schema-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let launch = try await SandboxLaunch.start(SandboxConfiguration(seedDemo: true, rateLimits: [:]), manifestsFolder: folder.appendingPathComponent("connectors"))
        let transport = AsyncHTTPTransport()
        do {
            try await measure(launch: launch, folder: folder, transport: transport)
        } catch {
            await transport.shutdown()
            await launch.stop()
            throw error
        }
        await transport.shutdown()
        await launch.stop()
    }

    private static func measure(launch: SandboxLaunch, folder: URL, transport: AsyncHTTPTransport) async throws {
        let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder.appendingPathComponent("data")), overrides: launch.overrides(),
                                                         transport: transport))
        let tenant = try workspace.stores().tenants.create(name: "acme")
        let token = try await launch.mintToken(connector: "hubspot", account: "acme", transport: transport)
        _ = try workspace.credentials().save(.init(kind: .oauth2, secrets: CredentialSecrets(accessToken: token), scopes: [],
                                                   expiresAt: Date().addingTimeInterval(3600), metadata: [:]), tenant: tenant, connectorID: "hubspot")
        let base = launch.server.baseURL.absoluteString
        for object in ["contacts", "companies", "deals"] {
            let fields: [JSONValue] = (0..<1_000).map { i in
                i % 4 == 0 ? ["name": .string("bench_pick_\(i)"), "label": .string("Bench pick \(i)"), "kind": "picklist",
                              "options": .array((0..<10).map { .string("Option \($0)") })]
                    : ["name": .string("bench_field_\(i)"), "label": .string("Bench field \(i)"), "kind": i % 4 == 1 ? "number" : "text"]
            }
            let response = try await transport.send(HTTPRequestValue(method: "POST", url: "\(base)/admin/custom-fields/hubspot/\(object)?account=acme",
                                                                     headers: [HTTPHeaderField("Content-Type", "application/json")],
                                                                     body: Data(JSONWriter.compact(["fields": .array(fields)]).utf8)))
            guard response.status == 201 else { throw SchemaBenchmark.Missing(description: "custom fields not added: \(response.text.prefix(200))") }
        }
        // The baseline: the same six requests, bodies read and dropped.
        var bytes = 0
        let bare = try await Stopwatch.secondsAsync {
            for object in ["contacts", "companies", "deals"] {
                for path in ["/hubspot/crm/v3/properties/\(object)?archived=false", "/hubspot/crm/v3/schemas/\(object)"] {
                    let r = try await transport.send(HTTPRequestValue(method: "GET", url: base + path, headers: [HTTPHeaderField("Authorization", "Bearer \(token)")]))
                    bytes += r.body.count
                }
            }
        }
        var report: SchemaRefreshReport?
        let refresh = try await Stopwatch.secondsAsync { report = try await workspace.refreshSchema(tenant: tenant, connector: "hubspot") }
        let fields = report?.objects.map(\.schema.fields.count).reduce(0, +) ?? 0
        print(String(format: "tenant-schema: schema refresh hubspot, 1,000 custom properties on each of 3 objects (%d fields, %.1f MB): %.3f s, %d requests (goal <= 1 s); the same requests bare: %.3f s (refresh = %.1fx bare)",
                     fields, Double(bytes) / 1_048_576, refresh, report?.requests ?? 0, bare, refresh / bare))

        // Map + validate with the tenant's schema (the 1,000-property contacts) and with the manifest's.
        guard let plain = workspace.catalog.connector(id: "hubspot"), let plainAction = plain.action(id: "createContact")?.action,
              let plainSchema = plainAction.requestSchema else { throw SchemaBenchmark.Missing(description: "hubspot createContact") }
        let merged = workspace.tenantManifest(plain, tenant: tenant)
        guard let mergedSchema = merged.action(id: "createContact")?.action.requestSchema else { throw SchemaBenchmark.Missing(description: "merged createContact") }
        var mapping = FieldMapping.defaults(plain, actionId: "createContact")
        mapping.rules.append(MappingRule(target: JSONPointer(parsing: "/properties/customer_tier"), source: .fields(["tier"])))
        mapping.rules.append(MappingRule(target: JSONPointer(parsing: "/properties/bench_pick_0"), source: .fields(["pick"])))
        let tiers = ["bronze", "silver", "gold", "platinum"]
        let records = (0..<100_000).map { i in
            UniversalRecord(object: .contact, fields: JSONObject([
                ("contact_email", .string("person\(i)@example.com")), ("contact_first_name", .string("Ada\(i)")),
                ("contact_last_name", "Lovelace"), ("contact_phone", .string("+44 20 7946 \(i % 10000)")), ("contact_company", "Engines Ltd"),
                ("tier", .string(tiers[i % 4])), ("pick", .string("Option \(i % 10)")),
            ]))
        }
        let plan = MappingPlan(mapping)  // compiled once, as the push plan does
        func rate(_ schema: JSONSchema) -> (Double, Int) {
            var invalid = 0
            let seconds = Stopwatch.seconds {
                for r in records {
                    let mapped = plan.map(r)
                    if !mapped.issues.isEmpty || !schema.isValid(mapped.body) { invalid += 1 }
                }
            }
            return (100_000 / seconds, invalid)
        }
        let (manifestRate, manifestInvalid) = rate(plainSchema)
        let (tenantRate, tenantInvalid) = rate(mergedSchema)
        precondition(manifestInvalid == 0 && tenantInvalid == 0, "every generated contact maps to a valid body")
        print(String(format: "tenant-schema: map + validate 100,000 contacts with the tenant's schema (%d properties): %.0f records/s (goal >= 150,000); with the manifest's schema in the same run: %.0f records/s (tenant = %.2fx manifest)",
                     (report?.objects.first { $0.object == .contact }?.schema.fields.count ?? 0), tenantRate, manifestRate, tenantRate / manifestRate))
    }
}
