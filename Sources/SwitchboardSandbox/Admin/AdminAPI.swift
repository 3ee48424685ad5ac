import Foundation
import SwitchboardCore

/// The admin endpoints under `/admin` (loopback only, no authentication): inspect the sandbox,
/// change rate limits, faults, latency and settings at run time, mint tokens for scripts, and
/// edit records as if a CRM user had.
struct AdminAPI: Sendable {
    let state: SandboxState

    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        switch (r.method, p) {
        case ("GET", []): return status()
        case ("GET", ["rate-limits"]): return rateLimits()
        case ("PUT", ["rate-limits"]), ("POST", ["rate-limits"]):
            return withJSON(r) { body in
                guard let connector = body["connector"]?.stringValue, !connector.isEmpty else { return bad("connector is required, e.g. \"hubspot\"") }
                if body["off"]?.boolValue == true {
                    state.limits.setRule(nil, for: connector)
                    return rateLimits()
                }
                guard let n = body["requests"]?.intValue, n >= 1, let s = body["windowSeconds"]?.numberValue, s > 0 else {
                    return bad("send {\"connector\": \"hubspot\", \"requests\": 100, \"windowSeconds\": 10} or {\"connector\": \"hubspot\", \"off\": true}")
                }
                state.limits.setRule(RateLimitRule(requests: n, windowSeconds: s), for: connector)
                return rateLimits()
            }
        case ("GET", ["requests"]): return .json(200, ["requests": .array(state.requestLog.withLock { $0 }.map(JSONValue.string))])
        case ("DELETE", ["requests"]):
            state.requestLog.withLock { $0.removeAll() }
            return .json(200, ["requests": []])
        case ("GET", ["faults"]): return faults()
        case ("POST", ["faults"]):
            return withJSON(r) { body in
                guard let kindText = body["kind"]?.stringValue, let kind = FaultRule.Kind(rawValue: kindText) else {
                    return bad("kind is required: one of \(FaultRule.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let status = Int(body["status"]?.numberValue ?? 503)
                let count = Int(body["count"]?.numberValue ?? 1)
                guard count >= 1, kind == .dropAfterCommit || (400...599).contains(status) else { return bad("count must be ≥ 1 and status 400–599") }
                state.limits.addFault(FaultRule(kind: kind, status: status, count: count, connector: body["connector"]?.stringValue))
                return faults()
            }
        case ("DELETE", ["faults"]):
            state.limits.clearFaults()
            return faults()
        case ("PUT", ["latency"]), ("POST", ["latency"]):
            return withJSON(r) { body in
                guard let ms = body["milliseconds"]?.numberValue, ms >= 0 else { return bad("send {\"milliseconds\": 250}") }
                state.limits.latencyMilliseconds = Int(ms)
                return status()
            }
        case ("PUT", ["settings"]), ("PATCH", ["settings"]):
            return withJSON(r) { body in
                if let a = body["autoApprove"] { guard let b = a.boolValue else { return bad("autoApprove must be true or false") }; state.autoApprove.withLock { $0 = b } }
                if let t = body["tokenTTL"] { guard let s = t.numberValue, s > 0 else { return bad("tokenTTL must be a positive number of seconds") }; state.tokenTTL.withLock { $0 = s } }
                return status()
            }
        case ("POST", ["tokens"]): return withJSON(r) { mintToken($0) }
        case ("POST", ["reset"]):
            // Optional body {"seed": "demo"}; tokens stay valid.
            let seed = r.body.isEmpty ? nil : (try? r.json())?["seed"]?.stringValue
            if let seed, seed != "demo" { return bad("the only seed is \"demo\"") }
            do {
                try state.store.reset()
                if seed == "demo" { try DemoSeed.seed(state.store) }
            } catch {
                return .json(500, ["error": "reset_failed", "message": .string("\(error)")])
            }
            return status()
        case (_, let p) where p.first == "custom-fields": return AdminCustomFields(state: state).handle(r, p)
        case ("GET", let p) where p.count == 3 && p[0] == "records": return list(r, p[1], p[2])
        case (let m, let p) where (m == "PATCH" || m == "POST") && p.count == 4 && p[0] == "records":
            let (connector, object, id) = (p[1], p[2], p[3])
            return withJSON(r) { body in
                if let created = body["createdAt"] {
                    // Backdating: {"createdAt": "2025-01-01T00:00:00Z"}.
                    guard let text = created.stringValue, let ms = SandboxTime.parseISO(text) else { return bad("createdAt: expected an ISO 8601 date-time") }
                    guard (try? state.store.setCreated(connector, object, id: id, ms: ms)) == true else {
                        return .json(404, ["error": "not_found", "message": .string("no live \(connector) \(object) \(id)")])
                    }
                    if body["fields"] == nil { return .json(200, ["id": .string(id), "createdAt": .string(text)]) }
                }
                guard case .object(let o) = body["fields"] ?? body else { return bad("send {\"fields\": {\"name\": \"value\"}}") }
                var assignments: [String: String?] = [:]
                for (k, v) in o {
                    if v.isNull { assignments[k] = .some(nil) } else { assignments[k] = v.stringValue ?? JSONWriter.compact(v) }
                }
                do {
                    let record = try SandboxEditor(store: state.store).edit(connector: connector, object: object, id: id, assignments: assignments)
                    return .json(200, record)
                } catch {
                    return .json(400, ["error": "edit_failed", "message": .string((error as? SandboxError)?.message ?? "\(error)")])
                }
            }
        default:
            return .json(404, ["error": "not_found", "message": .string("no admin endpoint \(r.method) \(r.rawPath); see docs/sandbox.md")])
        }
    }

    private func status() -> SandboxReply {
        let counts = (try? state.store.count()) ?? 0
        return .json(200, [
            "baseURL": .string(state.baseURL),
            "records": .number(Double(counts)),
            "accounts": .array(SandboxAccount.all.map { ["id": .string($0.id), "name": .string($0.name)] }),
            "autoApprove": .bool(state.autoApprove.withLock { $0 }),
            "tokenTTL": .number(state.tokenTTL.withLock { $0 }),
            "latencyMilliseconds": .number(Double(state.limits.latencyMilliseconds)),
            "rateLimits": rulesJSON(),
            "faults": faultsJSON(),
        ])
    }

    private func rulesJSON() -> JSONValue {
        var o = JSONObject()
        for (k, v) in state.limits.rules.sorted(by: { $0.key < $1.key }) {
            o[k] = ["requests": .number(Double(v.requests)), "windowSeconds": .number(v.windowSeconds)]
        }
        return .object(o)
    }

    private func faultsJSON() -> JSONValue {
        .array(state.limits.faults.map { f in
            ["kind": .string(f.kind.rawValue), "status": .number(Double(f.status)), "count": .number(Double(f.count)),
             "connector": f.connector.map(JSONValue.string) ?? .null]
        })
    }

    private func rateLimits() -> SandboxReply { .json(200, ["rateLimits": rulesJSON()]) }
    private func faults() -> SandboxReply { .json(200, ["faults": faultsJSON()]) }

    private func mintToken(_ body: JSONValue) -> SandboxReply {
        guard let connector = body["connector"]?.stringValue, let client = SandboxClient.registered[connector] else {
            return bad("connector is required: one of \(SandboxClient.registered.keys.sorted().joined(separator: ", "))")
        }
        let accountID = body["account"]?.stringValue ?? SandboxAccount.all[0].id
        guard SandboxAccount.named(accountID) != nil else { return bad("unknown account \(accountID); use acme, globex or initech") }
        let scopes = body["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? client.scopes
        let ttl = body["ttl"]?.numberValue ?? state.tokenTTL.withLock { $0 }
        let issued = state.tokens.issue(connector: connector, clientID: client.id, account: accountID, scopes: Set(scopes), ttl: ttl,
                                        withRefresh: client.issuesRefreshTokens, now: Date().timeIntervalSince1970)
        var o = JSONObject()
        o["access_token"] = .string(issued.access)
        o["token_type"] = "Bearer"
        o["expires_in"] = .number(ttl)
        o["scope"] = .string(scopes.joined(separator: " "))
        o["account"] = .string(accountID)
        if let refresh = issued.refresh { o["refresh_token"] = .string(refresh) }
        if connector == "salesforce" { o["instance_url"] = .string(state.baseURL + "/salesforce") }
        return .json(200, .object(o))
    }

    private func list(_ r: SandboxRequest, _ connector: String, _ object: String) -> SandboxReply {
        let account = r.queryValue("account") ?? SandboxAccount.all[0].id
        let records = (try? state.store.all(connector, object, account: account)) ?? []
        return .json(200, ["results": .array(records.map { SandboxEditor.json($0) })])
    }

    private func bad(_ message: String) -> SandboxReply { .json(400, ["error": "invalid_request", "message": .string(message)]) }

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) -> SandboxReply) -> SandboxReply {
        guard r.mediaType == "application/json" else { return .json(415, ["error": "unsupported_media_type", "message": "send application/json"]) }
        do { return body(try r.json()) } catch { return bad("malformed JSON: \(error)") }
    }
}
