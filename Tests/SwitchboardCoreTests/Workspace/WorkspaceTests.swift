import Foundation
import SwitchboardCore
import SwitchboardSandbox
import SwitchboardTestSupport
import Testing

/// The application layer over real parts: a data folder, the sandbox, the push engine.
@Suite("Workspace", .serialized)
struct WorkspaceTests {
    @Test("the catalog is read at once; the store and the key only when first needed")
    func lazyStore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbws-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder)))
        #expect(workspace.catalog.connector(id: "hubspot") != nil)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "listing the catalog creates nothing")
        // A preview's plan (no tenant) needs no store either.
        let hubspot = try #require(workspace.catalog.connector(id: "hubspot"))
        let target = PushTarget(manifest: hubspot, action: hubspot.action(id: "createContact")!.action, mapping: .defaults(hubspot, actionId: "createContact"),
                                access: StaticAccess(.notConnected), previewAccess: .notConnected, linkConnectorID: "hubspot")
        let plan = try workspace.pushPlan(target, records: [UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "a@b.co")]))], tenant: nil)
        #expect(plan.toCreate == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a preview creates nothing")
        _ = try workspace.stores()
        #expect(FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("platform from the flag, else SWITCHBOARD_PLATFORM; anything else is a usage error naming where it came from")
    func platformKind() throws {
        #expect(try PlatformKind.chosen(flag: nil, environment: [:]) == .direct)
        #expect(try PlatformKind.chosen(flag: nil, environment: ["SWITCHBOARD_PLATFORM": "Alloy"]) == .alloy)
        #expect(try PlatformKind.chosen(flag: "direct", environment: ["SWITCHBOARD_PLATFORM": "alloy"]) == .direct)
        #expect(throws: WorkspaceError.usage("SWITCHBOARD_PLATFORM bogus: expected direct or alloy")) {
            try PlatformKind.chosen(flag: nil, environment: ["SWITCHBOARD_PLATFORM": "bogus"])
        }
    }

    @Test("a run's connector id says which platform finishes it; sync is refused through Alloy before any key is needed")
    func platformRouting() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbws-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = Workspace(WorkspaceConfiguration(folder: DataFolder(url: folder), platform: .alloy))
        #expect(try workspace.platform(servingConnectorID: "hubspot").kind == .direct)
        #expect(throws: WorkspaceError.self) { try workspace.platform(servingConnectorID: "alloy:hubspot") }
        #expect(throws: WorkspaceError.usage(AlloyPlatform.syncRefusalMessage)) { try workspace.requireSyncPlatform() }
        #expect(throws: WorkspaceError.self) { try workspace.requireDirectLoginOptions(true) }
        try workspace.requireDirectLoginOptions(false)
    }

    @Test("target, plan, journalled run, executor: a plan's records land in the sandbox once; a finished run has nothing to resume")
    func pushThroughTheWorkspace() async throws {
        try await TestWorkspace.with("sbws", sandbox: SandboxConfiguration(autoApprove: true, rateLimits: [:])) { t in
            let w = t.workspace
            let target = try await w.pushTarget(connector: "hubspot", action: "createContact", tenant: t.tenant, requireCredential: true)
            let records = (0..<3).map { i in UniversalRecord(object: .contact, fields: JSONObject([("contact_email", .string("ws\(i)@example.com"))])) }
                + [UniversalRecord(object: .contact, fields: JSONObject([("contact_email", "not-an-email")]))]
            let plan = try w.pushPlan(target, records: records, tenant: t.tenant)
            #expect(plan.toCreate == 3 && plan.invalid.count == 1)
            let run = try w.startPushRun(plan, tenant: t.tenant, source: "test", onlyValid: false)
            let report = try await w.pushExecutor(target, plan: plan).execute(run)
            #expect(report.tally.succeeded == 3 && report.tally.failed == 1)
            let failed = try #require(try w.stores().journal.items(run: run.id).first { $0.state == .failed })
            #expect(failed.errorCode == "VALIDATION_ERROR" && failed.errorMessage?.contains("/properties/email") == true)
            let contacts = try await t.contactsByEmail()
            for i in 0..<3 { #expect(contacts["ws\(i)@example.com"]?.count == 1) }
            // Planned again: they are linked now, so a create would skip them.
            let again = try w.pushPlan(target, records: records, tenant: t.tenant)
            #expect(again.linked == 3 && again.toCreate == 0)
            let resumption = try await w.resumption(of: run.id)
            #expect(resumption.target == nil && resumption.tally.succeeded == 3)
            await #expect(throws: WorkspaceError("no push run \"nope\"; `switchboard history` lists them")) { try await w.resumption(of: "nope") }
        }
    }
}
