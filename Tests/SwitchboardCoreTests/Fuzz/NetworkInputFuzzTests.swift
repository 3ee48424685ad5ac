import Foundation
import NIOConcurrencyHelpers
import SwitchboardTestSupport
import Testing
@testable import SwitchboardCore

/// Issue 18's fuzz suite, what arrives over the network: mutated OAuth callbacks sent raw to the
/// loopback listener, mutated token answers, and mutated CRM answers (truncated, huge, wrong
/// types, control bytes, broken HTTP) served over a real socket to the real HTTP client while the
/// schema reader and the push engine work. None may crash, hang past a bound, take a callback
/// without its state, lose a record, or show a secret or a control character in a refusal.
@Suite("Fuzz: OAuth callbacks, token answers and CRM answers", .serialized)
struct NetworkInputFuzzTests {
    static let perInputBound = 10.0
    static let memoryBound = 768 << 20

    static func printable(_ text: String) -> Bool {
        !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test("mutated callbacks: every connection is answered or cut within its deadline; only the real state and a code are taken")
    func callbacks() async throws {
        var mutator = Mutator(FuzzBudget.generator("callbacks"))
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "OAuth callbacks")
        for i in 0..<FuzzBudget.iterations(40) {
            let formPost = i % 3 == 2
            let request = try AuthorizationRequest(spec: testSpec(callback: formPost ? .formPost : .query), clientID: "client-123",
                                                   redirectURI: "http://127.0.0.1/callback", state: "st-\(i)-kept-secret")
            let listener = try await LoopbackListener.start(port: 0, path: "/callback", mode: formPost ? .formPost : .query,
                                                            limits: .init(maxRequestBytes: 16 * 1024, connectionDeadline: 0.5, maxConnections: 8),
                                                            validate: { parameters in Result { () throws(AuthError) in try request.validate(parameters) } })
            let query = "code=the-code-\(i)&state=\(request.state)"
            let good = formPost
                ? "POST /callback HTTP/1.1\r\nHost: 127.0.0.1:\(listener.port)\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(query.utf8.count)\r\n\r\n\(query)"
                : "GET /callback?\(query) HTTP/1.1\r\nHost: 127.0.0.1:\(listener.port)\r\nUser-Agent: fuzz\r\n\r\n"
            let bytes = mutator.bytes(Array(good.utf8))
            await tally.runAsync {
                let fd = rawConnect(port: listener.port)
                #expect(fd >= 0)
                _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                let answer = rawReadAll(fd, seconds: 3)
                close(fd)
                #expect(answer.closed || answer.text.hasPrefix("HTTP/1.1 "), "input \(i): neither answered nor closed")
                // Undecided: the fuzz input was refused without ending the flow; decided: it must
                // have carried the real state (a forged or damaged one is a failure, never a code).
                let undecided = listener.finish(.failure(.missingCode))
                let outcome = await listener.outcome()
                await listener.close()
                if case .success(let code) = outcome {
                    #expect(String(decoding: bytes, as: UTF8.self).contains("state=\(request.state)") && !code.isEmpty, "input \(i): took \(code.terminalSafe)")
                    return false
                }
                return undecided
            }
        }
        let broken = tally.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound, bothOutcomes: false)
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test("mutated token answers: parsed or refused, and a refusal never shows the token it was sent")
    func tokenAnswers() throws {
        var mutator = Mutator(FuzzBudget.generator("tokens"))
        let seed: JSONValue = ["access_token": "at-SECRET-0123456789abcdef", "refresh_token": "rt-SECRET-fedcba9876543210", "token_type": "bearer",
                               "expires_in": 1800, "scope": "contacts.read contacts.write", "instance_url": "https://acme.my.salesforce.com"]
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "token answers")
        for i in 0..<FuzzBudget.iterations(200) {
            let bytes = i % 3 == 0 ? mutator.bytes(Array(JSONWriter.compact(seed).utf8)) : Array(JSONWriter.compact(mutator.json(seed)).utf8)
            tally.run {
                do throws(AuthError) {
                    let parsed = try TokenResponse.parse(Data(bytes), hostFields: ["instance_url"], separator: " ")
                    #expect(!parsed.accessToken.isEmpty, "input \(i): an empty access token was taken")
                    return false
                } catch {
                    let text = error.description
                    #expect(!text.contains("SECRET-0123456789") && !text.contains("SECRET-fedcba"), "input \(i): \(text.terminalSafe)")
                    #expect(Self.printable(text), "input \(i): \(text.terminalSafe)")
                    return true
                }
            }
        }
        let broken = tally.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound)
        #expect(broken.isEmpty, "\(broken)")
    }

    /// HubSpot's answers for a contact push and a contacts schema read, the seeds the mutator damages.
    static let answers: [String: [String]] = [
        "POST /crm/v3/objects/contacts": [
            RawHTTPServer.response(status: 201, reason: "Created", headers: [("X-HubSpot-RateLimit-Remaining", "99"), ("X-HubSpot-RateLimit-Max", "100")],
                                   body: #"{"id":"512","properties":{"email":"x@example.com","createdate":"2026-12-03T10:00:00Z"},"createdAt":"2026-12-03T10:00:00Z","archived":false}"#),
            RawHTTPServer.response(status: 400, reason: "Bad Request",
                                   body: #"{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"Email address x is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]","correlationId":"c-1","category":"VALIDATION_ERROR"}"#),
            RawHTTPServer.response(status: 409, reason: "Conflict", body: #"{"status":"error","message":"Contact already exists. Existing ID: 777","category":"CONFLICT"}"#),
            RawHTTPServer.response(status: 429, reason: "Too Many Requests", headers: [("Retry-After", "0")],
                                   body: #"{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","policyName":"SECONDLY"}"#),
        ],
        "GET /crm/v3/properties/contacts": [
            RawHTTPServer.response(status: 200, body: #"{"results":[{"name":"email","label":"Email","type":"string","fieldType":"text","hubspotDefined":true,"hasUniqueValue":true,"options":[]},{"name":"tier","label":"Tier","type":"enumeration","fieldType":"select","hubspotDefined":false,"options":[{"label":"Gold","value":"gold","hidden":false},{"label":"Silver","value":"silver","hidden":false}],"modificationMetadata":{"readOnlyValue":false}}]}"#),
        ],
        "GET /crm/v3/schemas/contacts": [RawHTTPServer.response(status: 200, body: #"{"requiredProperties":["email"],"name":"contacts"}"#)],
    ]

    /// What the raw server sends for each request line (method and path), set per input.
    final class Script: Sendable {
        let replies = NIOLockedValueBox<[String: [UInt8]]>([:])
        func answer(_ request: String) -> [UInt8] {
            let line = request.split(separator: "\r\n").first.map(String.init) ?? ""
            let words = line.split(separator: " ")
            let path = words.count > 1 ? String(words[1].split(separator: "?").first ?? "") : ""
            let key = "\(words.first ?? "") \(path)"
            return replies.withLockedValue { $0[key] } ?? Array(RawHTTPServer.response(status: 404, reason: "Not Found", body: "{}").utf8)
        }
    }

    /// A seed answer damaged: its body as JSON (types, keys, sizes) or its bytes (HTTP itself).
    static func damaged(_ seed: String, _ mutator: inout Mutator) -> [UInt8] {
        guard mutator.chance(0.6), let split = seed.range(of: "\r\n\r\n"),
              let body = try? JSONParser.parse(String(seed[split.upperBound...])) else { return mutator.bytes(Array(seed.utf8)) }
        let head = String(seed[..<split.lowerBound]).split(separator: "\r\n").filter { !$0.lowercased().hasPrefix("content-length") }.joined(separator: "\r\n")
        let text = JSONWriter.compact(mutator.json(body))
        return Array((head + "\r\nContent-Length: \(text.utf8.count)\r\n\r\n" + text).utf8)
    }

    @Test("mutated CRM answers: a schema read ends with fields or a clear error; a push ends every record succeeded (with an id) or failed (with a reason), never lost")
    func crmAnswers() async throws {
        let w = try await TestWorkspace.make("fuzzcrm")
        defer { Task { await w.close() } }
        let script = Script()
        let server = try RawHTTPServer { script.answer($0) }
        defer { server.stop() }
        var hubspot = try #require(w.catalog.connector(id: "hubspot"))
        hubspot.api.baseURL = server.baseURL
        let create = try #require(hubspot.action(id: "createContact")?.action)
        let resource = try #require(hubspot.resources.first { $0.metadata != nil && $0.actions.contains { $0.id == "createContact" } })
        let access = StaticAccess(AccessGrant(accessToken: "fuzz-token"))
        var mutator = Mutator(FuzzBudget.generator("crm answers"))
        let journal = try w.workspace.stores().journal
        let memory = PeakMemory()
        var reads = FuzzTally(kind: "CRM schema answers"), pushes = FuzzTally(kind: "CRM push answers")
        for i in 0..<FuzzBudget.iterations(40) {
            var replies: [String: [UInt8]] = [:]
            for (key, seeds) in Self.answers { replies[key] = Self.damaged(mutator.pick(seeds), &mutator) }
            script.replies.withLockedValue { $0 = replies }

            let reader = try #require(MetadataReader(connector: hubspot, resource: resource, transport: w.transport, access: access,
                                                     limiter: RateLimiter(limit: nil, window: 1), retry: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxDelay: 0.05)))
            await reads.runAsync {
                do throws(CRMReadError) {
                    if case .fields(let fields, _, _) = try await reader.read(lastModified: nil) {
                        #expect(fields.allSatisfy { !$0.name.isEmpty }, "input \(i): a field without a name")
                    }
                    return false
                } catch {
                    #expect(!error.message.isEmpty && !error.message.contains("fuzz-token"), "input \(i): \(error.message.terminalSafe)")
                    return true
                }
            }

            let record = UniversalRecord(id: "fz-\(i)", object: .contact, fields: JSONObject([("contact_email", .string("fz\(i)@example.com")), ("contact_last_name", "Fuzz")]))
            let target = PushTarget(manifest: hubspot, action: create, mapping: .defaults(hubspot, actionId: create.id), access: access,
                                    previewAccess: .notConnected, linkConnectorID: hubspot.id)
            try await pushes.runAsync {
                let plan = try w.workspace.pushPlan(target, records: [record], tenant: w.tenant)
                let run = try w.workspace.startPushRun(plan, tenant: w.tenant, source: "fuzz", onlyValid: true)
                _ = try await w.workspace.pushExecutor(target, plan: plan).execute(run)
                let items = try journal.items(run: run.id)
                #expect(items.count == 1, "input \(i): the record is in the journal")
                for item in items {
                    let answer = String(decoding: replies["POST /crm/v3/objects/contacts"] ?? [], as: UTF8.self).terminalSafe.prefix(300)
                    // Succeeded with its id, failed with a reason, or `sending` (the answer did not
                    // say what happened: a resume looks the record up); never back to queued.
                    #expect(item.state != .queued && item.state != .skipped, "input \(i): left \(item.state) after \(answer)")
                    if item.state == .succeeded { #expect(!(item.remoteID ?? "").isEmpty, "input \(i): succeeded without an id after \(answer)") }
                    if item.state == .failed {
                        let reason = item.errorMessage ?? ""
                        #expect(!reason.isEmpty && !reason.contains("fuzz-token"), "input \(i): \(reason.terminalSafe)")
                    }
                }
                return items.first?.state != .succeeded
            }
        }
        let broken = reads.finish(PeakMemory(), perInput: Self.perInputBound, memoryBound: Self.memoryBound, bothOutcomes: false)
            + pushes.finish(memory, perInput: Self.perInputBound, memoryBound: Self.memoryBound)
        #expect(broken.isEmpty, "\(broken)")
    }
}
