import Foundation
import SwitchboardCore

/// The mapping, push and history services the Mapping editor, Preview (send), History and Bulk
/// screens use, as closures so headless tests inject a temporary store and a live sandbox.
public struct ConsoleData: Sendable {
    /// Records to plan a push of: through an action with a mapping, for a tenant.
    public struct PushRequest: Sendable {
        public var tenant: String
        public var connector: ConnectorManifest
        public var action: ActionSpec
        public var mapping: FieldMapping
        public var records: [UniversalRecord]
        /// Records the file reader set aside, as "line N: why".
        public var unreadable: [String]

        public init(tenant: String, connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, records: [UniversalRecord], unreadable: [String] = []) {
            self.tenant = tenant
            self.connector = connector
            self.action = action
            self.mapping = mapping
            self.records = records
            self.unreadable = unreadable
        }
    }

    /// A failure with a user-facing message.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The tenant's newest mapping for the action (else the manifest's defaults) and its version number.
    public var loadMapping: @Sendable (_ tenant: String, _ connector: ConnectorManifest, _ actionID: String) throws -> (mapping: FieldMapping, version: Int?)
    /// Saves a new version; returns its number.
    public var saveMapping: @Sendable (_ tenant: String, _ mapping: FieldMapping, _ note: String) throws -> Int
    /// A run and the count of its items by state.
    public struct RunSummary: Sendable, Equatable {
        public var run: PushRun
        public var tally: PushTally
        public init(run: PushRun, tally: PushTally) {
            self.run = run
            self.tally = tally
        }
    }

    /// The tenant's push runs, newest first.
    public var runs: @Sendable (_ tenant: String) throws -> [RunSummary]
    /// A run's items in order.
    public var runItems: @Sendable (_ runID: String) throws -> [PushItem]
    /// Reads a records file (JSON, JSON Lines or CSV): the good records, and a line for each one set aside.
    public var readRecords: @Sendable (_ path: String, _ object: UniversalObject?) throws -> (records: [UniversalRecord], invalid: [String], places: [String])
    /// The plan of a push: what would be created, is linked already, is invalid and why.
    public var planPush: @Sendable (PushRequest) throws -> PushPlan
    /// Journals the plan's valid records as a run and starts it in the background (record links stored).
    public var startPush: @Sendable (_ plan: PushPlan, _ tenant: String, _ source: String) throws -> PushSession
    /// The connector as the tenant's account has it (action schemas merged with its own fields),
    /// and when those fields were read by object; the manifest as is when never read.
    public var tenantSchema: @Sendable (_ tenant: String, _ connector: ConnectorManifest) -> (manifest: ConnectorManifest, readAt: [UniversalObject: Date])
    /// The rules of the tenant's mapping whose target field changed or vanished in the account
    /// since the saved version was saved.
    public var mappingDrift: @Sendable (_ tenant: String, _ mapping: FieldMapping) -> [SchemaDrift]
    /// The record as a push through the mapping would send it (local ids of associated records
    /// replaced by their CRM ids), why it would wait when one is not in the CRM yet, and its own
    /// CRM id when the tenant pushed it before.
    public var resolveReferences: @Sendable (_ tenant: String, _ connector: ConnectorManifest, _ mapping: FieldMapping, _ record: UniversalRecord)
        -> ResolvedRecord
    /// The values an action's body fields take in the tenant's account (picklist options, pipeline stages).
    public var valueChoices: @Sendable (_ tenant: String, _ connector: String, _ action: String) -> [ValueChoices]
    /// Reads the tenant's fields of a connector from the CRM again; a one-line summary of what changed.
    public var refreshSchema: @Sendable (_ tenant: String, _ connector: String) async throws -> String
    /// Finishes an interrupted or stopped run (as `push --resume`): its session, or nil when
    /// nothing is left to send.
    public var resumePush: @Sendable (_ runID: String) async throws -> PushSession?
    /// The request a push of the record would send, with the tenant's real token in its headers
    /// (the credential provider's, only for the host it was issued for): asked for only when a
    /// person confirms copying it whole. Path parameters are filled as the Preview shows them (an
    /// update's record id from the record link, else `{name}`).
    public var liveRequest: @Sendable (_ tenant: String, _ connector: ConnectorManifest, _ action: ActionSpec, _ mapping: FieldMapping,
                                       _ record: UniversalRecord) async throws -> PreparedRequest

    public init(loadMapping: @escaping @Sendable (String, ConnectorManifest, String) throws -> (mapping: FieldMapping, version: Int?),
                saveMapping: @escaping @Sendable (String, FieldMapping, String) throws -> Int,
                runs: @escaping @Sendable (String) throws -> [RunSummary],
                runItems: @escaping @Sendable (String) throws -> [PushItem],
                readRecords: @escaping @Sendable (String, UniversalObject?) throws -> (records: [UniversalRecord], invalid: [String], places: [String]),
                planPush: @escaping @Sendable (PushRequest) throws -> PushPlan,
                startPush: @escaping @Sendable (PushPlan, String, String) throws -> PushSession,
                tenantSchema: @escaping @Sendable (String, ConnectorManifest) -> (manifest: ConnectorManifest, readAt: [UniversalObject: Date]) = { ($1, [:]) },
                mappingDrift: @escaping @Sendable (String, FieldMapping) -> [SchemaDrift] = { _, _ in [] },
                valueChoices: @escaping @Sendable (String, String, String) -> [ValueChoices] = { _, _, _ in [] },
                resolveReferences: @escaping @Sendable (String, ConnectorManifest, FieldMapping, UniversalRecord) -> ResolvedRecord
                    = { _, _, _, record in ResolvedRecord(record: record) },
                refreshSchema: @escaping @Sendable (String, String) async throws -> String = { _, _ in throw Failure("schemas cannot be read here") },
                resumePush: @escaping @Sendable (String) async throws -> PushSession? = { _ in throw Failure("runs cannot be resumed here") },
                liveRequest: @escaping @Sendable (String, ConnectorManifest, ActionSpec, FieldMapping, UniversalRecord) async throws -> PreparedRequest
                    = { _, _, _, _, _ in throw Failure("tokens cannot be read here") }) {
        self.resumePush = resumePush
        self.liveRequest = liveRequest
        self.loadMapping = loadMapping
        self.saveMapping = saveMapping
        self.runs = runs
        self.runItems = runItems
        self.readRecords = readRecords
        self.planPush = planPush
        self.startPush = startPush
        self.tenantSchema = tenantSchema
        self.mappingDrift = mappingDrift
        self.valueChoices = valueChoices
        self.resolveReferences = resolveReferences
        self.refreshSchema = refreshSchema
    }

    /// Services over a workspace (the console's one store, catalog and platform).
    public static func live(workspace: Workspace) -> ConsoleData {
        @Sendable func stores() throws -> WorkspaceStores { try workspace.stores() }
        return ConsoleData(
            loadMapping: { name, connector, actionID in
                let t = try workspace.tenant(name)
                do {
                    if let current = try stores().mappings.current(tenantID: t.id, connectorID: connector.id, actionID: actionID) { return (current.mapping, current.version) }
                    return (.defaults(connector, actionId: actionID), nil)
                } catch { throw Failure(String(describing: error)) }
            },
            saveMapping: { name, mapping, note in
                let t = try workspace.tenant(name)
                do { return try workspace.saveMapping(mapping, tenant: t, note: note) } catch { throw Failure(String(describing: error)) }
            },
            runs: { name in
                let t = try workspace.tenant(name)
                let journal = try stores().journal
                do { return try journal.runs(tenantID: t.id).map { RunSummary(run: $0, tally: try journal.tally(run: $0.id)) } } catch { throw Failure(String(describing: error)) }
            },
            runItems: { id in
                do { return try stores().journal.items(run: id) } catch { throw Failure(String(describing: error)) }
            },
            readRecords: { path, object in
                let read = try workspace.readRecordsSkippingInvalid(path: path, object: object)
                return (read.records, read.unreadable, read.places)
            },
            planPush: { request in
                let t = try workspace.tenant(request.tenant)
                let target = try workspace.pushTarget(connector: request.connector, action: request.action, mapping: request.mapping, tenant: t)
                return try workspace.pushPlan(target, records: request.records, unreadable: request.unreadable, tenant: t)
            },
            startPush: { plan, tenant, source in
                try workspace.startPush(plan, tenant: try workspace.tenant(tenant), source: source)
            },
            tenantSchema: { name, connector in
                guard let t = try? workspace.tenant(name) else { return (connector, [:]) }
                let read = ((try? workspace.tenantSchemas(tenant: t, connector: connector.id)) ?? [:]).mapValues(\.readAt)
                return (workspace.tenantManifest(connector, tenant: t), read)
            },
            mappingDrift: { name, mapping in
                guard let t = try? workspace.tenant(name) else { return [] }
                let saved = (try? stores().mappings.current(tenantID: t.id, connectorID: mapping.connectorId, actionID: mapping.actionId))??.targetFields ?? [:]
                return workspace.drift(of: mapping, tenant: t, saved: saved)
            },
            valueChoices: { name, connector, action in
                guard let t = try? workspace.tenant(name) else { return [] }
                return workspace.valueChoices(connector: connector, action: action, tenant: t)
            },
            resolveReferences: { name, connector, mapping, record in
                guard let t = try? workspace.tenant(name) else { return ResolvedRecord(record: record) }
                return workspace.resolvingReferences(record, connector: connector, mapping: mapping, tenant: t)
            },
            refreshSchema: { name, connector in
                let t = try workspace.tenant(name)
                let report = try await workspace.refreshSchema(tenant: t, connector: connector)
                let custom = report.objects.map(\.schema.customFields.count).reduce(0, +)
                let diffs = report.objects.compactMap(\.diff)
                let added = diffs.map(\.added.count).reduce(0, +), removed = diffs.map(\.removed.count).reduce(0, +)
                let changed = diffs.map(\.changed.count).reduce(0, +)
                let drift = workspace.connectorDrift(tenant: t, connector: connector).count
                var text = "Read \(name)'s \(connector) fields: \(report.objects.count) objects, \(custom) custom"
                text += diffs.count < report.objects.count ? " (first read)" : (added + removed + changed == 0 ? ", no change" : ", \(added) added, \(removed) removed, \(changed) changed")
                if drift > 0 { text += "; schema changed under \(drift) mapping rule\(drift == 1 ? "" : "s") (:mapping shows them)" }
                return text
            },
            resumePush: { id in
                let resumption = try await workspace.resumption(of: id)
                guard let target = resumption.target else { return nil }
                return PushSession.start(executor: try workspace.pushExecutor(target), run: resumption.run, journal: try stores().journal)
            },
            liveRequest: { name, connector, action, mapping, record in
                let tenant = try workspace.tenant(name)
                var values = Dictionary(uniqueKeysWithValues: action.pathParameters.map { ($0, "{\($0)}") })
                // An update's record id from the record link, as the Preview shows it and a push sends it.
                if let first = action.pathParameters.first,
                   let linked = workspace.resolvingReferences(record, connector: connector, mapping: mapping, tenant: tenant).linkedID {
                    values[first] = linked
                }
                return try await workspace.liveRequest(connector: connector, action: action, mapping: mapping, record: record,
                                                       tenant: tenant, pathValues: values)
            })
    }
}
