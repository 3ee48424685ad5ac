import Foundation

/// Why a sync run could not start or had to stop.
public struct SyncError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { code == "SETUP" ? message : "\(code): \(message)" }
}

/// What one sync run did.
public struct SyncReport: Sendable, Equatable {
    public var run: SyncRun
    public var failures: [SyncFailure]
    /// The conflicts this run added to or refreshed in the queue.
    public var conflictIDs: [Int64]
}

/// One bidirectional sync pass for a tenant × connector × object:
/// 1. pull the CRM records changed since the checkpoint (paged, rate-limited, retried);
/// 2. match each to a local record: record link, then external id (a rule writing our `id`), then
///    email / domain, then (opt-in) name + company;
/// 3. compare every mapped field three ways against the last-synced snapshot and settle changes
///    on both sides with the strategy (`manual` → the conflict queue, both sides left alone);
/// 4. write local changes to the local store, and CRM changes through the push engine (journal,
///    record links, retries, no duplicates);
/// 5. save the new snapshots and the checkpoint.
/// Requests grow with the changes, not with the records: unchanged records cost nothing.
public struct SyncEngine: Sendable {
    public let connector: ConnectorManifest
    public let object: UniversalObject
    public let tenantID: Int64
    public let spec: SyncObjectSpec
    public let createAction: ActionSpec?
    public let updateAction: ActionSpec?
    public let mapping: FieldMapping
    let store: SwitchboardStore
    let transport: any HTTPTransport
    let access: any PushAccessProvider
    let limiter: RateLimiter
    let retry: RetryPolicy
    let now: @Sendable () -> Date
    /// Called with the pass's counts each time they change (records pulled, written, conflicts),
    /// from the task running the pass: the console shows them live.
    public var onProgress: (@Sendable (SyncCounts) -> Void)?

    public init(connector: ConnectorManifest, object: UniversalObject, tenantID: Int64, store: SwitchboardStore, transport: any HTTPTransport,
                access: any PushAccessProvider, limiter: RateLimiter? = nil, retry: RetryPolicy = RetryPolicy(),
                now: @escaping @Sendable () -> Date = { Date() }) throws(SyncError) {
        guard let spec = connector.syncObjects.first(where: { $0.object == object }) else {
            throw SyncError("SETUP", "\(connector.name) has no sync settings for \(object.plural) (the manifest's syncObjects); it syncs: "
                            + (connector.syncObjects.map(\.object.rawValue).joined(separator: ", ").nilIfEmpty ?? "nothing"))
        }
        self.connector = connector
        self.object = object
        self.tenantID = tenantID
        self.spec = spec
        createAction = connector.actions(for: object, .create).first { !$0.isBatch }
        updateAction = connector.actions(for: object, .update).first { !$0.isBatch }
        guard let mappingAction = createAction ?? updateAction else {
            throw SyncError("SETUP", "\(connector.name) has no create or update action for \(object.plural)")
        }
        do { mapping = try MappingStore(store: store).effective(tenantID: tenantID, connector: connector, actionID: mappingAction.id) } catch {
            throw SyncError("STORE", error.description)
        }
        self.store = store
        self.transport = transport
        self.access = access
        self.limiter = limiter ?? RateLimiter.forConnector(connector)
        self.retry = retry
        self.now = now
    }

    /// The fields sync compares: every universal field of a rule that pushes or can be pulled.
    public var fields: [String] {
        let reverse = ReverseMapper(mapping: mapping)
        var seen = Set<String>(), out: [String] = []
        for rule in mapping.rules {
            for name in rule.source.fieldNames where (rule.pushes || reverse.pullableFields.contains(name)) && !seen.contains(name) && name != "id" {
                seen.insert(name)
                out.append(name)
            }
        }
        return out
    }

    // MARK: - Run

    /// Runs one pass. `full` pulls every CRM record (not just those changed since the checkpoint)
    /// and compares every local record. `fuzzy` also matches unlinked records by name + company.
    /// `forced` local ids are compared even when unchanged (`sync retry` of a run's failed records).
    public func run(direction: SyncDirection = .both, full: Bool = false, fuzzy: Bool = false, forced: Set<String> = []) async throws(SyncError) -> SyncReport {
        let syncStore = SyncStore(store: store, now: now)
        let run: SyncRun
        do { run = try syncStore.startRun(tenantID: tenantID, connectorID: connector.id, object: object, direction: direction, full: full) } catch {
            throw SyncError("STORE", error.description)
        }
        let pass = SyncPass(engine: self, run: run, direction: direction, full: full, fuzzy: fuzzy, forced: forced)
        do {
            try await pass.execute()
        } catch {
            try? syncStore.finishRun(run.id, status: .failed, counts: pass.counts, message: error.description, failures: pass.failures)
            throw error
        }
        let message = pass.failures.isEmpty ? nil : "\(pass.failures.count) record(s) failed; `switchboard sync retry \(run.id)` tries them again"
        do { try syncStore.finishRun(run.id, status: .finished, counts: pass.counts, message: message, failures: pass.failures) } catch {
            throw SyncError("STORE", error.description)
        }
        let finished = ((try? syncStore.run(run.id)) ?? nil) ?? run
        return SyncReport(run: finished, failures: pass.failures, conflictIDs: pass.conflictIDs)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
