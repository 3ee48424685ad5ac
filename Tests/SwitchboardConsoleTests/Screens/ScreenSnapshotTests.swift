import ConsoleKit
import Foundation
import SwitchboardConsole
@testable import SwitchboardCore
import Testing

/// Issue 24's proof: every screen at 80×24 and 200×60 with long values (ids, paths, emails and
/// error messages longer than any column), compared with `Snapshots/<screen>-<size>.txt`
/// (`RECORD_SNAPSHOTS=1` records them). Pure state machines drawn into ConsoleKit's buffer: no
/// terminal, no store, no network.
@Suite("Screen snapshots at 80×24 and 200×60 (issue 24)")
struct ScreenSnapshotTests {
    static let catalog = ConnectorCatalog.load(userDirectories: []).catalog
    static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 60)]
    static var salesforce: ConnectorManifest { catalog.connector(id: "salesforce")! }
    static var hubspot: ConnectorManifest { catalog.connector(id: "hubspot")! }
    static let longEmail = "alexandrina.featherstonehaugh-cholmondeley@very-long-subsidiary.example.co.uk"
    static let longError = "Property values were not valid: the value \"Gold-Plus-Enterprise-Tier\" is not one of the allowed options for customer_tier (allowed: bronze, silver, gold)"

    /// The screen in a console of `size`, with tenant acme selected.
    func console(_ screen: any ConsoleScreen, _ size: Size) -> ProgramHarness<SwitchboardApp> {
        let console = makeConsole(size: size)
        console.model.context.tenant = "acme-corporation-international-holdings"
        console.model.context.connector = "salesforce"
        console.model.screens.append(screen)
        return console
    }

    func snapshot(_ name: String, _ make: () -> any ConsoleScreen, keys: [String] = []) {
        for size in Self.sizes {
            let c = console(make(), size)
            for key in keys { c.press(key) }
            assertSnapshot(c.text, named: "screen-\(name)-\(size.width)x\(size.height)")
        }
    }

    static func runs() -> [ConsoleData.RunSummary] {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        return [(PushRun.Status.finished, "createContact"), (.interrupted, "createCompositeTreeOfAccountsAndContactsWithAVeryLongName"), (.stopped, "createContact")]
            .enumerated().map { i, v in
                var tally = PushTally()
                tally.succeeded = 9_998 - i
                tally.failed = i
                return ConsoleData.RunSummary(run: PushRun(id: "20270115-0800\(i)0-4f2\(i)", tenantID: 1, connectorID: "salesforce", actionID: v.1, object: .contact,
                                                           source: "/home/support/imports/2027/january/acme-corporation-contacts.csv", status: v.0, total: 10_000,
                                                           startedAt: start.addingTimeInterval(Double(i) * 60), finishedAt: start.addingTimeInterval(Double(i) * 60 + 83.4)),
                                              tally: tally)
            }
    }

    static func items() -> [PushItem] {
        (0..<3).map { i -> PushItem in
            let failed = i == 1
            let remoteID: String? = failed ? nil : "003Dn00000ZxYwVIAV\(i)"
            let code: String? = failed ? "VALIDATION_ERROR" : nil
            let message: String? = failed ? longError : nil
            let localID = failed ? longEmail : "contact-\(i)"
            let state: PushItemState = failed ? .failed : .succeeded
            return PushItem(runID: "r", position: i, localID: localID, record: .sample(.contact), state: state, attempts: 1 + i,
                            remoteID: remoteID, httpStatus: failed ? 400 : 201, errorCode: code, errorMessage: message, durationMilliseconds: 120)
        }
    }

    static func sync() -> ConsoleSync {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let records = [LocalRecord(id: "c-000000000000000000000000000001", object: .contact,
                                   fields: JSONObject([("contact_email", .string(longEmail)), ("contact_first_name", "Alexandrina"), ("contact_last_name", "Featherstonehaugh-Cholmondeley")]),
                                   createdAt: now, modifiedAt: now)]
        let conflict = SyncConflict(id: 1, tenantID: 1, connectorID: "hubspot", object: .contact, localID: "c-000000000000000000000000000001", remoteID: "1234567890123",
                                    label: "Alexandrina Featherstonehaugh-Cholmondeley", status: .open, localModified: now, remoteModified: now.addingTimeInterval(-60),
                                    createdAt: now.addingTimeInterval(-7200),
                                    fields: [ConflictField(field: "contact_phone", base: "+44 20 7946 0000", local: "+44 20 7946 0958 extension 1234 (front desk, ask for Alex)",
                                                           remote: "+44 20 7946 0999 extension 5678 (sales team, mornings only)", resolution: nil, value: nil)])
        struct Unused: Error {}
        return ConsoleSync(conflicts: { _ in [conflict] }, plan: { _, _ in throw Unused() }, resolve: { _, _ in throw Unused() },
                           records: { _, _ in records }, createRecord: { _, _, _ in throw Unused() }, editRecord: { _, _, _ in throw Unused() },
                           targets: { _ in [Workspace.SyncTarget(connectorID: "hubspot", connectorName: "HubSpot", object: .contact, lastRun: nil, openConflicts: 1)] },
                           runSync: { _, _, _ in throw Unused() })
    }

    @Test("Catalog, Connector, Schema and Preview")
    func browsing() throws {
        let action = try #require(Self.salesforce.action(id: "createContact")?.action)
        snapshot("catalog", { CatalogScreen(catalog: Self.catalog) })
        snapshot("connector", { ConnectorScreen(connector: Self.salesforce) })
        snapshot("schema", { SchemaScreen(connector: Self.salesforce, action: action) })
        var record = UniversalRecord.sample(.contact)
        record.fields["contact_email"] = .string(Self.longEmail)
        snapshot("preview", { PreviewScreen(connector: Self.salesforce, action: action, record: record) })
    }

    @Test("Mapping editor")
    func mappingEditor() throws {
        let action = try #require(Self.hubspot.action(id: "createContact")?.action)
        snapshot("mapping", { MappingEditorScreen(state: MappingEditorState(connector: Self.hubspot, action: action, mapping: .defaults(Self.hubspot, actionId: action.id), version: nil),
                                                  tenant: "acme-corporation-international-holdings", saver: nil) })
    }

    @Test("History and a run's records")
    func history() {
        snapshot("history", { HistoryScreen(tenant: "acme-corporation-international-holdings", runs: Self.runs(), catalog: Self.catalog, items: { _ in [] }) })
        snapshot("run", { RunItemsScreen(summary: Self.runs()[1], connectorName: "Salesforce", items: Self.items()) }, keys: ["j"])
        snapshot("run-details", { RunItemsScreen(summary: Self.runs()[1], connectorName: "Salesforce", items: Self.items()) }, keys: ["j", "v"])
    }

    @Test("Tenants and the token connect screen")
    func tenants() {
        struct NoLogin: Error {}
        let auth = ConsoleAuth(tenants: { [ConsoleAuth.TenantRow(name: "acme-corporation-international-holdings", externalID: "crm-tenant-000000000000000000042",
                                                                  connections: ["hubspot: valid", "salesforce: needs re-auth", "pipedrive: valid"])] },
                               createTenant: { _ in }, credentialState: { _, _ in nil }, startLogin: { _, _ in throw NoLogin() })
        snapshot("tenants", { TenantsScreen(auth: auth, selected: "acme-corporation-international-holdings") })
        let method = Self.hubspot.authMethods[0]
        snapshot("token-connect", { TokenConnectScreen(connector: Self.hubspot, method: method, tenant: "acme-corporation-international-holdings") { _, _ in "" } })
    }

    @Test("Records, Sync, the conflict queue and the conflict review")
    func syncScreens() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        snapshot("records", { RecordsScreen(sync: Self.sync(), tenant: "acme-corporation-international-holdings") })
        snapshot("sync", { SyncScreen(sync: Self.sync(), tenant: "acme-corporation-international-holdings", now: now) })
        snapshot("conflicts", { ConflictQueueScreen(sync: Self.sync(), tenant: "acme-corporation-international-holdings", now: now) })
        snapshot("conflict-review", {
            var review = ConflictReviewScreen(queue: (try? Self.sync().conflicts(nil)) ?? [], index: 0, sync: Self.sync(), tenant: "acme-corporation-international-holdings")
            review.connectorNames = ["hubspot": "HubSpot"]
            return review
        })
    }

    @Test("the command line's suggestions and the palette")
    func overlays() {
        for size in Self.sizes {
            let c = makeConsole(size: size)
            c.press(":")
            assertSnapshot(c.text, named: "command-\(size.width)x\(size.height)")
            let p = makeConsole(size: size)
            p.press("ctrl+p")
            p.type("ten")
            assertSnapshot(p.text, named: "palette-\(size.width)x\(size.height)")
        }
    }
}
