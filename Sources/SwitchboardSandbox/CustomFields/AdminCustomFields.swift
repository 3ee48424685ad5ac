import Foundation
import SwitchboardCore

/// `/admin/custom-fields/{connector}/{object}[/{name}]?account=ID`: lists, adds and removes an
/// account's custom fields at run time, as the CRM's admin would in its settings.
///
/// - `GET` lists them;
/// - `POST` adds one definition (`{"name", "label", "kind", "options", "required", "length"}`) or
///   many (`{"fields": [...]}`), answering 201 with the list, 409 when a name is taken;
/// - `DELETE .../{name}` removes one (404 when there is none).
struct AdminCustomFields: Sendable {
    let state: SandboxState

    func handle(_ r: SandboxRequest, _ p: [String]) -> SandboxReply {
        guard p.count == 3 || p.count == 4 else { return bad("use /admin/custom-fields/{connector}/{object}[/{name}]?account=acme") }
        let (connector, object) = (p[1], p[2])
        guard SandboxClient.registered[connector] != nil else {
            return bad("unknown connector \(connector); use one of \(SandboxClient.registered.keys.sorted().joined(separator: ", "))")
        }
        let account = r.queryValue("account") ?? SandboxAccount.all[0].id
        guard SandboxAccount.named(account) != nil else { return bad("unknown account \(account); use acme, globex or initech") }
        do {
            switch (r.method, p.count) {
            case ("GET", 3):
                return list(connector, object, account)
            case ("POST", 3):
                guard r.mediaType == "application/json" else { return .json(415, ["error": "unsupported_media_type", "message": "send application/json"]) }
                let body = try r.json()
                let items = body["fields"]?.arrayValue ?? [body]
                var fields: [CustomFieldDefinition] = []
                for (i, item) in items.enumerated() {
                    switch CustomFieldDefinition.from(item) {
                    case .failure(let why): return bad(items.count > 1 ? "fields[\(i)]: \(why)" : why)
                    case .success(let f): fields.append(f)
                    }
                }
                let existing = Set(try state.store.customFields(connector, object, account: account).map(\.name))
                if let taken = fields.first(where: { existing.contains($0.name) }) {
                    return .json(409, ["error": "conflict", "message": .string("\(connector) \(object) of \(account) already has a custom field \(taken.name)")])
                }
                _ = try state.store.addCustomFields(connector, object, account: account, fields)
                var reply = list(connector, object, account)
                reply.status = 201
                return reply
            case ("DELETE", 4):
                guard try state.store.removeCustomField(connector, object, account: account, name: p[3]) else {
                    return .json(404, ["error": "not_found", "message": .string("\(connector) \(object) of \(account) has no custom field \(p[3])")])
                }
                return list(connector, object, account)
            default:
                return .json(405, ["error": "method_not_allowed", "message": .string("\(r.method) is not allowed on \(r.rawPath)")])
            }
        } catch {
            return bad("\(error)")
        }
    }

    private func list(_ connector: String, _ object: String, _ account: String) -> SandboxReply {
        let fields = (try? state.store.customFields(connector, object, account: account)) ?? []
        return .json(200, ["connector": .string(connector), "object": .string(object), "account": .string(account),
                           "fields": .array(fields.map { .object($0.json) })])
    }

    private func bad(_ message: String) -> SandboxReply { .json(400, ["error": "invalid_request", "message": .string(message)]) }
}
