import Foundation

/// Push planning and runs: the target of an action on the chosen platform, the mapping it uses,
/// the records read or stored, the plan made once, the journalled run and its executor, resume.
extension Workspace {
    /// The manifest and action (direct), or a one-line error listing what exists.
    public func requireAction(_ connector: String, _ action: String) throws(WorkspaceError) -> (ConnectorManifest, ActionSpec) {
        let manifest = try self.manifest(connector)
        guard let found = manifest.action(id: action) else {
            throw WorkspaceError("\(manifest.id) has no action \"\(action)\"; known: \(manifest.allActions.map(\.id).joined(separator: ", "))")
        }
        return (manifest, found.action)
    }

    /// The mapping a push of `action` uses: `file` (a mapping document), else the tenant's newest
    /// version, else nil (the connector's defaults). `connector` is a catalog id of the chosen platform.
    public func mapping(connector: String, action: String, tenant: Tenant?, file: String?) throws(WorkspaceError) -> FieldMapping? {
        let platform = try platform()
        let manifestID = platform.mappingManifestID(for: connector)
        let local = manifestID.flatMap { catalog.connector(id: $0) }
        if let file {
            guard let local else {
                // The platform's catalog is the manifests themselves: the connector is unknown.
                if manifestID == connector { throw WorkspaceError(AuthError.unknownConnector(connector).description) }
                throw WorkspaceError("--mapping needs a built-in connector behind \(connector); it has none")
            }
            guard local.action(id: action) != nil else {
                throw WorkspaceError("\(local.id) has no action \"\(action)\"; known: \(local.allActions.map(\.id).joined(separator: ", "))")
            }
            return try MappingDocument.load(file, connector: local.id, action: action)
        }
        guard let tenant, let local else { return nil }
        let mappings = try stores().mappings
        return try workspaceCall { try mappings.effective(tenantID: tenant.id, connector: local, actionID: action) }
    }

    /// What a preview or push of `action` sends on the chosen platform, with the mapping above.
    public func pushTarget(connector: String, action: String, tenant: Tenant?, mappingFile: String? = nil,
                           requireCredential: Bool) async throws(WorkspaceError) -> PushTarget {
        let platform = try platform()
        let mapping = try mapping(connector: connector, action: action, tenant: tenant, file: mappingFile)
        let target: PushTarget
        do {
            target = try await platform.pushTarget(tenant: tenant, connector: connector, action: action, local: catalog, mapping: mapping,
                                                   requireCredential: requireCredential)
        } catch { throw WorkspaceError(error.description) }
        guard let tenant, catalog.connector(id: target.manifest.id) != nil else { return target }
        if (try? tenantSchemas(tenant: tenant, connector: target.manifest.id))?.isEmpty == false {
            await refreshSchemaIfStale(tenant: tenant, connector: target.manifest.id)
        }
        return withTenantSchema(target, tenant: tenant)
    }

    /// The target with its manifest and action merged with the tenant's stored schema (direct connectors).
    func withTenantSchema(_ target: PushTarget, tenant: Tenant) -> PushTarget {
        guard catalog.connector(id: target.manifest.id) != nil else { return target }
        var merged = target
        merged.manifest = tenantManifest(target.manifest, tenant: tenant)
        if let action = merged.manifest.action(id: target.action.id)?.action { merged.action = action }
        return merged
    }

    /// The push target of a catalog connector's action with a mapping the caller holds (the
    /// console's Preview and Bulk screens, whose mapping editor works on the catalog's manifest).
    public func pushTarget(connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, tenant: Tenant) throws(WorkspaceError) -> PushTarget {
        let platform = try self.platform(servingConnectorID: connector.id)
        return withTenantSchema(PushTarget(manifest: connector, action: action, mapping: mapping, access: platform.pushAccess(tenant: tenant, connector: connector.id),
                                           previewAccess: .notConnected, linkConnectorID: connector.id), tenant: tenant)
    }

    /// Records from a file (JSON, JSON Lines or CSV; `-` is stdin) for `object`.
    public func readRecords(path: String, object: UniversalObject?) throws(WorkspaceError) -> [UniversalRecord] {
        do { return try RecordReader.read(path: path, object: object) } catch { throw WorkspaceError(error.description, namesPlace: true) }
    }

    /// Records from a file, with those of the wrong shape set aside as "line N: why", and where
    /// each record kept is in the file ("line N", or "record N" of a JSON array; empty when unknown).
    public func readRecordsSkippingInvalid(path: String, object: UniversalObject?) throws(WorkspaceError)
        -> (records: [UniversalRecord], unreadable: [String], places: [String]) {
        do {
            let read = try RecordReader.readSkippingInvalid(path: path, object: object)
            return (read.records, read.invalid.map { e in e.line.map { "line \($0): \(e.message)" } ?? e.message }, read.places)
        } catch { throw WorkspaceError(error.description) }
    }

    /// The tenant's stored records of `object`: all, or those with `ids` in that order.
    public func storedRecords(_ ids: [String], object: UniversalObject?, tenant: Tenant) throws(WorkspaceError) -> [UniversalRecord] {
        let records = try stores().records
        guard let object else { throw WorkspaceError("the action has no object (contact, company, deal, lead, activity or ticket), so it cannot take stored records") }
        if ids.isEmpty {
            let all = try workspaceCall { try records.list(tenantID: tenant.id, object: object) }
            if all.isEmpty { throw WorkspaceError("\(tenant.name) has no stored \(object.rawValue) records; `switchboard records import` adds some") }
            return all.map(\.universal)
        }
        return try ids.map { id throws(WorkspaceError) -> UniversalRecord in
            guard let r = try workspaceCall({ try records.get(id, tenantID: tenant.id, object: object) }) else { throw WorkspaceError(LocalRecordError.notFound(id).description) }
            return r.universal
        }
    }

    /// The plan of pushing `records` through `target`: keys, repeats, links (the tenant's), each body mapped and validated once.
    public func pushPlan(_ target: PushTarget, records: [UniversalRecord], unreadable: [String] = [], tenant: Tenant?) throws(WorkspaceError) -> PushPlan {
        // The links of every record's key, read in a few queries rather than one per record (a
        // plan without a tenant, a preview, opens no store).
        var links: [UniversalObject: [String: String]] = [:]
        if let tenant {
            let journal = try stores().journal
            for (object, group) in Dictionary(grouping: records, by: \.object) {
                let keys = group.compactMap(\.localKey)
                links[object] = try workspaceCall { try journal.links(tenantID: tenant.id, connectorID: target.linkConnectorID, object: object, localIDs: keys) }
            }
        }
        // A plan without a tenant (a preview) opens no store.
        let journal = tenant == nil ? nil : try stores().journal
        let resolver = AssociationResolver(journal: journal, tenantID: tenant?.id, connectorID: target.linkConnectorID, crmName: target.manifest.name)
        let (resolved, waiting) = try workspaceCall { try resolver.resolve(records, mapping: target.mapping) }
        var plan = PushPlan(target: target, records: resolved, unreadable: unreadable) { record, key in links[record.object]?[key] }
        for (index, reason) in waiting where plan.entries[index].keyProblem == nil { plan.entries[index].keyProblem = reason }
        return plan
    }

    /// A record as a push through `mapping` would send it: the local ids in its reference fields
    /// (`activity_contact_id`, `deal_company_id`, …) replaced by the CRM ids of the tenant's records
    /// they are linked to; `waiting` says which associated record is not in the CRM yet (a push
    /// holds the record back until it is); `linkedID` is the record's own CRM id when the tenant
    /// pushed it before (an update's `{contactId}`). The record as it is when the links cannot be read.
    public func resolvingReferences(_ record: UniversalRecord, connector: ConnectorManifest, mapping: FieldMapping,
                                    tenant: Tenant) -> ResolvedRecord {
        guard let journal = try? stores().journal else { return ResolvedRecord(record: record) }
        let linked = record.localKey.flatMap { key in
            try? journal.link(tenantID: tenant.id, connectorID: connector.id, object: record.object, localID: key)
        }
        let resolver = AssociationResolver(journal: journal, tenantID: tenant.id, connectorID: connector.id, crmName: connector.name)
        guard let (records, waiting) = try? resolver.resolve([record], mapping: mapping), let first = records.first else {
            return ResolvedRecord(record: record, linkedID: linked)
        }
        return ResolvedRecord(record: first, waiting: waiting[0], linkedID: linked)
    }

    /// Journals the plan's records as a new run (every record queued) before anything is sent.
    /// `onlyValid` leaves invalid records out; otherwise they are journalled and fail with their reasons.
    public func startPushRun(_ plan: PushPlan, tenant: Tenant, source: String, onlyValid: Bool, useBatch: Bool = true) throws(WorkspaceError) -> PushRun {
        let journal = try stores().journal
        // A credential store that cannot be opened (a wrong master key) stops here, not as a refused credential mid-run.
        _ = try credentialProvider()
        let action = plan.action
        return try workspaceCall {
            try journal.createRun(tenantID: tenant.id, connectorID: plan.target.manifest.id, actionID: action.id, object: action.object ?? .contact,
                                  source: source, mapping: plan.target.mapping, records: plan.journalRecords(onlyValid: onlyValid), useBatch: useBatch)
        }
    }

    /// The executor that sends a run of `target` (with the plan's prepared bodies, when there is a plan).
    /// `quotaShare` is the part of the account's rate limit (learned from the CRM's headers) the run may use.
    public func pushExecutor(_ target: PushTarget, plan: PushPlan? = nil, useBatch: Bool = true,
                             concurrency: Int = PushExecutor.defaultConcurrency, quotaShare: Double = 1) throws(WorkspaceError) -> PushExecutor {
        PushExecutor(connector: target.manifest, action: target.action, mapping: target.mapping, transport: configuration.transport,
                     access: target.access, journal: try stores().journal, limiter: RateLimiter.forConnector(target.manifest, share: quotaShare),
                     retry: configuration.retry, useBatch: useBatch, concurrency: concurrency,
                     preparedBodies: plan?.preparedBodies ?? [:])
    }

    /// Journals and starts a push in the background (the console's Preview send and Bulk screen):
    /// only the plan's sendable records are journalled; with none, nothing starts and the first
    /// record's problem is the error.
    public func startPush(_ plan: PushPlan, tenant: Tenant, source: String) throws(WorkspaceError) -> PushSession {
        guard !plan.sendable.isEmpty else {
            if let problem = plan.firstKeyProblem { throw WorkspaceError(problem.message) }
            throw WorkspaceError(plan.invalid.first.map { "record \($0.position): " + $0.problems.joined(separator: "; ") } ?? "no record to push")
        }
        let run = try startPushRun(plan, tenant: tenant, source: source, onlyValid: true)
        return PushSession.start(executor: try pushExecutor(plan.target, plan: plan), run: run, journal: try stores().journal)
    }

    /// A run to finish: its target on the platform that started it (bound to the tenant's current
    /// credential) and its tally. The target is nil when nothing is left to send.
    public struct Resumption: Sendable {
        public var run: PushRun
        /// The run's tenant (nil for a finished run, which needs none).
        public var tenant: Tenant?
        public var target: PushTarget?
        public var tally: PushTally
    }

    /// What finishing run `id` takes, or a one-line error when there is no such run.
    public func resumption(of id: String) async throws(WorkspaceError) -> Resumption {
        let journal = try stores().journal
        guard let run = try workspaceCall({ try journal.run(id) }) else { throw WorkspaceError("no push run \"\(id)\"; `switchboard history` lists them") }
        let tally = try workspaceCall { try journal.tally(run: id) }
        // Nothing to send: no platform (nor the tenant) is asked.
        if run.status == .finished, tally.queued + tally.sending == 0 { return Resumption(run: run, tenant: nil, target: nil, tally: tally) }
        let tenant = try self.tenant(id: run.tenantID, for: "run \(id)")
        _ = try credentialProvider()
        let platform = try self.platform(servingConnectorID: run.connectorID)
        let journalled = try workspaceCall { try journal.mapping(ofRun: id) }
        do {
            let target = try await platform.resumeTarget(run: run, tenant: tenant, local: catalog, journalled: journalled)
            return Resumption(run: run, tenant: tenant, target: target, tally: tally)
        } catch { throw WorkspaceError(error.description) }
    }

    /// For an update of a linked record: the CRM's current record read with the tenant's
    /// credential and compared field by field; a failure to read is the result, not an error.
    public func updateChanges(_ target: PushTarget, record: UniversalRecord, remoteID: String) async -> Result<[FieldChange], UpdateDiff.Failure> {
        guard let object = target.action.object else { return .failure(UpdateDiff.Failure(message: "the action has no object")) }
        let diff = UpdateDiff(connector: target.manifest, object: object, mapping: target.mapping)
        let credential: AccessGrant
        do { credential = try await target.access.access() } catch { return .failure(UpdateDiff.Failure(message: String(describing: error))) }
        do throws(UpdateDiff.Failure) {
            let current = try await diff.fetch(remoteID: remoteID, transport: configuration.transport, access: credential)
            return .success(diff.changes(record: record, current: current))
        } catch {
            return .failure(error)
        }
    }
}
