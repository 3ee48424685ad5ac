import Foundation

/// Why a read from a CRM (a sync pull, a metadata read) stopped.
public struct CRMReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var description: String { "\(code): \(message)" }

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Sends one read request to a CRM the way every read does: through the rate limiter, retrying
/// 429 (after `Retry-After`), 5xx and dropped connections, refreshing the token once on a 401, and
/// learning from the rate headers. Used by sync pulls and metadata reads.
struct ReadExchange: Sendable {
    let connector: ConnectorManifest
    let transport: any HTTPTransport
    let access: any PushAccessProvider
    let limiter: RateLimiter
    let retry: RetryPolicy

    /// The answer of a 2xx (parsed when it has a JSON body) or a 304, and how many requests it took.
    struct Answer: Sendable {
        var status: Int
        var headers: [HTTPHeaderField]
        var body: JSONValue?
        var sent: Int
    }

    /// Sends `first` until it is answered; `what` names the request in errors (an action id, "metadata").
    func send(_ first: HTTPRequestValue, access grant: inout AccessGrant, what: String) async throws(CRMReadError) -> Answer {
        let classifier = ResponseClassifier(connector: connector)
        var request = first
        var attempts = 0, waits = 0, sent = 0
        var refreshed = false
        while true {
            do { try await limiter.acquire() } catch let quota as DailyQuotaExhausted {
                throw CRMReadError(code: "DAILY_QUOTA", message: "\(connector.name): \(quota.description)")
            } catch { throw CRMReadError(code: "CANCELLED", message: "cancelled") }
            sent += 1
            attempts += 1
            let response: HTTPResponseValue
            do {
                response = try await transport.send(request)
                await limiter.observe(headers: response.headers, spec: connector.rateLimits.headers)
            } catch {
                guard attempts < retry.maxAttempts else { throw CRMReadError(code: "PROVIDER_ERROR", message: "\(error.description) (after \(attempts) attempts)") }
                try await sleep(retry.delay(afterAttempt: attempts, retryAfter: nil))
                continue
            }
            if response.status == 304 { return Answer(status: 304, headers: response.headers, body: nil, sent: sent) }
            switch classifier.classify(response, idPointer: nil) {
            case .success:
                // No content (Zoho answers an empty list with 204 and no body): an empty answer.
                if response.status == 204 || response.body.isEmpty {
                    return Answer(status: response.status, headers: response.headers, body: .object(JSONObject()), sent: sent)
                }
                guard let body = try? JSONParser.parse(response.body) else {
                    throw CRMReadError(code: "PROVIDER_ERROR", message: "\(connector.name) answered \(response.status) with a body that is not JSON")
                }
                return Answer(status: response.status, headers: response.headers, body: body, sent: sent)
            case .rateLimited(let after):
                waits += 1
                attempts -= 1
                guard waits <= 20 else { throw CRMReadError(code: "RATE_LIMIT_EXCEEDED", message: "still rate-limited after 20 waits") }
                await limiter.pause(for: retry.delay(afterAttempt: waits, retryAfter: after ?? 1))
            case .invalidCredential(let message):
                guard !refreshed else { throw CRMReadError(code: "INVALID_CREDENTIAL", message: message) }
                refreshed = true
                attempts -= 1
                do { grant = try await access.accessAfterRejection(grant) } catch { throw CRMReadError(code: "INVALID_CREDENTIAL", message: error.message) }
                let token = RequestBuilder.headers(connector, grant, hasBody: false)[0]
                request.headers = request.headers.map { $0.name == token.name ? HTTPHeaderField(token.name, token.value) : $0 }
            case .ambiguous(let message):
                guard attempts < retry.maxAttempts else { throw CRMReadError(code: "PROVIDER_ERROR", message: "\(message) (after \(attempts) attempts)") }
                try await sleep(retry.delay(afterAttempt: attempts, retryAfter: nil))
            case .rejected(let code, let message):
                throw CRMReadError(code: code.rawValue, message: "\(connector.name) refused the \(what) request: \(message)")
            case .alreadyExists:
                throw CRMReadError(code: "PROVIDER_ERROR", message: "unexpected 409 from \(what)")
            }
        }
    }

    private func sleep(_ seconds: TimeInterval) async throws(CRMReadError) {
        do { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) } catch { throw CRMReadError(code: "CANCELLED", message: "cancelled") }
    }
}
