import Foundation
import SwitchboardCore

/// The mapping, push and history services the Mapping editor, Preview (send), History and Bulk
/// screens use, as closures so headless tests inject a temporary store and a live sandbox.
public struct ConsoleData: Sendable {
    /// A push to start: records through an action with a mapping, for a tenant.
    public struct PushRequest: Sendable {
        public var tenant: String
        public var connector: ConnectorManifest
        public var action: ActionSpec
        public var mapping: FieldMapping
        public var records: [UniversalRecord]
        /// Where the records came from (kept in the run), e.g. a file path or "console preview".
        public var source: String

        public init(tenant: String, connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, records: [UniversalRecord], source: String) {
            self.tenant = tenant
            self.connector = connector
            self.action = action
            self.mapping = mapping
            self.records = records
            self.source = source
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
    /// The CRM id a record is linked to, if it was pushed before.
    public var linkedID: @Sendable (_ tenant: String, _ connectorID: String, _ object: UniversalObject, _ localID: String) -> String?
    /// Reads a records file (JSON, JSON Lines or CSV): the good records, and a line for each one set aside.
    public var readRecords: @Sendable (_ path: String, _ object: UniversalObject?) throws -> (records: [UniversalRecord], invalid: [String])
    /// Starts a push in the background (journalled; record links stored).
    public var startPush: @Sendable (PushRequest) throws -> PushSession

    public init(loadMapping: @escaping @Sendable (String, ConnectorManifest, String) throws -> (mapping: FieldMapping, version: Int?),
                saveMapping: @escaping @Sendable (String, FieldMapping, String) throws -> Int,
                runs: @escaping @Sendable (String) throws -> [RunSummary],
                runItems: @escaping @Sendable (String) throws -> [PushItem],
                linkedID: @escaping @Sendable (String, String, UniversalObject, String) -> String?,
                readRecords: @escaping @Sendable (String, UniversalObject?) throws -> (records: [UniversalRecord], invalid: [String]),
                startPush: @escaping @Sendable (PushRequest) throws -> PushSession) {
        self.loadMapping = loadMapping
        self.saveMapping = saveMapping
        self.runs = runs
        self.runItems = runItems
        self.linkedID = linkedID
        self.readRecords = readRecords
        self.startPush = startPush
    }

    /// Services over a store and master key. `catalog` is the one the console shows (the sandbox's
    /// when `--sandbox`), `appCredentials` resolves OAuth apps for refreshes.
    public static func live(store: SwitchboardStore, key: MasterKey, catalog: ConnectorCatalog, transport: any HTTPTransport = AsyncHTTPTransport.shared,
                            retry: RetryPolicy = RetryPolicy(),
                            appCredentials: @escaping @Sendable (String) throws(AuthError) -> AppCredentials = { id throws(AuthError) in try AppCredentials.resolve(connectorID: id) }) -> ConsoleData {
        let tenants = TenantStore(store: store)
        let mappings = MappingStore(store: store)
        let journal = PushJournal(store: store)
        let credentials = CredentialStore(store: store, key: key)
        let provider = CredentialProvider(catalog: catalog, tenants: tenants, credentials: credentials, appCredentials: appCredentials, transport: transport)
        @Sendable func tenant(_ name: String) throws -> Tenant {
            do { return try tenants.get(name) } catch { throw Failure(String(describing: error)) }
        }
        return ConsoleData(
            loadMapping: { name, connector, actionID in
                let t = try tenant(name)
                do {
                    if let current = try mappings.current(tenantID: t.id, connectorID: connector.id, actionID: actionID) { return (current.mapping, current.version) }
                    return (.defaults(connector, actionId: actionID), nil)
                } catch { throw Failure(String(describing: error)) }
            },
            saveMapping: { name, mapping, note in
                let t = try tenant(name)
                do { return try mappings.save(mapping, tenantID: t.id, note: note) } catch { throw Failure(String(describing: error)) }
            },
            runs: { name in
                let t = try tenant(name)
                do { return try journal.runs(tenantID: t.id).map { RunSummary(run: $0, tally: try journal.tally(run: $0.id)) } } catch { throw Failure(String(describing: error)) }
            },
            runItems: { id in
                do { return try journal.items(run: id) } catch { throw Failure(String(describing: error)) }
            },
            linkedID: { name, connectorID, object, localID in
                guard let t = try? tenants.find(name) else { return nil }
                return try? journal.link(tenantID: t.id, connectorID: connectorID, object: object, localID: localID)
            },
            readRecords: { path, object in
                do {
                    let read = try RecordReader.readSkippingInvalid(path: path, object: object)
                    return (read.records, read.invalid.map { e in e.line.map { "line \($0): \(e.message)" } ?? e.message })
                } catch { throw Failure(String(describing: error)) }
            },
            startPush: { request in
                let t = try tenant(request.tenant)
                var keyed: [(localID: String, record: UniversalRecord)] = []
                var seen: Set<String> = []
                for (i, r) in request.records.enumerated() {
                    guard let key = r.localKey else { throw Failure("record \(i + 1) has no id and no unique key to identify it") }
                    guard seen.insert(key).inserted else { throw Failure("record \(i + 1) repeats \(key); each record may appear once") }
                    keyed.append((key, r))
                }
                let run: PushRun
                do {
                    run = try journal.createRun(tenantID: t.id, connectorID: request.connector.id, actionID: request.action.id,
                                                object: request.action.object ?? .contact, source: request.source, mapping: request.mapping, records: keyed)
                } catch { throw Failure(String(describing: error)) }
                let executor = PushExecutor(connector: request.connector, action: request.action, mapping: request.mapping, transport: transport,
                                            access: CredentialAccess(provider: provider, tenant: t.name, connector: request.connector.id),
                                            journal: journal, retry: retry)
                return PushSession.start(executor: executor, run: run, journal: journal)
            })
    }
}
