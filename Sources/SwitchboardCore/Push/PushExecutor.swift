import Foundation

/// Why a push run stopped before its end. What was done stays done (journal and links are saved).
public enum PushStop: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidCredential(String)
    case store(StoreError)
    case cancelled

    public var description: String {
        switch self {
        case .invalidCredential(let m): return "INVALID_CREDENTIAL: \(m); reconnect with `switchboard auth login`, then `switchboard push --resume RUN`"
        case .store(let e): return e.description
        case .cancelled: return "cancelled; `switchboard push --resume RUN` finishes the run"
        }
    }
}

/// Progress of a running push, for progress bars.
public struct PushProgress: Sendable, Equatable {
    public var tally: PushTally
    public var requests: Int
    public var rateLimited: Int
    public var elapsed: TimeInterval
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
public struct PushExecutor: Sendable {
    public let connector: ConnectorManifest
    public let action: ActionSpec
    public let batchAction: ActionSpec?
    public let mapping: FieldMapping
    public let transport: any HTTPTransport
    public let accessProvider: any PushAccessProvider
    public let journal: PushJournal
    public let limiter: RateLimiter
    public let retry: RetryPolicy
    let classifier: ResponseClassifier
    let finder: DuplicateFinder

    public init(connector: ConnectorManifest, action: ActionSpec, mapping: FieldMapping, transport: any HTTPTransport,
                access: any PushAccessProvider, journal: PushJournal, limiter: RateLimiter? = nil,
                retry: RetryPolicy = RetryPolicy(), useBatch: Bool = true) {
        self.connector = connector
        self.action = action
        self.mapping = mapping
        self.transport = transport
        self.accessProvider = access
        self.journal = journal
        self.limiter = limiter ?? RateLimiter.forConnector(connector)
        self.retry = retry
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
        let state = RunState(run: run, started: ProcessInfo.processInfo.systemUptime)
        do {
            try journal.setStatus(.running, run: run.id)
            var access = try await accessProvider.access()
            let pending = try journal.items(run: run.id, states: [.queued, .sending])
            for item in pending { state.localIDs[item.position] = item.localID }
            var queue: [PushItem] = []
            // Items already linked: a create would duplicate them.
            var done: [JournalOutcome] = []
            for item in pending {
                if action.operation == .create, let remote = try journal.link(tenantID: run.tenantID, connectorID: run.connectorID, object: run.object, localID: item.localID) {
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
                if let found = try await findExisting(interrupted, access: &access, state: state) {
                    queue.removeAll { found[$0.position] != nil }
                } else {
                    // Cannot tell whether they were written: leave them for the next resume.
                    let unknown = Set(interrupted.map(\.position))
                    queue.removeAll { unknown.contains($0.position) }
                }
            }
            let chunkSize = batchAction.map { min($0.maxBatchSize ?? 1, connector.batch?.maxRecords ?? Int.max) } ?? 1
            var index = 0
            while index < queue.count {
                if Task.isCancelled { throw PushStop.cancelled }
                let chunk = Array(queue[index..<min(queue.count, index + max(1, chunkSize))])
                index += chunk.count
                if chunk.count > 1, let batchAction {
                    try await sendBatch(chunk, batchAction: batchAction, access: &access, state: state)
                } else {
                    for item in chunk { try await sendSingle(item, access: &access, state: state) }
                }
                progress(PushProgress(tally: try journal.tally(run: run.id), requests: state.requests, rateLimited: state.rateLimited,
                                      elapsed: ProcessInfo.processInfo.systemUptime - state.started))
            }
            try journal.setStatus(.finished, run: run.id)
        } catch let stop as PushStop {
            try? journal.setStatus(stop == .cancelled ? .interrupted : .stopped, run: run.id)
            throw stop
        } catch let error as StoreError {
            throw .store(error)
        } catch is CancellationError {
            try? journal.setStatus(.interrupted, run: run.id)
            throw .cancelled
        } catch {
            throw .store(.database(String(describing: error)))
        }
        let finished = (try? journal.run(run.id)) ?? run
        return PushReport(run: finished, tally: (try? journal.tally(run: run.id)) ?? PushTally(), requests: state.requests,
                          rateLimited: state.rateLimited, recovered: state.recovered, elapsed: ProcessInfo.processInfo.systemUptime - state.started)
    }

    typealias JournalOutcome = PushJournal.Outcome

    /// Counters of one execution (the executor itself is a value; this is its mutable part).
    final class RunState: @unchecked Sendable {
        let run: PushRun
        let started: TimeInterval
        var requests = 0
        var rateLimited = 0
        var recovered = 0
        /// Position → local id of the items this execution works on.
        var localIDs: [Int: String] = [:]
        init(run: PushRun, started: TimeInterval) {
            self.run = run
            self.started = started
        }
    }

    private func complete(_ outcomes: [JournalOutcome], _ state: RunState) throws {
        guard !outcomes.isEmpty else { return }
        try journal.complete(run: state.run, outcomes: outcomes, localIDs: state.localIDs)
    }

    // MARK: - Sending

    /// One HTTP exchange through the limiter; a transport failure comes back as nil.
    private func send(_ request: HTTPRequestValue, state: RunState) async throws -> (HTTPResponseValue?, String?, Double) {
        try await limiter.acquire()
        state.requests += 1
        let start = ProcessInfo.processInfo.systemUptime
        do {
            let response = try await transport.send(request)
            await limiter.observe(headers: response.headers, spec: connector.rateLimits.headers)
            if response.status == 429 { state.rateLimited += 1 }
            return (response, nil, (ProcessInfo.processInfo.systemUptime - start) * 1000)
        } catch {
            return (nil, error.description, (ProcessInfo.processInfo.systemUptime - start) * 1000)
        }
    }

    private func httpRequest(_ preview: RequestPreview) -> HTTPRequestValue {
        HTTPRequestValue(method: preview.method, url: preview.url, headers: preview.headers.map { HTTPHeaderField($0.name, $0.value) },
                         body: preview.body.map { Data(JSONWriter.compact($0).utf8) })
    }

    private func sendSingle(_ item: PushItem, access: inout RequestPreviewBuilder.Access, state: RunState) async throws {
        var pathValues: [String: String] = [:]
        if let parameter = action.pathParameters.first {
            guard let remote = try journal.link(tenantID: state.run.tenantID, connectorID: state.run.connectorID, object: state.run.object, localID: item.localID) else {
                try complete([.init(position: item.position, state: .failed, errorCode: "NOT_LINKED",
                                    errorMessage: "not in \(connector.name) yet (no record link); push it with the create action first")], state)
                return
            }
            pathValues[parameter] = remote
        }
        var refreshed = false
        var attempt = 0, rateLimitedAttempts = 0
        var totalMilliseconds = 0.0
        while true {
            let preview: RequestPreview
            do { preview = try RequestPreviewBuilder.build(record: item.record, mapping: mapping, action: action, connector: connector, access: access, pathValues: pathValues) }
            catch { try complete([.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: error.description)], state); return }
            guard preview.isValid else {
                let problems = (preview.mappingIssues.map(\.description) + preview.violations.map(\.description)).joined(separator: "; ")
                try complete([.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: "not sent: \(problems)")], state)
                return
            }
            attempt += 1
            try journal.markSending(run: state.run.id, positions: [item.position])
            let (response, failure, ms) = try await send(httpRequest(preview), state: state)
            totalMilliseconds += ms
            let kind = response.map { classifier.classify($0, idPointer: action.responseIdPointer) } ?? .ambiguous(message: failure ?? "no answer")
            switch kind {
            case .success(let id):
                try complete([.init(position: item.position, state: .succeeded, remoteID: id ?? pathValues.values.first, httpStatus: response?.status, durationMilliseconds: totalMilliseconds)], state)
                return
            case .alreadyExists(let id):
                try complete([.init(position: item.position, state: .succeeded, remoteID: id, httpStatus: response?.status, errorCode: "CONFLICT",
                                    errorMessage: "already existed in \(connector.name); linked to \(id)", durationMilliseconds: totalMilliseconds)], state)
                state.recovered += 1
                return
            case .invalidCredential(let message):
                guard !refreshed else { throw PushStop.invalidCredential(message) }
                refreshed = true
                do { access = try await accessProvider.accessAfterRejection(access) } catch { throw PushStop.invalidCredential(error.message) }
            case .rateLimited(let after):
                rateLimitedAttempts += 1
                await limiter.pause(for: retry.delay(afterAttempt: rateLimitedAttempts, retryAfter: after ?? 1))
                attempt -= 1
                if rateLimitedAttempts > 20 {
                    try complete([.init(position: item.position, state: .failed, httpStatus: 429, errorCode: "RATE_LIMIT_EXCEEDED", errorMessage: "still rate-limited after 20 waits")], state)
                    return
                }
            case .rejected(let code, let message):
                try complete([.init(position: item.position, state: .failed, httpStatus: response?.status, errorCode: code.rawValue, errorMessage: message, durationMilliseconds: totalMilliseconds)], state)
                return
            case .ambiguous(let message):
                if action.operation == .create, finder.isAvailable {
                    // Unknown (the search failed too): leave the item `sending` for a resume, never guess.
                    guard let found = try await findExisting([item], access: &access, state: state) else { return }
                    if found[item.position] != nil { return }
                }
                guard attempt < retry.maxAttempts else {
                    try complete([.init(position: item.position, state: .failed, httpStatus: response?.status, errorCode: "PROVIDER_ERROR",
                                        errorMessage: "\(message) (after \(attempt) attempts)", durationMilliseconds: totalMilliseconds)], state)
                    return
                }
                try await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: nil) * 1_000_000_000))
            }
        }
    }

    private func sendBatch(_ chunk: [PushItem], batchAction: ActionSpec, access: inout RequestPreviewBuilder.Access, state: RunState) async throws {
        guard let spec = batchAction.batch else { return }
        var remaining = chunk
        // Updates: each input carries its CRM id from the record link.
        var remoteIDs: [Int: String] = [:]
        if action.operation == .update {
            var unlinked: [JournalOutcome] = []
            for item in chunk {
                if let remote = try journal.link(tenantID: state.run.tenantID, connectorID: state.run.connectorID, object: state.run.object, localID: item.localID) {
                    remoteIDs[item.position] = remote
                } else {
                    unlinked.append(.init(position: item.position, state: .failed, errorCode: "NOT_LINKED",
                                          errorMessage: "not in \(connector.name) yet (no record link); push it with the create action first"))
                }
            }
            try complete(unlinked, state)
            remaining = chunk.filter { remoteIDs[$0.position] != nil }
        }
        var refreshed = false
        var attempt = 0, rateLimitedAttempts = 0
        while !remaining.isEmpty {
            // Map and validate each record against the single action's schema.
            var bodies: [(item: PushItem, body: JSONValue)] = []
            var invalid: [JournalOutcome] = []
            for item in remaining {
                let mapped = Mapper.map(item.record, with: mapping)
                let problems = mapped.issues.map(\.description) + (action.requestSchema?.validate(mapped.body).map(\.description) ?? [])
                var body = mapped.body
                if let idPointer = spec.idPointer, let remote = remoteIDs[item.position] { JSONEdit.set(.string(remote), at: idPointer.tokens[...], in: &body) }
                if problems.isEmpty { bodies.append((item, body)) } else {
                    invalid.append(.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: "not sent: " + problems.joined(separator: "; ")))
                }
            }
            try complete(invalid, state)
            guard !bodies.isEmpty else { return }
            let body = JSONEdit.setting(.array(bodies.map(\.body)), at: spec.recordsPointer.tokens[...], in: .object(JSONObject()))
            let request = HTTPRequestValue(method: batchAction.method, url: RequestPreviewBuilder.baseURL(connector, access) + batchAction.path,
                                           headers: RequestPreviewBuilder.headers(connector, access, hasBody: true).map { HTTPHeaderField($0.name, $0.value) },
                                           body: Data(JSONWriter.compact(body).utf8))
            attempt += 1
            try journal.markSending(run: state.run.id, positions: bodies.map(\.item.position))
            let (response, failure, ms) = try await send(request, state: state)
            let kind = response.map { classifier.classify($0, idPointer: nil) } ?? .ambiguous(message: failure ?? "no answer")
            switch kind {
            case .success:
                let matched = action.operation == .update
                    ? matchUpdates(response!, spec: spec, remoteIDs: remoteIDs, bodies: bodies)
                    : matchResults(response!, spec: spec, batchAction: batchAction, bodies: bodies)
                try complete(matched.map { .init(position: $0.key, state: .succeeded, remoteID: $0.value, httpStatus: response!.status, durationMilliseconds: ms / Double(bodies.count)) }, state)
                // Records the batch did not confirm (multi-status errors) go one by one.
                for (item, _) in bodies where matched[item.position] == nil { try await sendSingle(item, access: &access, state: state) }
                return
            case .alreadyExists, .rejected:
                // One bad record fails the whole batch at most CRMs: let each record get its own answer.
                for (item, _) in bodies { try await sendSingle(item, access: &access, state: state) }
                return
            case .invalidCredential(let message):
                guard !refreshed else { throw PushStop.invalidCredential(message) }
                refreshed = true
                do { access = try await accessProvider.accessAfterRejection(access) } catch { throw PushStop.invalidCredential(error.message) }
                attempt -= 1
            case .rateLimited(let after):
                rateLimitedAttempts += 1
                await limiter.pause(for: retry.delay(afterAttempt: rateLimitedAttempts, retryAfter: after ?? 1))
                attempt -= 1
            case .ambiguous(let message):
                if action.operation == .update {
                    // An update sets values: sending it again is safe.
                    remaining = bodies.map(\.item)
                } else {
                    guard let found = try await findExisting(bodies.map(\.item), access: &access, state: state) else { return }
                    remaining = bodies.map(\.item).filter { found[$0.position] == nil }
                }
                guard attempt < retry.maxAttempts else {
                    try complete(remaining.map { .init(position: $0.position, state: .failed, httpStatus: response?.status, errorCode: "PROVIDER_ERROR",
                                                        errorMessage: "\(message) (after \(attempt) attempts)") }, state)
                    return
                }
                if !remaining.isEmpty { try await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: nil) * 1_000_000_000)) }
            }
        }
    }

    /// Position → CRM id for the records a batch response confirms: matched by the unique key when
    /// the results carry it (HubSpot does not keep input order), else by position.
    private func matchResults(_ response: HTTPResponseValue, spec: ActionBatchSpec, batchAction: ActionSpec, bodies: [(item: PushItem, body: JSONValue)]) -> [Int: String] {
        guard let parsed = try? JSONParser.parse(response.body) else { return [:] }
        let results = (spec.resultsPointer.map { parsed.value(at: $0) } ?? parsed)?.arrayValue ?? []
        let idPointer = batchAction.responseIdPointer ?? JSONPointer(tokens: ["id"])
        var matched: [Int: String] = [:]
        if let field = finder.field, let keyRule = mapping.rules.first(where: { $0.pushes && $0.source.fieldNames == [field] }) {
            var byKey: [String: Int] = [:]
            for (item, body) in bodies { if let k = body.value(at: keyRule.target)?.stringValue { byKey[k.lowercased()] = item.position } }
            for r in results {
                guard let id = ResponseClassifier.string(at: idPointer, in: r), let key = r.value(at: keyRule.target)?.stringValue,
                      let position = byKey[key.lowercased()] else { continue }
                matched[position] = id
            }
            if !matched.isEmpty || results.isEmpty { return matched }
        }
        if results.count == bodies.count {
            for (i, r) in results.enumerated() { if let id = ResponseClassifier.string(at: idPointer, in: r) { matched[bodies[i].item.position] = id } }
        }
        return matched
    }

    /// Position → CRM id for the updates a batch response confirms (results carry the record id).
    private func matchUpdates(_ response: HTTPResponseValue, spec: ActionBatchSpec, remoteIDs: [Int: String], bodies: [(item: PushItem, body: JSONValue)]) -> [Int: String] {
        guard let parsed = try? JSONParser.parse(response.body) else { return [:] }
        let results = (spec.resultsPointer.map { parsed.value(at: $0) } ?? parsed)?.arrayValue ?? []
        let confirmed = Set(results.compactMap { ResponseClassifier.string(at: spec.idPointer ?? JSONPointer(tokens: ["id"]), in: $0) })
        var matched: [Int: String] = [:]
        for (item, _) in bodies { if let id = remoteIDs[item.position], confirmed.contains(id) { matched[item.position] = id } }
        return matched
    }

    /// Searches the CRM for interrupted records by unique key; links and completes the ones found.
    /// Nil when the search itself could not be done (then nothing may be sent again).
    private func findExisting(_ items: [PushItem], access: inout RequestPreviewBuilder.Access, state: RunState) async throws -> [Int: String]? {
        guard finder.isAvailable, let field = finder.field else { return [:] }
        var keyed: [String: [Int]] = [:]
        for item in items { if let v = item.record.value(field)?.stringValue { keyed[v.trimmingCharacters(in: .whitespaces).lowercased(), default: []].append(item.position) } }
        var found: [Int: String] = [:]
        let keys = Array(keyed.keys).sorted()
        var start = 0
        while start < keys.count {
            let slice = Array(keys[start..<min(keys.count, start + 100)])
            guard let request = finder.request(values: slice, access: access) else { break }
            var answer: HTTPResponseValue?
            for attempt in 1...retry.maxAttempts {
                let (response, _, _) = try await send(request, state: state)
                if let response, response.isSuccess { answer = response; break }
                if let response, response.status == 429 {
                    await limiter.pause(for: retry.delay(afterAttempt: attempt, retryAfter: response.header("Retry-After").flatMap(TimeInterval.init) ?? 1))
                } else {
                    try await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: nil) * 1_000_000_000))
                }
            }
            guard let answer else { return nil }
            for (key, id) in finder.matches(in: answer) { for p in keyed[key] ?? [] { found[p] = id } }
            start += slice.count
        }
        try complete(found.map { .init(position: $0.key, state: .succeeded, remoteID: $0.value, errorCode: "RECOVERED",
                                       errorMessage: "the interrupted write had happened; linked to \($0.value)") }, state)
        state.recovered += found.count
        return found
    }
}
