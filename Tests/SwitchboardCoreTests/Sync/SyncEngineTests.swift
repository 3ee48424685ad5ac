import Foundation
import SwitchboardCore
import SwitchboardSandbox
import Testing

/// Sync against the sandbox's HubSpot over real sockets: both sides edited, each strategy, the
/// queue, overrides, directions, matching and paging.
@Suite("Sync engine", .serialized)
struct SyncEngineTests {
    @Test("a first sync creates local records in the CRM and links them; a second one sends nothing")
    func firstSync() async throws {
        try await PushBench.with { b in
            let locals = try await b.linkedThree()
            for l in locals { #expect(try b.syncStore.snapshot(tenantID: b.tenant.id, connectorID: "hubspot", object: .contact, localID: l.id) != nil) }
            #expect(try await b.contactsByEmail().count == 3)
            let again = try await b.sync()
            #expect(again.run.counts.createdRemote == 0 && again.run.counts.updatedRemote == 0 && again.run.counts.updatedLocal == 0)
            #expect(again.run.counts.conflicts == 0)
            #expect(try await b.contactsByEmail().count == 3, "no duplicate")
        }
    }

    @Test("different fields changed on each side are both kept, on both sides")
    func differentFields() async throws {
        try await PushBench.with { b in
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try await b.editLocal(ada.id, [("contact_first_name", "Adelaide")])
            try await b.editRemote(remoteID, ["phone": "+44 20 7946 0000"])
            let report = try await b.sync()
            #expect(report.run.counts.updatedRemote == 1 && report.run.counts.updatedLocal == 1 && report.run.counts.conflicts == 0)
            let remote = try await b.remote(remoteID)
            #expect(remote["firstname"]?.stringValue == "Adelaide")
            #expect(remote["phone"]?.stringValue == "+44 20 7946 0000")
            let local = try b.records.get(ada.id, tenantID: b.tenant.id)!
            #expect(local.value("contact_phone")?.stringValue == "+44 20 7946 0000")
            #expect(local.value("contact_first_name")?.stringValue == "Adelaide")
            let quiet = try await b.sync()
            #expect(quiet.run.counts.updatedRemote == 0 && quiet.run.counts.updatedLocal == 0, "settled: \(quiet.run.counts)")
        }
    }

    @Test("the same field changed on both sides follows the strategy", arguments: [SyncStrategy.localWins, .remoteWins, .latestWins, .manual])
    func strategies(_ strategy: SyncStrategy) async throws {
        try await PushBench.with { b in
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try b.syncStore.setStrategy(strategy, field: nil, tenantID: b.tenant.id, connectorID: "hubspot", object: .contact)
            try await b.editLocal(ada.id, [("contact_first_name", "Local Ada")])
            try await b.editRemote(remoteID, ["firstname": "Remote Ada"])
            let report = try await b.sync()
            let remote = try await b.remote(remoteID)["firstname"]?.stringValue
            let local = try b.records.get(ada.id, tenantID: b.tenant.id)!.value("contact_first_name")?.stringValue
            let open = try b.queue.list(tenantID: b.tenant.id)
            switch strategy {
            case .localWins:
                #expect(remote == "Local Ada" && local == "Local Ada" && open.isEmpty)
            case .remoteWins, .latestWins:
                // The CRM edit came last, so latest_wins takes it too.
                #expect(remote == "Remote Ada" && local == "Remote Ada" && open.isEmpty)
            case .manual:
                #expect(remote == "Remote Ada" && local == "Local Ada", "both sides untouched")
                #expect(report.run.counts.conflicts == 1)
                #expect(open.count == 1)
                #expect(open.first?.fields.map(\.field) == ["contact_first_name"])
                #expect(open.first?.fields.first?.local == "Local Ada" && open.first?.fields.first?.remote == "Remote Ada")
                #expect(open.first?.fields.first?.base == "Ada")
                let again = try await b.sync()
                #expect(try b.queue.list(tenantID: b.tenant.id).count == 1, "a second sync does not add a second conflict")
                #expect(again.run.counts.updatedRemote == 0)
            }
        }
    }

    @Test("latest_wins takes the local side when the local edit is the later one")
    func latestWinsLocal() async throws {
        try await PushBench.with { b in
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try b.syncStore.setStrategy(.latestWins, field: nil, tenantID: b.tenant.id, connectorID: "hubspot", object: .contact)
            try await b.editRemote(remoteID, ["firstname": "Remote Ada"])
            try await Task.sleep(nanoseconds: 20_000_000)
            try await b.editLocal(ada.id, [("contact_first_name", "Local Ada")])
            _ = try await b.sync()
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue == "Local Ada")
        }
    }

    @Test("a per-field override beats the default strategy")
    func perFieldOverride() async throws {
        try await PushBench.with { b in
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try b.syncStore.setStrategy(.remoteWins, field: nil, tenantID: b.tenant.id, connectorID: "hubspot", object: .contact)
            try b.syncStore.setStrategy(.manual, field: "contact_phone", tenantID: b.tenant.id, connectorID: "hubspot", object: .contact)
            try await b.editLocal(ada.id, [("contact_first_name", "Local Ada"), ("contact_phone", "+1 555 1111")])
            try await b.editRemote(remoteID, ["firstname": "Remote Ada", "phone": "+1 555 2222"])
            _ = try await b.sync()
            let local = try b.records.get(ada.id, tenantID: b.tenant.id)!
            #expect(local.value("contact_first_name")?.stringValue == "Remote Ada", "default remote_wins")
            #expect(local.value("contact_phone")?.stringValue == "+1 555 1111", "phone waits for a person")
            #expect(try await b.remote(remoteID)["phone"]?.stringValue == "+1 555 2222")
            #expect(try b.queue.list(tenantID: b.tenant.id).flatMap { $0.fields.map(\.field) } == ["contact_phone"])
        }
    }

    @Test("a push-only field never pulls, and a pull-only one never pushes")
    func directions() async throws {
        try await PushBench.with { b in
            var mapping = FieldMapping.defaults(b.hubspot, actionId: "createContact")
            var phone = mapping.rule(for: JSONPointer(tokens: ["properties", "phone"]))!
            phone.direction = .push
            mapping.set(phone)
            var first = mapping.rule(for: JSONPointer(tokens: ["properties", "firstname"]))!
            first.direction = .pull
            mapping.set(first)
            try MappingStore(store: b.store).save(mapping, tenantID: b.tenant.id, note: "test")
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try await b.editRemote(remoteID, ["phone": "+1 555 9999"])
            try await b.editLocal(ada.id, [("contact_first_name", "Local Ada")])
            _ = try await b.sync()
            let local = try b.records.get(ada.id, tenantID: b.tenant.id)!
            #expect(local.value("contact_phone")?.stringValue == "+1 555 0100", "phone is push-only: the CRM's edit is not pulled")
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue != "Local Ada", "first name is pull-only: not pushed")
        }
    }

    @Test("direction to-crm pulls nothing and from-crm writes nothing to the CRM")
    func runDirections() async throws {
        try await PushBench.with { b in
            let ada = try await b.linkedThree().first { $0.value("contact_email")?.stringValue == "ada@example.com" }!
            let remoteID = try b.remoteID(of: ada.id)
            try await b.editRemote(remoteID, ["phone": "+1 555 7777"])
            try await b.editLocal(ada.id, [("contact_first_name", "Local Ada")])
            let pullOnly = try await b.sync(.fromCRM)
            #expect(pullOnly.run.counts.updatedRemote == 0 && pullOnly.run.counts.updatedLocal == 1)
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue == "Ada")
            let pushOnly = try await b.sync(.toCRM)
            #expect(pushOnly.run.counts.pulled == 0 && pushOnly.run.counts.updatedRemote == 1)
            #expect(try await b.remote(remoteID)["firstname"]?.stringValue == "Local Ada")
        }
    }

    @Test("an unlinked local record is matched to the CRM's record by email, not created twice")
    func matchByEmail() async throws {
        try await PushBench.with { b in
            let remoteID = try await b.createRemote(email: "dora@example.com", first: "Dora")
            try b.importContacts([("Dora@Example.com", "Dora", "+1 555 0199")])
            let report = try await b.sync()
            #expect(report.run.counts.createdRemote == 0 && report.run.counts.createdLocal == 0)
            let dora = try b.local(email: "dora@example.com")
            #expect(try b.remoteID(of: dora.id) == remoteID)
            #expect(try await b.contactsByEmail()["dora@example.com"]?.count == 1)
            #expect(try await b.remote(remoteID)["phone"]?.stringValue == "+1 555 0199", "the local phone went to the CRM")
        }
    }

    @Test("CRM records not here become local records; an incremental pull pages and asks only for changes")
    func pagingAndIncremental() async throws {
        try await PushBench.with { b in
            try await b.rateLimitOff()
            // One batch at a time, so the last batch (50) is the newest change (see the checkpoint below).
            let created = try await b.executor(concurrency: 1).execute(b.run(contacts(250, prefix: "remote")))
            #expect(created.tally.succeeded == 250)
            // Those were pushed from another tenant's point of view: forget the links.
            try await b.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
            let first = try await b.sync()
            #expect(first.run.counts.createdLocal == 250)
            #expect(first.run.counts.requests >= 3, "250 records at 100 a page: 3 pages (\(first.run.counts.requests) requests)")
            #expect(try b.records.count(tenantID: b.tenant.id, object: .contact) == 250)
            let someone = try b.local(email: "remote7@example.com")
            try await b.editRemote(try b.remoteID(of: someone.id), ["firstname": "Changed"])
            let second = try await b.sync()
            // The checkpoint is "changed at or after the newest change seen" (HubSpot's GTE filter), so
            // the last batch (50 records written in the same millisecond) is seen again, but not the 200 before it.
            #expect(second.run.counts.pulled <= 51, "only the changes are pulled: \(second.run.counts.pulled)")
            #expect(second.run.counts.requests == 2, "one search page and the contacts' companies read beside it")
            #expect(second.run.counts.updatedLocal == 1)
            #expect(try b.records.get(someone.id, tenantID: b.tenant.id)!.value("contact_first_name")?.stringValue == "Changed")
        }
    }

    @Test("past the search's result cap (HubSpot: 10,000; here 250) the pull starts again from the newest change seen and misses nothing")
    func resultCap() async throws {
        try await PushBench.with { b in
            try await b.rateLimitOff()
            for chunk in 0..<6 {
                let created = try await b.executor().execute(b.run(contacts(100, prefix: "cap\(chunk)-")))
                #expect(created.tally.succeeded == 100)
                try await Task.sleep(nanoseconds: 3_000_000)
            }
            try await b.store.pool.write { db in try db.execute(sql: "DELETE FROM record_link") }
            var hubspot = b.hubspot
            hubspot.syncObjects[0].paging.maxResults = 250
            let engine = try SyncEngine(connector: hubspot, object: .contact, tenantID: b.tenant.id, store: b.store, transport: b.transport,
                                        access: StaticAccess(.init(accessToken: b.token)), limiter: RateLimiter(limit: nil, window: 1))
            let report = try await engine.run()
            #expect(report.run.counts.createdLocal == 600, "\(report.run.counts)")
            #expect(try b.records.count(tenantID: b.tenant.id, object: .contact) == 600)
        }
    }
}
