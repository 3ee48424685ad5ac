import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The tenant's pipelines and stages: read with its schema (HubSpot `/crm/v3/pipelines/deals`,
/// Pipedrive `/v1/pipelines` + `/v1/stages`, Copper `/pipelines`), and a deal whose stage is not
/// one of its pipeline's refused in the plan, with nothing sent; a deal on the second pipeline's
/// stage goes through. Salesforce and Zoho keep stages in a picklist the schema read already has.
@Suite("Pipelines and stages", .serialized)
struct PipelineTests {
    /// Per CRM: the create action, a stage of the second pipeline with that pipeline, the default
    /// pipeline's id, and the path the deal create is sent to.
    static let crms: [(connector: String, action: String, second: (pipeline: String, stage: String), first: String, path: String)] = [
        ("hubspot", "createDeal", ("renewals", "renewed"), "default", "/crm/v3/objects/deals"),
        ("pipedrive", "createDeal", ("2", "7"), "1", "/api/v2/deals"),
        ("copper", "createOpportunity", ("2", "7"), "1", "/opportunities"),
    ]

    static func deal(_ id: String, pipeline: String?, stage: String) -> UniversalRecord {
        var fields = JSONObject([("deal_name", .string("Deal \(id)")), ("deal_stage", .string(stage)), ("deal_amount", 1200), ("deal_close_date", "2026-12-31")])
        if let pipeline { fields["deal_pipeline"] = .string(pipeline) }
        return UniversalRecord(id: id, object: .deal, fields: fields)
    }

    @Test("the pipelines are read with the schema; a stage of another pipeline is refused before sending; the second pipeline's stage goes through",
          arguments: crms.map(\.connector))
    func stageOfItsPipeline(_ connector: String) async throws {
        let crm = try #require(Self.crms.first { $0.connector == connector })
        try await TestWorkspace.with("sbpipe", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect(connector)
            let refresh = try await w.refreshSchema(tenant: t.tenant, connector: connector)
            #expect(refresh.requests >= 2, "the fields and the pipelines: \(refresh.requests) requests")
            let pipelines = try #require(try w.tenantSchemas(tenant: t.tenant, connector: connector)[.deal]).pipelines
            #expect(pipelines.map(\.id) == [crm.first, crm.second.pipeline], "\(pipelines)")
            #expect(pipelines.last?.stages.contains { $0.id == crm.second.stage } == true)

            let base = try #require(t.sandbox).baseURL.absoluteString
            _ = try await t.transport.send(HTTPRequestValue(method: "DELETE", url: base + "/admin/requests"))
            let target = try await w.pushTarget(connector: connector, action: crm.action, tenant: t.tenant, requireCredential: true)
            let records = [Self.deal("dl-1", pipeline: crm.second.pipeline, stage: crm.second.stage),
                           Self.deal("dl-2", pipeline: crm.first, stage: crm.second.stage)]
            let plan = try w.pushPlan(target, records: records, tenant: t.tenant)
            #expect(plan.entries[0].problems.isEmpty, "\(plan.entries[0].problems)")
            let refused = plan.entries[1].problems.joined(separator: "; ")
            #expect(refused.contains("is not a stage of pipeline \(crm.first)") && refused.contains(crm.second.stage), "\(refused)")
            if connector == "hubspot" {
                // No pipeline: the deal is created in the default one, whose stages these are not.
                let implicit = try w.pushPlan(target, records: [Self.deal("dl-3", pipeline: nil, stage: "renewed")], tenant: t.tenant)
                #expect(implicit.entries[0].problems.contains { $0.contains("is not a stage of pipeline default (Sales Pipeline)") }, "\(implicit.entries[0].problems)")
            }
            let run = try w.startPushRun(plan, tenant: t.tenant, source: "test", onlyValid: true)
            let report = try await w.pushExecutor(target, plan: plan).execute(run)
            #expect(report.tally.succeeded == 1, "\(report.tally)")
            let log = try await t.transport.send(HTTPRequestValue(method: "GET", url: base + "/admin/requests")).text
            let sends = (try JSONParser.parse(Data(log.utf8))["requests"]?.arrayValue ?? []).compactMap(\.stringValue)
                .filter { $0.hasPrefix("POST ") && $0.contains(crm.path + " ") }.count
            #expect(sends == 1, "only the deal on its own pipeline was sent: \(sends) creates in \(log)")
        }
    }

    @Test("the sandbox refuses a stage of another pipeline as the CRM would", arguments: crms.map(\.connector))
    func sandboxRefuses(_ connector: String) async throws {
        let crm = try #require(Self.crms.first { $0.connector == connector })
        try await CRMBench.with(connector) { b in
            let body: JSONValue = switch connector {
            case "hubspot": ["properties": ["dealname": "Wrong", "dealstage": .string(crm.second.stage), "pipeline": .string(crm.first)]]
            case "pipedrive": ["title": "Wrong", "stage_id": 7, "pipeline_id": 1]
            default: ["name": "Wrong", "pipeline_stage_id": 7, "pipeline_id": 1]
            }
            let answer = try await b.call("POST", crm.path, body: body)
            #expect([400, 422].contains(answer.status) && answer.text.contains("is not a stage of pipeline"), "\(answer.status) \(answer.text)")
        }
    }

    @Test("Salesforce and Zoho: a stage that is not in the account's stage picklist is refused before sending",
          arguments: [("salesforce", "createOpportunity", "Prospecting"), ("zoho-crm", "createDeal", "Qualification")])
    func picklistStages(_ connector: String, _ action: String, _ good: String) async throws {
        try await TestWorkspace.with("sbpipe", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            try await t.connect(connector)
            _ = try await t.workspace.refreshSchema(tenant: t.tenant, connector: connector)
            let target = try await t.workspace.pushTarget(connector: connector, action: action, tenant: t.tenant, requireCredential: true)
            let plan = try t.workspace.pushPlan(target, records: [Self.deal("dl-1", pipeline: nil, stage: good), Self.deal("dl-2", pipeline: nil, stage: "Renewed")],
                                                tenant: t.tenant)
            #expect(plan.entries[0].problems.isEmpty, "\(plan.entries[0].problems)")
            #expect(plan.entries[1].problems.contains { $0.contains("Renewed") || $0.contains("one of") }, "\(plan.entries[1].problems)")
        }
    }

    @Test("mapping auto with sample deals that name stages by label puts a lookup to the stage ids on the stage rule",
          arguments: [("hubspot", "createDeal", "Renewed", JSONValue.string("renewed")), ("pipedrive", "createDeal", "Kick-off", JSONValue.number(6))])
    func stageLookup(_ connector: String, _ action: String, _ label: String, _ expected: JSONValue) async throws {
        try await TestWorkspace.with("sbpipe", sandbox: SandboxConfiguration(rateLimits: [:]), connectHubSpot: false) { t in
            let w = t.workspace
            try await t.connect(connector)
            _ = try await w.refreshSchema(tenant: t.tenant, connector: connector)
            let samples = [Self.deal("dl-1", pipeline: nil, stage: label)]
            let proposals = try w.proposeMapping(connector: connector, action: action, tenant: t.tenant, samples: samples)
            let stage = try #require(proposals.first { $0.rule.source.fieldNames == ["deal_stage"] })
            let lookup = try #require(stage.rule.transforms.first, "a transform on the stage rule")
            #expect(lookup.name == "lookup", "\(stage.rule.transforms)")
            var value: JSONValue? = .string(label)
            for spec in stage.rule.transforms { value = try TransformEngine.apply(spec, to: value, all: [value]) }
            #expect(value == expected, "\(label) → \(value.map(JSONWriter.compact) ?? "nil")")
            // Ids pass as they are: no lookup is proposed when the samples already name stage ids.
            let byID = try w.proposeMapping(connector: connector, action: action, tenant: t.tenant,
                                            samples: [Self.deal("dl-2", pipeline: nil, stage: connector == "hubspot" ? "renewed" : "6")])
            #expect(byID.first { $0.rule.source.fieldNames == ["deal_stage"] }?.rule.transforms.contains { $0.name == "lookup" } == false)
        }
    }
}
