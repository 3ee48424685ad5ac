import Foundation

/// Why a push run stopped before its end. What was done stays done (journal and links are saved).
public enum PushStop: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidCredential(String)
    case store(StoreError)
    case cancelled
    /// The CRM's daily quota has none left: stopped before the CRM refuses, the rest queued.
    case quotaExhausted(String)

    public var description: String {
        switch self {
        case .invalidCredential(let m): return "INVALID_CREDENTIAL: \(m); reconnect with `switchboard auth login`, then `switchboard push --resume RUN`"
        case .store(let e): return e.description
        case .cancelled: return "cancelled; `switchboard push --resume RUN` finishes the run"
        case .quotaExhausted(let m): return "DAILY_QUOTA: \(m); `switchboard push --resume RUN` sends the rest"
        }
    }
}

/// Progress of a running push, for progress bars.
public struct PushProgress: Sendable, Equatable {
    public var tally: PushTally
    public var requests: Int
    public var rateLimited: Int
    public var elapsed: TimeInterval
    /// The rate the limiter admits now, in requests per second (the CRM's stated limit once it
    /// has said one, times the run's share); nil when unlimited.
    public var limitPerSecond: Double?
    /// Whether that limit came from the CRM's headers rather than the manifest.
    public var limitLearned = false

    public init(tally: PushTally, requests: Int, rateLimited: Int, elapsed: TimeInterval, limitPerSecond: Double? = nil, limitLearned: Bool = false) {
        self.tally = tally
        self.requests = requests
        self.rateLimited = rateLimited
        self.elapsed = elapsed
        self.limitPerSecond = limitPerSecond
        self.limitLearned = limitLearned
    }
}

/// What a finished (or stopped) run did.
public struct PushReport: Sendable, Equatable {
    public var run: PushRun
    public var tally: PushTally
    /// Requests sent, searches included.
    public var requests: Int
    /// 429 answers received.
    public var rateLimited: Int
    /// Interrupted writes found already in the CRM and linked instead of created again.
    public var recovered: Int
    public var elapsed: TimeInterval
}

/// Sends a push run's records: batched where the connector has a batch action, rate-limited,
/// retried with backoff, and journalled so that no record is lost or created twice.
///
/// Up to `concurrency` requests are in flight at once, each through the rate limiter. Every
/// item belongs to one request at a time, so the journal's `sending` mark, the duplicate search
/// and the completion (result and record link in one transaction) work per request as they do
/// one at a time. A stop (cancellation, a refused credential) lets the requests in flight finish
/// and records their answers; nothing new starts.
public struct PushExecutor: Sendable {
    /// Requests in flight at once unless told otherwise: enough to keep a batch window's burst
    /// short, few enough to stay gentle with the CRM.
    public static let defaultConcurrency = 4
    /// The least time between two progress reports (each reads the tally from the journal).
    static let progressInterval: TimeInterval = 0.1

    public let connector: ConnectorManifest
    public let action: ActionSpec
    public let batchAction: ActionSpec?
    public let mapping: FieldMapping
    public let transport: any HTTPTransport
    public let accessProvider: any PushAccessProvider
    public let journal: PushJournal
    public let limiter: RateLimiter
    public let retry: RetryPolicy
    /// How many requests may be in flight at once (1 sends one at a time).
    public let concurrency: Int
    /// Bodies mapped and validated already (by the run's `PushPlan`), by item key; others are mapped when sent.
    public let preparedBodies: [String: PreparedBody]
    let classifier: ResponseClassifier
    let finder: DuplicateFinder

    public init(connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, transport: any HTTPTransport,
                access: any PushAccessProvider, journal: PushJournal, limiter: RateLimiter? = nil,
                retry: RetryPolicy = RetryPolicy(), useBatch: Bool = true, concurrency: Int = PushExecutor.defaultConcurrency,
                preparedBodies: [String: PreparedBody] = [:]) {
        self.connector = connector
        self.action = action
        self.mapping = mapping
        self.transport = transport
        self.accessProvider = access
        self.journal = journal
        self.limiter = limiter ?? RateLimiter.forConnector(connector)
        self.retry = retry
        self.concurrency = max(1, concurrency)
        self.preparedBodies = preparedBodies
        classifier = ResponseClassifier(connector: connector)
        finder = DuplicateFinder(connector: connector, object: action.object ?? .contact, mapping: mapping)
        batchAction = useBatch && !action.isBatch ? action.object.flatMap { object in
            switch action.operation {
            case .create: return connector.actions(for: object, .create).first { $0.isBatch }
            // Updates batch only where each input can carry the record id.
            case .update: return connector.actions(for: object, .update).first { $0.isBatch && $0.batch?.idPointer != nil }
            default: return nil
            }
        } : nil
    }

    /// Runs (or resumes) `run` until every item is done, the credential is refused, or the task is cancelled.
    public func execute(_ run: PushRun, progress: @escaping @Sendable (PushProgress) -> Void = { _ in }) async throws(PushStop) -> PushReport {
        let state = PushRunState(run: run, started: ProcessInfo.processInfo.systemUptime)
        do {
            try journal.setStatus(.running, run: run.id)
            let access = SharedAccess(provider: accessProvider, first: try await firstAccess())
            let queue = try await itemsToSend(state: state, access: access)
            try await sendAll(chunks(of: queue), state: state, access: access, progress: progress)
            try journal.setStatus(.finished, run: run.id)
        } catch let stop as PushStop {
            try? journal.setStatus(stop == .cancelled ? .interrupted : .stopped, run: run.id)
            throw stop
        } catch let quota as DailyQuotaExhausted {
            try? journal.setStatus(.stopped, run: run.id)
            throw .quotaExhausted("\(connector.name): \(quota.description)")
        } catch let error as StoreError {
            throw .store(error)
        } catch is CancellationError {
            try? journal.setStatus(.interrupted, run: run.id)
            throw .cancelled
        } catch {
            throw .store(.database(String(describing: error)))
        }
        let finished = (try? journal.run(run.id)) ?? run
        let counted = state.counted
        return PushReport(run: finished, tally: (try? journal.tally(run: run.id)) ?? PushTally(), requests: counted.requests,
                          rateLimited: counted.rateLimited, recovered: counted.recovered, elapsed: ProcessInfo.processInfo.systemUptime - state.started)
    }

    typealias JournalOutcome = PushJournal.Outcome

    /// The item's body as the plan prepared it, else mapped and validated now (a resumed run).
    func prepared(_ item: PushItem) -> PreparedBody {
        preparedBodies[item.localID] ?? PreparedBody.prepare(item.record, mapping: mapping, action: action)
    }

    /// The access the run starts with; a credential that cannot be had stops the run.
    private func firstAccess() async throws(PushStop) -> AccessGrant {
        do { return try await accessProvider.access() } catch { throw .invalidCredential(error.message) }
    }

    /// The run's unfinished items that still need a request: already linked ones are skipped
    /// (a create would duplicate them), and interrupted ones found in the CRM are linked.
    private func itemsToSend(state: PushRunState, access: SharedAccess) async throws -> [PushItem] {
        let run = state.run
        let pending = try journal.items(run: run.id, states: [.queued, .sending])
        state.remember(pending)
        let linked = action.operation == .create ? try journal.linksOfUnfinishedItems(run: run) : [:]
        var queue: [PushItem] = []
        var done: [JournalOutcome] = []
        for item in pending {
            if let remote = linked[item.localID] {
                done.append(.init(position: item.position, state: .skipped, remoteID: remote, errorCode: "ALREADY_LINKED",
                                  errorMessage: "already in \(connector.name) as \(remote); push with the update action to change it"))
            } else {
                queue.append(item)
            }
        }
        try complete(done, state)
        // Items that were being sent when a previous run stopped may exist already.
        let interrupted = queue.filter { $0.state == .sending }
        if action.operation == .create, !interrupted.isEmpty, finder.isAvailable {
            if let found = try await findExisting(interrupted, access: await access.current, state: state) {
                queue.removeAll { found[$0.position] != nil }
            } else {
                // Cannot tell whether they were written: leave them for the next resume.
                let unknown = Set(interrupted.map(\.position))
                queue.removeAll { unknown.contains($0.position) }
            }
        }
        return queue
    }

    /// The queue cut into the requests' shares: batches where there is a batch action, else one item each.
    private func chunks(of queue: [PushItem]) -> [[PushItem]] {
        let size = max(1, batchAction.map { min($0.maxBatchSize ?? 1, connector.batch?.maxRecords ?? Int.max) } ?? 1)
        return stride(from: 0, to: queue.count, by: size).map { Array(queue[$0..<min(queue.count, $0 + size)]) }
    }

    /// Sends the chunks with up to `concurrency` in flight, reporting progress as they end (at
    /// most every `progressInterval` seconds, and after the last one). A cancellation starts
    /// nothing new; the first error stops the others after their request.
    private func sendAll(_ chunks: [[PushItem]], state: PushRunState, access: SharedAccess,
                         progress: @escaping @Sendable (PushProgress) -> Void) async throws {
        let allStarted = try await withThrowingTaskGroup(of: Void.self, returning: Bool.self) { group in
            var next = 0, ended = 0
            var reported = -Double.infinity
            while next < min(concurrency, chunks.count) {
                let chunk = chunks[next]
                group.addTask { try await self.sendChunk(chunk, state: state, access: access) }
                next += 1
            }
            while try await group.next() != nil {
                ended += 1
                let now = ProcessInfo.processInfo.systemUptime
                if now - reported >= Self.progressInterval || ended == chunks.count {
                    progress(try await progressNow(state))
                    reported = now
                }
                if next < chunks.count, !Task.isCancelled {
                    let chunk = chunks[next]
                    group.addTask { try await self.sendChunk(chunk, state: state, access: access) }
                    next += 1
                }
            }
            return next == chunks.count
        }
        // Only a cancellation leaves chunks unstarted.
        if !allStarted { throw PushStop.cancelled }
    }

    private func sendChunk(_ chunk: [PushItem], state: PushRunState, access: SharedAccess) async throws {
        if chunk.count > 1, let batchAction {
            try await sendBatch(chunk, batchAction: batchAction, state: state, access: access)
        } else {
            for item in chunk { try await sendSingle(item, state: state, access: access) }
        }
    }

    private func progressNow(_ state: PushRunState) async throws -> PushProgress {
        let counted = state.counted
        let (limit, window, learned) = (await limiter.limit, await limiter.window, await limiter.learned)
        return PushProgress(tally: try journal.tally(run: state.run.id), requests: counted.requests, rateLimited: counted.rateLimited,
                            elapsed: ProcessInfo.processInfo.systemUptime - state.started,
                            limitPerSecond: limit >= Int.max / 4 ? nil : Double(limit) / window, limitLearned: learned)
    }

    func complete(_ outcomes: [JournalOutcome], _ state: PushRunState) throws {
        guard !outcomes.isEmpty else { return }
        try journal.complete(run: state.run, outcomes: outcomes, localIDs: state.localIDs)
    }

    // MARK: - One exchange

    /// One HTTP exchange through the limiter; a transport failure comes back as nil with its message.
    /// The items at `positions` are journalled as `sending` once the limiter lets the request go
    /// and before it goes: a stop while waiting leaves them as they were.
    func send(_ request: HTTPRequestValue, marking positions: [Int] = [], state: PushRunState) async throws -> (HTTPResponseValue?, String?, Double) {
        try await limiter.acquireUntilAnswered()
        do { if !positions.isEmpty { try journal.markSending(run: state.run.id, positions: positions) } } catch {
            await limiter.answered()
            throw error
        }
        state.count(requests: 1)
        let start = ProcessInfo.processInfo.systemUptime
        let outcome = await exchange(request)
        await limiter.answered()
        let milliseconds = (ProcessInfo.processInfo.systemUptime - start) * 1000
        switch outcome {
        case .success(let response):
            await limiter.observe(headers: response.headers, spec: connector.rateLimits.headers)
            if response.status == 429 { state.count(rateLimited: 1) }
            return (response, nil, milliseconds)
        case .failure(let error):
            return (nil, error.description, milliseconds)
        }
    }

    /// The exchange runs in a task of its own, which a cancellation (ctrl+c) does not reach: the
    /// request in flight finishes and its answer is recorded, instead of leaving the write in doubt.
    private func exchange(_ request: HTTPRequestValue) async -> Result<HTTPResponseValue, HTTPTransportError> {
        let transport = self.transport
        return await Task { () async -> Result<HTTPResponseValue, HTTPTransportError> in
            do throws(HTTPTransportError) { return .success(try await transport.send(request)) } catch { return .failure(error) }
        }.value
    }

    func httpRequest(_ preview: PreparedRequest) -> HTTPRequestValue {
        HTTPRequestValue(method: preview.method, url: preview.url, headers: preview.headers.map { HTTPHeaderField($0.name, $0.value) },
                         body: preview.body.map { Data(JSONWriter.compact($0).utf8) })
    }

    /// The access to retry with after the CRM refused `rejected` (renewed once per token, shared by
    /// all requests in flight); a renewal that fails stops the run.
    func renewed(_ access: SharedAccess, after rejected: AccessGrant) async throws(PushStop) -> AccessGrant {
        do { return try await access.renewed(after: rejected) } catch { throw .invalidCredential(error.message) }
    }
}
