import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// Routes every request: `/oauth/...`, `/hubspot/...`, `/salesforce/...`, `/copper/...`, `/pipedrive/...`,
/// `/zoho-crm/...`, `/admin/...`, `/alloy/...`. Applies
/// the body limit, and for the CRM APIs the latency, rate limit and faults, then answers in the
/// provider's shape. Never throws: every failure is an HTTP answer.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxRequestContext
    let state: SandboxState

    func respond(to request: Request, context: Context) async throws -> Response {
        let started = Date()
        let reply = await answer(request, context)
        if reply.dropConnection {
            context.channel.close(promise: nil)
        }
        if !request.uri.path.hasPrefix("/admin") {
            state.logRequest("\(request.method.rawValue) \(request.uri.path) \(reply.dropConnection ? "dropped" : String(reply.status))")
        }
        if state.logRequests {
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            FileHandle.standardError.write(Data("sandbox: \(request.method.rawValue) \(request.uri.path) → \(reply.dropConnection ? "dropped" : String(reply.status)) (\(ms) ms)\n".utf8))
        }
        var headers = HTTPFields()
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { headers.append(HTTPField(name: n, value: value)) }
        }
        return Response(status: HTTPResponse.Status(code: reply.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }

    private func answer(_ request: Request, _ context: Context) async -> SandboxReply {
        let rawPath = request.uri.path
        let path = rawPath.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let area = path.first ?? ""
        // Body, within the limit.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > state.maxBodyBytes {
            return tooLarge(area)
        }
        var body = Data()
        do {
            for try await chunk in request.body {
                body.append(contentsOf: chunk.readableBytesView)
                if body.count > state.maxBodyBytes { return tooLarge(area) }
            }
        } catch {
            return .json(400, ["error": "invalid_request", "error_description": .string("the request body could not be read: \(error)")])
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = headers[field.name.canonicalName].map { $0 + ", " + field.value } ?? field.value }
        let r = SandboxRequest(method: request.method.rawValue, path: path, rawPath: rawPath,
                               query: SandboxForm.decode(request.uri.query ?? ""), headers: headers, body: body)
        switch area {
        case "oauth": return await OAuthEndpoints(state: state).handle(r)
        case "hubspot": return await limited("hubspot", r) { await HubSpotAPI(state: state).handle($0) }
        case "salesforce": return await limited("salesforce", r) { await SalesforceAPI(state: state).handle($0) }
        case "services":
            // Salesforce clients build URLs from the instance host alone (simple-salesforce drops the
            // path of instance_url), so the Salesforce API also answers at the root: /services/data/...
            var aliased = r
            aliased.path = ["salesforce"] + r.path
            return await limited("salesforce", aliased) { await SalesforceAPI(state: state).handle($0) }
        case "copper", "pipedrive", "zoho-crm": return await forward(area, r)
        case "admin": return await AdminAPI(state: state).handle(r)
        case "alloy": return await AlloyAPI(state: state).handle(r)
        case "" where r.method == "GET": return index()
        default:
            return .json(404, ["error": "not_found", "message": .string("no route for \(r.method) \(rawPath); the sandbox serves /oauth, /hubspot, /salesforce, /copper, /pipedrive, /zoho-crm, /alloy and /admin")])
        }
    }

    /// Sends a request made inside the sandbox (the Alloy API's execute) to the HubSpot or
    /// Salesforce API, through the same limits and faults as a request from outside.
    func forward(_ area: String, _ r: SandboxRequest) async -> SandboxReply {
        switch area {
        case "hubspot": return await limited("hubspot", r) { await HubSpotAPI(state: state).handle($0) }
        case "copper": return await limited("copper", r) { await CopperAPI(state: state).handle($0) }
        case "pipedrive": return await limited("pipedrive", r) { await PipedriveAPI(state: state).handle($0) }
        case "zoho-crm": return await limited("zoho-crm", r) { await ZohoAPI(state: state).handle($0) }
        default: return await limited("salesforce", r) { await SalesforceAPI(state: state).handle($0) }
        }
    }

    // MARK: Limits and faults

    private func limited(_ connector: String, _ r: SandboxRequest, _ handler: (SandboxRequest) async -> SandboxReply) async -> SandboxReply {
        let latency = state.limits.latencyMilliseconds
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }
        let decision = state.limits.admit(connector)
        var extra: [(String, String)] = []
        if connector == "hubspot", let rule = decision.rule {
            extra += [("X-HubSpot-RateLimit-Max", String(rule.requests)), ("X-HubSpot-RateLimit-Remaining", String(decision.remaining)),
                      ("X-HubSpot-RateLimit-Interval-Milliseconds", String(Int(rule.windowSeconds * 1000)))]
        }
        extra += ProviderShapes.rateHeaders(connector, decision)
        if connector == "salesforce" {
            extra.append(("Sforce-Limit-Info", "api-usage=\(state.limits.countCall(connector))/15000"))
        }
        func finish(_ reply: SandboxReply) -> SandboxReply {
            var reply = reply
            reply.headers += extra
            return reply
        }
        if !decision.allowed {
            let reply = connector == "hubspot" ? HubSpotErrors.rateLimited()
                : ProviderShapes.rateLimited(connector) ?? SalesforceError.reply(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            return finish(reply.adding("Retry-After", String(decision.retryAfterSeconds)))
        }
        let fault = state.limits.takeFault(for: connector)
        if let fault, fault.kind == .errorBeforeCommit { return finish(serverError(connector, fault.status)) }
        var reply = await handler(r)
        if let fault {
            switch fault.kind {
            case .errorAfterCommit: reply = serverError(connector, fault.status)
            case .dropAfterCommit: reply.dropConnection = true
            case .errorBeforeCommit: break
            }
        }
        return finish(reply)
    }

    private func serverError(_ connector: String, _ status: Int) -> SandboxReply {
        if connector == "hubspot" {
            return HubSpotErrors.body(status, status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR",
                                      "The sandbox injected a \(status) fault (internal error); retry later.")
        }
        if let reply = ProviderShapes.serverError(connector, status) { return reply }
        return SalesforceError.reply(status, status == 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION",
                                     "The sandbox injected a \(status) fault; retry later.")
    }

    private func tooLarge(_ area: String) -> SandboxReply {
        let message = "Request body exceeds the limit of \(state.maxBodyBytes) bytes"
        switch area {
        case "hubspot": return HubSpotErrors.body(413, "VALIDATION_ERROR", message).adding("Connection", "close")
        case "salesforce": return SalesforceError.reply(413, "REQUEST_ENTITY_TOO_LARGE", message).adding("Connection", "close")
        case "copper", "pipedrive", "zoho-crm": return (ProviderShapes.error(area, 413, message)).adding("Connection", "close")
        default: return SandboxReply.json(413, ["error": "invalid_request", "error_description": .string(message)]).adding("Connection", "close")
        }
    }

    private func index() -> SandboxReply {
        let base = state.baseURL
        return .json(200, [
            "name": "Switchboard sandbox",
            "hubspot": .string(base + "/hubspot"),
            "salesforce": .string(base + "/salesforce"),
            "copper": .string(base + "/copper/developer_api/v1"),
            "pipedrive": .string(base + "/pipedrive"),
            "zoho-crm": .string(base + "/zoho-crm"),
            "oauth": .string(base + "/oauth/{connector}/authorize|token|revoke"),
            "admin": .string(base + "/admin"),
            "alloy": .string(base + "/alloy"),
        ])
    }
}
