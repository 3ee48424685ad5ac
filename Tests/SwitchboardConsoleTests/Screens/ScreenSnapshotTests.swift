import ConsoleKit
import Foundation
@testable import SwitchboardConsole
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

    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let tenant = "acme-corporation-international-holdings"

    /// The OAuth walk-through fed step by step (no listener, no browser): waiting with the whole
    /// URL and the countdown, or connected with the result and the next step first.
    static func connect(connected: Bool) -> ConnectScreen {
        var screen = ConnectScreen(connector: hubspot, tenant: tenant, session: LoginSession(), now: now, consent: { _, _ in "" })
        let redirect = "http://127.0.0.1:53682/oauth/callback"
        let url = "https://app.hubspot.com/oauth/authorize?client_id=5f2c9a7e-1b3d-4e8f-9a0b-c1d2e3f4a5b6&redirect_uri=" + redirect.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            + "&scope=crm.objects.contacts.read%20crm.objects.contacts.write%20crm.objects.companies.read%20crm.objects.companies.write%20crm.objects.deals.read%20crm.objects.deals.write%20crm.schemas.contacts.read"
            + "&state=Zq3v9XkT2mWb7rLp4sYc8nHd1fGj6aEe&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        for step: OAuthFlowEvent in [.listening(redirectURI: redirect, port: 53682), .authorizationURL(url),
                                     .browserNotOpened(reason: "no graphical session: $DISPLAY and $WAYLAND_DISPLAY are not set"),
                                     .waiting(deadline: now.addingTimeInterval(287))] {
            _ = screen.receive(LoginSession.Event.step(step), now: now)
        }
        guard connected else { return screen }
        let credential = Credential(id: "cred_5f2c9a7e1b3d4e8f9a0bc1d2e3f4a5b6", tenantID: 1, connectorID: "hubspot", kind: .oauth2, status: .valid,
                                    scopes: ["crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read", "crm.objects.companies.write",
                                             "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.contacts.read"],
                                    expiresAt: now.addingTimeInterval(1800), metadata: [:], tokenHint: "••••9f3a", hasRefreshToken: true, createdAt: now, updatedAt: now)
        for event: LoginSession.Event in [.step(.callbackReceived(via: "browser")), .step(.exchangingCode(tokenURL: "https://api.hubapi.com/oauth/v1/token")),
                                          .step(.stored(credential)), .finished(.success(credential))] {
            _ = screen.receive(event, now: now.addingTimeInterval(5))
        }
        return screen
    }

    @Test("the OAuth Connect screen, waiting and connected")
    func connectScreen() {
        snapshot("connect-waiting", { Self.connect(connected: false) })
        snapshot("connect-connected", { Self.connect(connected: true) })
    }

    /// A Bulk push of a file with valid, already pushed and invalid records (long values).
    static func bulk() throws -> BulkScreen {
        let action = try #require(hubspot.action(id: "createContact")?.action)
        let target = PushTarget(manifest: hubspot, action: action, mapping: .defaults(hubspot, actionId: action.id), access: StaticAccess(.notConnected),
                                previewAccess: .notConnected, linkConnectorID: "hubspot")
        func contact(_ email: String?, _ first: String = "Alexandrina") -> UniversalRecord {
            var fields = JSONObject([("contact_first_name", .string(first)), ("contact_last_name", "Featherstonehaugh-Cholmondeley")])
            if let email { fields["contact_email"] = .string(email) }
            return UniversalRecord(object: .contact, fields: fields)
        }
        let records = (0..<6).map { contact("person\($0).\(longEmail)") } + [contact("linked@example.com"), contact("not-an-email-" + String(repeating: "x", count: 60)),
                                                                             contact(nil, "Nobody"), contact("person0.\(longEmail)")]
        let plan = PushPlan(target: target, records: records, unreadable: ["line 11: field contact_phone: not a string (a number: 4402079460958)"]) { _, key in
            key.hasSuffix("linked@example.com") ? "1234567890123" : nil
        }
        var bulk = BulkScreen(connector: hubspot, action: action, tenant: tenant, file: "/home/support/imports/2027/january/acme-corporation-contacts-final-v3.jsonl",
                              plan: plan, mappingOrigin: "\(tenant)'s version 12", start: { _ in PushSession(run: runs()[1].run) })
        bulk.places = (1...10).map { "line \($0)" }
        return bulk
    }

    @Test("Bulk: the summary, a push in progress and an interrupted push")
    func bulkScreen() throws {
        let summary = try Self.bulk()
        snapshot("bulk-summary", { summary })
        for size in Self.sizes {
            let c = console(summary, size)
            c.press("ctrl+j", "y")
            guard case .sending(let session, _) = (c.model.top as? BulkScreen)?.phase else { Issue.record("not sending: \(c.text)"); return }
            var tally = PushTally()
            tally.succeeded = 3
            tally.failed = 1
            c.dispatch(.screenMessage(PushSession.Message(session: ObjectIdentifier(session), event: .progress(PushProgress(tally: tally, requests: 2, rateLimited: 0, elapsed: 1.6)))))
            assertSnapshot(c.text, named: "screen-bulk-sending-\(size.width)x\(size.height)")
            let items = Self.items()
            c.press("esc")
            c.dispatch(.screenMessage(PushSession.Message(session: ObjectIdentifier(session), event: .finished(PushSession.Outcome(runID: session.run.id, result: .failure(.cancelled), items: items)))))
            assertSnapshot(c.text, named: "screen-bulk-interrupted-\(size.width)x\(size.height)")
        }
    }
}
