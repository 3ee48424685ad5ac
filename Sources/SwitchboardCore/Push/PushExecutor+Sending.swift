import Foundation

extension PushExecutor {
    /// Sends one record through the single action, retrying until it has an answer to record.
    func sendSingle(_ item: PushItem, state: PushRunState, access shared: SharedAccess) async throws {
        var pathValues: [String: String] = [:]
        if let parameter = action.pathParameters.first {
            guard let remote = try journal.link(tenantID: state.run.tenantID, connectorID: state.run.connectorID, object: state.run.object, localID: item.localID) else {
                try complete([.init(position: item.position, state: .failed, errorCode: "NOT_LINKED",
                                    errorMessage: "not in \(connector.name) yet (no record link); push it with the create action first")], state)
                return
            }
            pathValues[parameter] = remote
        }
        var access = await shared.current
        var refreshed = false
        var attempt = 0, rateLimitedAttempts = 0
        var totalMilliseconds = 0.0
        while true {
            let preview: PreparedRequest
            do { preview = try RequestBuilder.build(record: item.record, mapping: mapping, action: action, connector: connector, access: access,
                                                   pathValues: pathValues, prepared: prepared(item)) }
            catch { try complete([.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: error.description)], state); return }
            guard preview.isValid else {
                let problems = (preview.mappingIssues.map(\.description) + preview.violations.map(\.description)).joined(separator: "; ")
                try complete([.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: "not sent: \(problems)")], state)
                return
            }
            attempt += 1
            let (response, failure, ms) = try await send(httpRequest(preview), marking: [item.position], state: state)
            totalMilliseconds += ms
            let kind = response.map { classifier.classify($0, idPointer: action.responseIdPointer) } ?? .ambiguous(message: failure ?? "no answer")
            switch kind {
            case .success(let id):
                if id == nil, action.operation == .create {
                    // The CRM says it wrote the record but names no id: without one there is no
                    // link and a later push would write it again. It is looked up (by the
                    // duplicate search); not found, it stays `sending` for a resume: never sent again blind.
                    _ = try await findExisting([item], access: access, state: state)
                    return
                }
                try complete([.init(position: item.position, state: .succeeded, remoteID: id ?? pathValues.values.first, httpStatus: response?.status, durationMilliseconds: totalMilliseconds)], state)
                return
            case .alreadyExists(let id):
                try complete([.init(position: item.position, state: .succeeded, remoteID: id, httpStatus: response?.status, errorCode: "CONFLICT",
                                    errorMessage: "already existed in \(connector.name); linked to \(id)", durationMilliseconds: totalMilliseconds)], state)
                state.count(recovered: 1)
                return
            case .invalidCredential(let message):
                guard !refreshed else { throw PushStop.invalidCredential(message) }
                refreshed = true
                access = try await renewed(shared, after: access)
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
                    guard let found = try await findExisting([item], access: access, state: state) else { return }
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

    /// Sends records through the batch action; records the batch does not confirm go one by one.
    func sendBatch(_ chunk: [PushItem], batchAction: ActionSpec, state: PushRunState, access shared: SharedAccess) async throws {
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
        var access = await shared.current
        var refreshed = false
        var attempt = 0, rateLimitedAttempts = 0
        let constants = BatchRecordConstants.constants(batchAction, recordsPointer: spec.recordsPointer)
        while !remaining.isEmpty {
            // Map and validate each record against the single action's schema.
            var bodies: [(item: PushItem, body: JSONValue)] = []
            var invalid: [JournalOutcome] = []
            for item in remaining {
                let mapped = prepared(item)
                let problems = mapped.problems
                var body = mapped.body
                // A single action that wraps its record where the batch keeps its records (Zoho's
                // `{"data": [record]}`) gives the batch the record itself.
                if let wrapped = body.value(at: spec.recordsPointer)?.arrayValue, wrapped.count == 1 { body = wrapped[0] }
                body = BatchRecordConstants.apply(constants, to: body)
                if let idPointer = spec.idPointer, let remote = remoteIDs[item.position] { JSONEdit.set(.string(remote), at: idPointer.tokens[...], in: &body) }
                if problems.isEmpty { bodies.append((item, body)) } else {
                    invalid.append(.init(position: item.position, state: .failed, errorCode: "VALIDATION_ERROR", errorMessage: "not sent: " + problems.joined(separator: "; ")))
                }
            }
            try complete(invalid, state)
            guard !bodies.isEmpty else { return }
            let body = JSONEdit.setting(.array(bodies.map(\.body)), at: spec.recordsPointer.tokens[...], in: .object(JSONObject()))
            let request = HTTPRequestValue(method: batchAction.method, url: RequestBuilder.baseURL(connector, access) + batchAction.path,
                                           headers: RequestBuilder.headers(connector, access, hasBody: true).map { HTTPHeaderField($0.name, $0.value) },
                                           body: Data(JSONWriter.compact(body).utf8))
            attempt += 1
            let (response, failure, ms) = try await send(request, marking: bodies.map(\.item.position), state: state)
            let kind = response.map { classifier.classify($0, idPointer: nil) } ?? .ambiguous(message: failure ?? "no answer")
            switch kind {
            case .success:
                let matched = action.operation == .update
                    ? matchUpdates(response!, spec: spec, batchAction: batchAction, remoteIDs: remoteIDs, bodies: bodies)
                    : matchResults(response!, spec: spec, batchAction: batchAction, bodies: bodies)
                try complete(matched.map { .init(position: $0.key, state: .succeeded, remoteID: $0.value, httpStatus: response!.status, durationMilliseconds: ms / Double(bodies.count)) }, state)
                // Records the batch did not confirm (multi-status errors) go one by one.
                for (item, _) in bodies where matched[item.position] == nil { try await sendSingle(item, state: state, access: shared) }
                return
            case .alreadyExists, .rejected:
                // One bad record fails the whole batch at most CRMs: let each record get its own answer.
                for (item, _) in bodies { try await sendSingle(item, state: state, access: shared) }
                return
            case .invalidCredential(let message):
                guard !refreshed else { throw PushStop.invalidCredential(message) }
                refreshed = true
                access = try await renewed(shared, after: access)
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
                    guard let found = try await findExisting(bodies.map(\.item), access: access, state: state) else { return }
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

    /// Position → CRM id for the updates a batch response confirms (results carry the record id
    /// where the batch action's responses do: Zoho's `/details/id`, HubSpot's `/id`).
    private func matchUpdates(_ response: HTTPResponseValue, spec: ActionBatchSpec, batchAction: ActionSpec, remoteIDs: [Int: String],
                              bodies: [(item: PushItem, body: JSONValue)]) -> [Int: String] {
        guard let parsed = try? JSONParser.parse(response.body) else { return [:] }
        let results = (spec.resultsPointer.map { parsed.value(at: $0) } ?? parsed)?.arrayValue ?? []
        let idPointer = batchAction.responseIdPointer ?? spec.idPointer ?? JSONPointer(tokens: ["id"])
        let confirmed = Set(results.compactMap { ResponseClassifier.string(at: idPointer, in: $0) })
        var matched: [Int: String] = [:]
        for (item, _) in bodies { if let id = remoteIDs[item.position], confirmed.contains(id) { matched[item.position] = id } }
        return matched
    }

    /// Searches the CRM for interrupted records by their key; links and completes the ones found.
    /// Nil when the search itself could not be done (then nothing may be sent again).
    ///
    /// A CRM record already linked to another record of ours is never taken (two deals of one
    /// name: the one created earlier in the run is not the interrupted one), and each found
    /// record is taken once, by the first interrupted record with its key.
    func findExisting(_ items: [PushItem], access: AccessGrant, state: PushRunState) async throws -> [Int: String]? {
        guard finder.isAvailable, let field = finder.field else { return [:] }
        var keyed: [String: [Int]] = [:]
        for item in items { if let v = item.record.value(field)?.stringValue { keyed[v.trimmingCharacters(in: .whitespaces).lowercased(), default: []].append(item.position) } }
        var candidates: [String: [String]] = [:]
        let keys = Array(keyed.keys).sorted()
        let since = state.run.startedAt
        var start = 0
        while start < keys.count {
            let slice = Array(keys[start..<min(keys.count, start + finder.valuesPerRequest)])
            var cursor: String?
            for _ in 0..<DuplicateSearchSpec.maxPages {
                guard let request = finder.request(values: slice, since: since, cursor: cursor, access: access) else { break }
                guard let answer = try await searchAnswer(request, state: state) else { return nil }
                for (key, ids) in finder.matches(in: answer, since: since) where keyed[key] != nil { candidates[key, default: []].append(contentsOf: ids) }
                guard let next = finder.nextCursor(in: answer) else { break }
                cursor = next
            }
            start += slice.count
        }
        let linked = try journal.linkedRemoteIDs(tenantID: state.run.tenantID, connectorID: connector.id, object: state.run.object,
                                                  among: candidates.values.flatMap { $0 })
        var found: [Int: String] = [:]
        for (key, ids) in candidates {
            var free = ids.filter { !linked.contains($0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for position in keyed[key] ?? [] where !free.isEmpty { found[position] = free.removeFirst() }
        }
        try complete(found.map { .init(position: $0.key, state: .succeeded, remoteID: $0.value, errorCode: "RECOVERED",
                                       errorMessage: "the interrupted write had happened; linked to \($0.value)") }, state)
        state.count(recovered: found.count)
        return found
    }

    /// A search's successful answer, retried through 429s and failures; nil when none came.
    private func searchAnswer(_ request: HTTPRequestValue, state: PushRunState) async throws -> HTTPResponseValue? {
        for attempt in 1...retry.maxAttempts {
            let (response, _, _) = try await send(request, state: state)
            if let response, response.isSuccess { return response }
            if let response, response.status == 429 {
                await limiter.pause(for: retry.delay(afterAttempt: attempt, retryAfter: response.header("Retry-After").flatMap(TimeInterval.init) ?? 1))
            } else {
                try await Task.sleep(nanoseconds: UInt64(retry.delay(afterAttempt: attempt, retryAfter: nil) * 1_000_000_000))
            }
        }
        return nil
    }
}
