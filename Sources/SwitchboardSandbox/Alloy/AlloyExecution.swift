import Foundation
import SwitchboardCore

/// `POST /connectors/{id}/actions/{actionId}/execute`: checks the body against the action's
/// schema, then sends the action's request to the sandbox's own HubSpot- or Salesforce-compatible
/// API with the credential's token (through the same rate limits and faults as direct callers),
/// refreshing the token once when the CRM refuses it. The CRM's answer comes back as
/// `{"responseData", "statusCode"}`, its errors as Alloy's codes.
struct AlloyExecution: Sendable {
    let state: SandboxState

    func execute(_ body: JSONValue, user: String, entry: AlloyDirectory.Entry, actionID: String) async -> SandboxReply {
        guard let manifest = entry.manifest, let action = manifest.action(id: actionID)?.action else {
            return AlloyErrors.notFound("Connector \(entry.id) has no action \(actionID)")
        }
        guard case .object(let o) = body else {
            return AlloyErrors.validation("Invalid request body", field: "body", reason: "expected a JSON object with credentialId and requestBody")
        }
        if let bad = o.keys.first(where: { !["credentialId", "requestBody", "pathParams"].contains($0) }) {
            return AlloyErrors.validation("Invalid request body", field: bad, reason: "unknown field; execute takes credentialId, requestBody and pathParams")
        }
        guard let credentialID = o["credentialId"]?.stringValue, !credentialID.isEmpty else {
            return AlloyErrors.validation("Invalid field value", field: "credentialId", reason: o["credentialId"] == nil ? "required" : "must be a non-empty string")
        }
        let hasBody = action.requestSchema != nil
        let requestBody = o["requestBody"]
        if hasBody {
            guard let requestBody, case .object = requestBody else {
                return AlloyErrors.validation("Invalid field value", field: "requestBody", reason: requestBody == nil ? "required by \(action.id)" : "must be an object")
            }
            if let violation = action.requestSchema?.validate(requestBody).first {
                return AlloyErrors.validation("Invalid field value", field: violation.pointer.tokens.last ?? "requestBody", reason: violation.reason,
                                              extra: [("pointer", .string("/requestBody" + violation.pointer.description))])
            }
        }
        var values: [String: String] = [:]
        if let params = o["pathParams"] {
            guard case .object(let p) = params else { return AlloyErrors.validation("Invalid field value", field: "pathParams", reason: "must be an object of strings") }
            for (k, v) in p {
                guard let s = v.stringValue else { return AlloyErrors.validation("Invalid field value", field: "pathParams.\(k)", reason: "must be a string") }
                values[k] = s
            }
        }
        guard case .success(let template) = PathTemplate.parse(action.path), let path = template.expand(values) else {
            let missing = action.pathParameters.first { values[$0] == nil } ?? "?"
            return AlloyErrors.validation("Invalid field value", field: "pathParams.\(missing)", reason: "required by \(action.id)'s path \(action.path)")
        }
        guard let credential = state.alloy.credential(credentialID), credential.userID == user, credential.connector == entry.id else {
            return AlloyErrors.invalidCredential("No credential \(credentialID) for this user and \(entry.id); connect again")
        }
        guard credential.active else { return AlloyErrors.invalidCredential() }
        guard ["hubspot", "salesforce"].contains(manifest.id) else {
            return AlloyErrors.body(501, "PROVIDER_ERROR", "The sandbox serves no \(entry.name) API; execute works for hubspot and salesforceCRM")
        }
        var reply = await forward(manifest.id, action, path: path, body: hasBody ? requestBody : nil, token: credential.accessToken)
        if reply.status == 401 {
            guard await AlloyAuthorization(state: state).refresh(credential), let fresh = state.alloy.credential(credential.id) else {
                state.alloy.deactivate(credential.id)
                return AlloyErrors.invalidCredential()
            }
            reply = await forward(manifest.id, action, path: path, body: hasBody ? requestBody : nil, token: fresh.accessToken)
            if reply.status == 401 {
                state.alloy.deactivate(credential.id)
                return AlloyErrors.invalidCredential()
            }
        }
        return translate(reply)
    }

    private func forward(_ area: String, _ action: ActionSpec, path: String, body: JSONValue?, token: String) async -> SandboxReply {
        let full = "/" + area + path
        var headers = ["authorization": "Bearer \(token)", "accept": "application/json"]
        if body != nil { headers["content-type"] = "application/json" }
        let request = SandboxRequest(method: action.method, path: full.split(separator: "/").map(String.init), rawPath: full,
                                     query: action.query.map { ($0.name, $0.value) }, headers: headers,
                                     body: body.map { Data(JSONWriter.compact($0).utf8) } ?? Data())
        return await SandboxResponder(state: state).forward(area, request)
    }

    /// The CRM's answer in Alloy's terms.
    private func translate(_ reply: SandboxReply) -> SandboxReply {
        if reply.dropConnection { return reply }
        let parsed = reply.body.isEmpty ? nil : try? JSONParser.parse(reply.body)
        switch reply.status {
        case 200..<300:
            return .json(200, ["responseData": parsed ?? .null, "statusCode": .number(Double(reply.status))])
        case 429, 403:
            guard reply.status == 429 || Self.message(parsed)?.contains("REQUEST_LIMIT_EXCEEDED") == true else {
                return AlloyErrors.invalidCredential(Self.message(parsed) ?? "The CRM refused the credential's access")
            }
            let after = reply.headers.first { $0.0.lowercased() == "retry-after" }.flatMap { Int($0.1) } ?? 1
            return AlloyErrors.rateLimited(retryAfter: after)
        case 400, 422:
            let (field, reason) = Self.fieldProblem(parsed)
            return AlloyErrors.validation("Invalid field value", field: field, reason: reason)
        case 404:
            return AlloyErrors.notFound(Self.message(parsed) ?? "The CRM has no such record")
        case 409:
            return AlloyErrors.body(409, "CONFLICT", Self.message(parsed) ?? "The record already exists")
        default:
            return AlloyErrors.body(502, "PROVIDER_ERROR", "The CRM answered \(reply.status): \(Self.message(parsed) ?? "no message")")
        }
    }

    /// The CRM's message: HubSpot `{"message"}`, Salesforce `[{"errorCode", "message"}]`.
    static func message(_ body: JSONValue?) -> String? {
        guard let body else { return nil }
        if let m = body["message"]?.stringValue { return m }
        if let first = body[0], let m = first["message"]?.stringValue { return (first["errorCode"]?.stringValue.map { "\($0): " } ?? "") + m }
        return nil
    }

    /// The field and reason of a validation error: HubSpot's `errors[0].context.propertyName`,
    /// Salesforce's `[0].fields`.
    static func fieldProblem(_ body: JSONValue?) -> (String, String) {
        if let error = body?["errors"]?[0], let message = error["message"]?.stringValue {
            return (error["context"]?["propertyName"]?[0]?.stringValue ?? "requestBody", message)
        }
        if let first = body?[0], let message = first["message"]?.stringValue {
            return (first["fields"]?[0]?.stringValue ?? "requestBody", message)
        }
        return ("requestBody", message(body) ?? "the CRM refused the values")
    }
}
