import Foundation

/// A CRM record as a list or search returned it.
public struct RemoteRecord: Sendable, Equatable {
    public var id: String
    public var modified: Date?
    public var raw: JSONValue
    /// CRM ids of linked records read beside the list (the sync object's `associations`), by universal field.
    public var associations: [String: [String]] = [:]

    public init(id: String, modified: Date?, raw: JSONValue, associations: [String: [String]] = [:]) {
        self.id = id
        self.modified = modified
        self.raw = raw
        self.associations = associations
    }
}

/// Pulls the records of one sync object changed since a time, following the manifest's sync spec:
/// the updated-since filter, the request template, paging (cursor, page, offset, next URL), through
/// the rate limiter with retries for 429 / 5xx / dropped connections and one token refresh.
public struct RemotePuller: Sendable {
    public let connector: ConnectorManifest
    public let spec: SyncObjectSpec
    public let action: ActionSpec
    public let transport: any HTTPTransport
    public let access: any PushAccessProvider
    public let limiter: RateLimiter
    public let retry: RetryPolicy
    /// At most this many pages in one pull (a guard against a CRM that never stops paging).
    public var maxPages = 10_000
    /// Property names added to the template's `properties` list, when it has one (the mapped ones).
    public var extraProperties: [String] = []

    public init(connector: ConnectorManifest, spec: SyncObjectSpec, transport: any HTTPTransport, access: any PushAccessProvider,
                limiter: RateLimiter, retry: RetryPolicy = RetryPolicy()) throws(CRMReadError) {
        guard let action = connector.action(id: spec.actionId)?.action else {
            throw CRMReadError(code: "MANIFEST", message: "\(connector.id): sync object \(spec.object.rawValue) names action \(spec.actionId), which the manifest lacks")
        }
        self.connector = connector
        self.spec = spec
        self.action = action
        self.transport = transport
        self.access = access
        self.limiter = limiter
        self.retry = retry
    }

    /// The records changed at or after `since` (every record when nil), with their associations
    /// where the sync object reads them, and the requests sent.
    public func pull(since: Date?) async throws(CRMReadError) -> (records: [RemoteRecord], requests: Int) {
        var credential: AccessGrant
        do { credential = try await access.access() } catch { throw CRMReadError(code: "INVALID_CREDENTIAL", message: error.message) }
        var (records, requests) = try await pages(since: since, credential: &credential)
        if !spec.associations.isEmpty, !records.isEmpty {
            requests += try await readAssociations(of: &records, credential: &credential)
        }
        return (records, requests)
    }

    /// The pages of records changed at or after `since`.
    private func pages(since: Date?, credential: inout AccessGrant) async throws(CRMReadError) -> (records: [RemoteRecord], requests: Int) {
        var records: [RemoteRecord] = []
        var requests = 0
        var cursor: String?
        var nextURL: String?
        var page = 1
        var offset = 0
        var windowSince = since ?? Date(timeIntervalSince1970: 0)
        for _ in 0..<maxPages {
            let request = makeRequest(since: windowSince, cursor: cursor, page: page, offset: offset, nextURL: nextURL, access: credential)
            let (body, sent) = try await exchange(request, access: &credential)
            requests += sent
            let items = body.value(at: spec.recordsPointer)?.arrayValue ?? []
            for item in items {
                guard let id = ResponseClassifier.string(at: spec.idField, in: item) else { continue }
                let modified = item.value(at: spec.modifiedField).flatMap { Self.date($0, format: spec.modifiedFormat) }
                // A CRM that cannot filter by change time lists everything: older records are left out here.
                if spec.updatedSince.location == nil, let since, let modified, modified < since { continue }
                records.append(RemoteRecord(id: id, modified: modified, raw: item))
            }
            switch spec.paging.style {
            case .none:
                return (records, requests)
            case .cursor:
                guard let next = spec.paging.next.flatMap({ body.value(at: $0) }).flatMap(Self.text), !items.isEmpty else { return (records, requests) }
                if let max = spec.paging.maxResults, let position = Int(next), position + (spec.paging.pageSize ?? 1) > max {
                    // The query cannot page further: ask again for changes since the newest one seen (sorted ascending).
                    guard let newest = records.compactMap(\.modified).max(), newest > windowSince else {
                        throw CRMReadError(code: "PAGING", message: "more than \(max) records changed at \(RemotePuller.format(windowSince, .iso8601)); \(connector.name)'s search cannot page past them")
                    }
                    windowSince = newest
                    cursor = nil
                } else {
                    cursor = next
                }
            case .nextURL:
                guard let next = spec.paging.next.flatMap({ body.value(at: $0) })?.stringValue, !next.isEmpty else { return (records, requests) }
                nextURL = next
            case .page, .offset:
                let more = spec.paging.hasMore.flatMap { body.value(at: $0) }.map { $0 == .bool(true) }
                    ?? (items.count >= (spec.paging.pageSize ?? 1) && !items.isEmpty)
                guard more else { return (records, requests) }
                page += 1
                offset += items.count
            }
        }
        throw CRMReadError(code: "PAGING", message: "\(connector.name) kept returning pages after \(maxPages); stopped")
    }

    /// Fills each record's `associations`, a batch request per association and `perRequest`
    /// records; a record the answer does not name has none. Returns the requests sent.
    func readAssociations(of records: inout [RemoteRecord], credential: inout AccessGrant) async throws(CRMReadError) -> Int {
        var sent = 0
        let base = RequestBuilder.baseURL(connector, credential)
        for association in spec.associations {
            var linked: [String: [String]] = [:]
            for start in stride(from: 0, to: records.count, by: association.perRequest) {
                let ids = records[start..<min(records.count, start + association.perRequest)].map(\.id)
                let body = JSONEdit.setting(.array(ids.map { ["id": .string($0)] }), at: association.inputsPointer.tokens[...], in: .object(JSONObject()))
                let headers = RequestBuilder.headers(connector, credential, hasBody: true).map { HTTPHeaderField($0.name, $0.value) }
                let request = HTTPRequestValue(method: "POST", url: base + association.path, headers: headers, body: Data(JSONWriter.compact(body).utf8))
                let reader = ReadExchange(connector: connector, transport: transport, access: access, limiter: limiter, retry: retry)
                let answer = try await reader.send(request, access: &credential, what: "associations \(association.field)")
                sent += answer.sent
                for result in answer.body?.value(at: association.resultsPointer)?.arrayValue ?? [] {
                    guard let from = result.value(at: association.fromPointer).flatMap(Self.text) else { continue }
                    let to = (result.value(at: association.toPointer)?.arrayValue ?? []).compactMap { $0.value(at: association.toIdPointer).flatMap(Self.text) }
                    linked[from, default: []].append(contentsOf: to)
                }
            }
            for i in records.indices { records[i].associations[association.field] = linked[records[i].id] ?? [] }
        }
        return sent
    }

    // MARK: - Requests

    func makeRequest(since: Date, cursor: String?, page: Int, offset: Int, nextURL: String?, access: AccessGrant) -> HTTPRequestValue {
        let base = RequestBuilder.baseURL(connector, access)
        let headers = RequestBuilder.headers(connector, access, hasBody: action.method != "GET").map { HTTPHeaderField($0.name, $0.value) }
        if let nextURL {
            let url = nextURL.hasPrefix("http") ? nextURL : Self.origin(of: base) + nextURL
            return HTTPRequestValue(method: "GET", url: url, headers: headers.filter { $0.name != "Content-Type" })
        }
        var body = spec.requestTemplate ?? .object(JSONObject())
        if case .array(let listed)? = body["properties"], !extraProperties.isEmpty {
            var names = listed
            for p in extraProperties where !names.contains(.string(p)) { names.append(.string(p)) }
            JSONEdit.set(.array(names), at: ["properties"][...], in: &body)
        }
        var query: [(String, String)] = action.query.map { ($0.name, $0.value) }
        func place(_ value: JSONValue, at location: ParameterLocation) {
            switch location {
            case .body(let pointer): JSONEdit.set(value, at: pointer.tokens[...], in: &body)
            case .query(let name): query.removeAll { $0.0 == name }; query.append((name, Self.text(value) ?? ""))
            case .header: break
            }
        }
        if let location = spec.updatedSince.location {
            place(.string(spec.updatedSince.value(formatted: Self.format(since, spec.updatedSince.format))), at: location)
        }
        if let size = spec.paging.pageSize, let location = spec.paging.pageSizeParameter { place(.number(Double(size)), at: location) }
        if let request = spec.paging.request {
            switch spec.paging.style {
            case .cursor: if let cursor { place(.string(cursor), at: request) }
            case .page: place(.number(Double(page)), at: request)
            case .offset: place(.number(Double(offset)), at: request)
            case .nextURL, .none: break
            }
        }
        var url = base + action.path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        let hasBody = action.method != "GET"
        return HTTPRequestValue(method: action.method, url: url, headers: hasBody ? headers : headers.filter { $0.name != "Content-Type" },
                                body: hasBody ? Data(JSONWriter.compact(body).utf8) : nil)
    }

    /// Sends with the limiter and retries; the parsed body of a 2xx answer, and how many requests it took.
    func exchange(_ first: HTTPRequestValue, access: inout AccessGrant) async throws(CRMReadError) -> (JSONValue, Int) {
        let reader = ReadExchange(connector: connector, transport: transport, access: self.access, limiter: limiter, retry: retry)
        let answer = try await reader.send(first, access: &access, what: action.id)
        // A 304 (nothing modified since) is a page without records.
        return (answer.body ?? .object(JSONObject()), answer.sent)
    }

    // MARK: - Values

    static func format(_ date: Date, _ format: TimestampFormat) -> String {
        switch format {
        case .iso8601: return DateText.isoDateTime(date)
        case .isoDate: return DateText.isoDate(date)
        case .unixSeconds: return String(Int64(date.timeIntervalSince1970.rounded(.down)))
        case .unixMillis: return String(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        }
    }

    static func date(_ value: JSONValue, format: TimestampFormat) -> Date? {
        switch format {
        case .unixSeconds: return ReverseMapper.number(value).map { Date(timeIntervalSince1970: $0) }
        case .unixMillis: return ReverseMapper.number(value).map { Date(timeIntervalSince1970: $0 / 1000) }
        case .iso8601, .isoDate:
            guard let s = value.stringValue else { return ReverseMapper.number(value).map { Date(timeIntervalSince1970: $0 / 1000) } }
            return ISOTime.parse(s)
        }
    }

    static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): return s
        case .number(let n): return JSONWriter.format(number: n)
        default: return nil
        }
    }

    static func origin(of url: String) -> String {
        guard let c = URLComponents(string: url), let scheme = c.scheme, let host = c.host else { return url }
        return "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// ISO 8601 times with or without fractional seconds and with `Z` or an offset (`+0000` too, as
/// Salesforce writes them).
public enum ISOTime {
    public static func parse(_ text: String) -> Date? {
        var s = text.trimmingCharacters(in: .whitespaces)
        // Salesforce: 2026-12-01T10:00:00.000+0000 → +00:00
        if s.count > 5, let sign = s.dropLast(4).last, sign == "+" || sign == "-", s.suffix(4).allSatisfy(\.isNumber), s.contains("T") {
            s.insert(":", at: s.index(s.endIndex, offsetBy: -2))
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        return DateText.parse(s)
    }

    /// `2026-12-01T10:00:00.123Z`.
    public static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }
}
