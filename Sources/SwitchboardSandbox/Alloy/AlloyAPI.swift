import Foundation
import SwitchboardCore

/// The Alloy Connectivity API (version 2025-09) under `/alloy`: users, connectors, credentials
/// (OAuth through the sandbox's own consent page), resources, action schemas and execute, which
/// forwards to the HubSpot- and Salesforce-compatible APIs of the same sandbox.
///
/// As strict as the real one: every call needs `Authorization: Bearer <API key>` and
/// `x-api-version: 2025-09`; calls about a user's credentials need `x-alloy-userid`. Errors have
/// Alloy's shape, `{"error": {"code", "message", "details"}}`.
struct AlloyAPI: Sendable {
    let state: SandboxState
    var directory: AlloyDirectory { .standard }

    /// The API version this API speaks.
    static let version = "2025-09"

    /// Handles a request whose path starts with `alloy`.
    func handle(_ r: SandboxRequest) async -> SandboxReply {
        let p = Array(r.path.dropFirst())
        if p == ["oauth", "callback"] {
            return r.method == "GET" ? await AlloyAuthorization(state: state).callback(r) : AlloyErrors.methodNotAllowed(r)
        }
        if let refusal = checkKeyAndVersion(r) { return refusal }
        let decision = state.limits.admit("alloy")
        if !decision.allowed { return AlloyErrors.rateLimited(retryAfter: decision.retryAfterSeconds) }
        if let fault = state.limits.takeFault(for: "alloy") {
            switch fault.kind {
            case .errorBeforeCommit:
                return AlloyErrors.body(fault.status, "PROVIDER_ERROR", "The sandbox injected a \(fault.status) fault; retry later.")
            case .errorAfterCommit, .dropAfterCommit:
                var reply = await route(r, p)
                if fault.kind == .dropAfterCommit { reply.dropConnection = true } else {
                    reply = AlloyErrors.body(fault.status, "PROVIDER_ERROR", "The sandbox injected a \(fault.status) fault after doing the work; retry later.")
                }
                return reply
            }
        }
        return await route(r, p)
    }

    private func route(_ r: SandboxRequest, _ p: [String]) async -> SandboxReply {
        switch (r.method, p) {
        case ("POST", ["users"]): return withJSON(r) { createUser($0) }
        case ("GET", ["users"]): return listUsers()
        case (_, ["users"]): return AlloyErrors.methodNotAllowed(r)
        case ("GET", ["connectors"]): return listConnectors(r)
        case (_, ["connectors"]): return AlloyErrors.methodNotAllowed(r)
        default: break
        }
        guard p.count >= 3, p[0] == "connectors" else { return AlloyErrors.notFound("No route for \(r.method) \(r.rawPath)") }
        guard let entry = directory.entry(p[1]) else {
            return AlloyErrors.notFound("Unknown connector \(p[1]); GET /connectors lists them")
        }
        let rest = Array(p.dropFirst(2))
        switch (r.method, rest) {
        case ("GET", ["resources"]): return .json(200, directory.resources(entry))
        case ("GET", let a) where a.count == 2 && a[0] == "actions":
            guard let action = entry.manifest?.action(id: a[1])?.action else { return AlloyErrors.notFound("Connector \(entry.id) has no action \(a[1])") }
            return .json(200, directory.action(action))
        case (_, let a) where a.first == "credentials" && a.count <= 2, (_, let a) where a.count == 3 && a[0] == "actions" && a[2] == "execute":
            break
        case (_, let a) where a == ["resources"] || (a.count == 2 && a[0] == "actions"): return AlloyErrors.methodNotAllowed(r)
        default: return AlloyErrors.notFound("No route for \(r.method) \(r.rawPath)")
        }
        // Everything below belongs to one end user.
        let user: String
        switch checkUser(r) {
        case .failure(let refusal): return refusal
        case .success(let id): user = id
        }
        let auth = AlloyAuthorization(state: state)
        switch (r.method, rest) {
        case ("GET", ["credentials"]):
            return .json(200, ["credentials": .array(state.alloy.credentials(user: user, connector: entry.id).map(\.json))])
        case ("POST", ["credentials"]): return withJSON(r) { auth.start($0, user: user, entry: entry) }
        case ("DELETE", let c) where c.count == 2 && c[0] == "credentials":
            guard let credential = state.alloy.credential(c[1]), credential.userID == user, credential.connector == entry.id, credential.active else {
                return AlloyErrors.notFound("No credential \(c[1]) for this user and connector")
            }
            state.alloy.deactivate(credential.id)
            return .json(200, ["success": true])
        case ("POST", let a) where a.count == 3 && a[0] == "actions":
            let value: JSONValue
            guard r.mediaType == "application/json" else { return contentTypeError(r) }
            do { value = try r.json() } catch { return invalidJSON(error) }
            return await AlloyExecution(state: state).execute(value, user: user, entry: entry, actionID: a[1])
        default: return AlloyErrors.methodNotAllowed(r)
        }
    }

    // MARK: Users and connectors

    private func createUser(_ body: JSONValue) -> SandboxReply {
        guard case .object(let o) = body else { return AlloyErrors.validation("Invalid request body", field: "body", reason: "expected a JSON object with fullName and username") }
        if let bad = o.keys.first(where: { !["fullName", "username"].contains($0) }) {
            return AlloyErrors.validation("Invalid request body", field: bad, reason: "unknown field; a user has fullName and username")
        }
        for name in ["fullName", "username"] {
            guard let value = o[name]?.stringValue, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                return AlloyErrors.validation("Invalid field value", field: name, reason: o[name] == nil ? "required" : "must be a non-empty string")
            }
        }
        do {
            guard let id = try state.store.createAlloyUser(username: o["username"]!.stringValue!, fullName: o["fullName"]!.stringValue!) else {
                return AlloyErrors.validation("Invalid field value", field: "username", reason: "already taken by another user")
            }
            return .json(200, ["userId": .string(id)])
        } catch {
            return AlloyErrors.body(500, "INTERNAL_ERROR", "The sandbox store failed: \(error)")
        }
    }

    private func listUsers() -> SandboxReply {
        let users = (try? state.store.alloyUsers()) ?? []
        return .json(200, ["users": .array(users.map { ["userId": .string($0.id), "username": .string($0.username), "fullName": .string($0.fullName)] })])
    }

    private func listConnectors(_ r: SandboxRequest) -> SandboxReply {
        var entries = directory.entries
        if let category = r.queryValue("category")?.lowercased(), !category.isEmpty {
            entries = entries.filter { $0.category.contains { $0.lowercased().contains(category) } }
        }
        return .json(200, ["connectors": .array(entries.map(directory.json))])
    }

    // MARK: Headers

    private func checkKeyAndVersion(_ r: SandboxRequest) -> SandboxReply? {
        guard let authorization = r.header("authorization") else {
            return AlloyErrors.unauthorized("send Authorization: Bearer YOUR_API_KEY")
        }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0] == "Bearer" else {
            return AlloyErrors.unauthorized("the Authorization header must be \"Bearer YOUR_API_KEY\"")
        }
        guard parts[1].trimmingCharacters(in: .whitespaces) == AlloyBook.demoAPIKey else {
            return AlloyErrors.unauthorized("the API key is not valid for this workspace")
        }
        guard let version = r.header("x-api-version") else {
            return AlloyErrors.header("x-api-version", "required; send x-api-version: \(Self.version)")
        }
        guard version == Self.version else {
            return AlloyErrors.header("x-api-version", "unsupported version \"\(version)\"; this API speaks \(Self.version)")
        }
        return nil
    }

    private func checkUser(_ r: SandboxRequest) -> Outcome<String, SandboxReply> {
        guard let user = r.header("x-alloy-userid"), !user.isEmpty else {
            return .failure(AlloyErrors.header("x-alloy-userid", "required for a user's credentials and actions; create a user with POST /users"))
        }
        guard (try? state.store.alloyUserName(user)) != nil else {
            return .failure(AlloyErrors.body(404, "NOT_FOUND", "No user with id \(user)", details: ["field": "x-alloy-userid", "reason": "unknown user; create one with POST /users"]))
        }
        return .success(user)
    }

    // MARK: Bodies

    private func withJSON(_ r: SandboxRequest, _ body: (JSONValue) -> SandboxReply) -> SandboxReply {
        guard r.mediaType == "application/json" else { return contentTypeError(r) }
        do { return body(try r.json()) } catch { return invalidJSON(error) }
    }

    private func contentTypeError(_ r: SandboxRequest) -> SandboxReply {
        AlloyErrors.header("Content-Type", "send application/json (got \(r.header("content-type") ?? "none"))")
    }

    private func invalidJSON(_ e: JSONSyntaxError) -> SandboxReply {
        AlloyErrors.validation("Invalid JSON body", field: "body", reason: "line \(e.line), column \(e.column): \(e.reason)")
    }
}
