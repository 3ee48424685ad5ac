import Foundation

/// Reads the tenant's fields of one object from the CRM's metadata API as the resource's
/// `MetadataSpec` says: one request (or one per page, plus the required-fields request where there
/// is one), through the rate limiter and the read retries, with the stored `Last-Modified` sent
/// back where the CRM honours `If-Modified-Since`.
public struct MetadataReader: Sendable {
    /// What one read found.
    public enum Outcome: Sendable, Equatable {
        /// The CRM's fields, the `Last-Modified` it sent, and the requests it took.
        case fields([RemoteField], lastModified: String?, requests: Int)
        /// The CRM said the metadata has not changed since `lastModified` (304).
        case notModified(requests: Int)
    }

    public let connector: ConnectorManifest
    public let resource: ResourceSpec
    public let spec: MetadataSpec
    let exchange: ReadExchange

    /// Nil when the resource has no metadata section.
    public init?(connector: ConnectorManifest, resource: ResourceSpec, transport: any HTTPTransport, access: any PushAccessProvider,
                 limiter: RateLimiter, retry: RetryPolicy = RetryPolicy()) {
        guard let spec = resource.metadata else { return nil }
        self.connector = connector
        self.resource = resource
        self.spec = spec
        exchange = ReadExchange(connector: connector, transport: transport, access: access, limiter: limiter, retry: retry)
    }

    /// Reads the fields; `lastModified` is the stored copy's, sent as `If-Modified-Since` when the spec says so.
    public func read(lastModified: String?) async throws(CRMReadError) -> Outcome {
        var grant: AccessGrant
        do { grant = try await exchange.access.access() } catch { throw CRMReadError(code: "INVALID_CREDENTIAL", message: error.message) }
        var items: [JSONValue] = []
        var requests = 0
        var offset = 0, page = 1
        var newLastModified: String?
        for _ in 0..<1_000 {
            var query = spec.query.map { ($0.name, $0.value) }
            if let paging = spec.paging {
                if let size = paging.pageSize, case .query(let name)? = paging.pageSizeParameter { query.append((name, String(size))) }
                if case .query(let name)? = paging.request {
                    switch paging.style {
                    case .offset: query.append((name, String(offset)))
                    case .page: query.append((name, String(page)))
                    default: break
                    }
                }
            }
            var request = get(spec.path, query: query, grant: grant)
            if spec.ifModifiedSince, let lastModified, items.isEmpty { request.headers.append(HTTPHeaderField("If-Modified-Since", lastModified)) }
            let answer = try await exchange.send(request, access: &grant, what: "\(resource.id) metadata")
            requests += answer.sent
            if answer.status == 304 { return .notModified(requests: requests) }
            if newLastModified == nil { newLastModified = answer.headers.first { $0.name.lowercased() == "last-modified" }?.value }
            guard let list = answer.body.flatMap({ $0.value(at: spec.fieldsPointer) })?.arrayValue else {
                throw CRMReadError(code: "PROVIDER_ERROR", message: "\(connector.name)'s \(resource.id) metadata has no list at \(spec.fieldsPointer.displayString)")
            }
            items += list
            guard let paging = spec.paging, !list.isEmpty else { break }
            let more = paging.hasMore.flatMap { answer.body?.value(at: $0) }.map { $0 == .bool(true) } ?? (list.count >= (paging.pageSize ?? Int.max))
            guard more else { break }
            offset += list.count
            page += 1
        }
        var required: Set<String> = []
        if let extra = spec.requiredFrom {
            // Where the account has such a list: a refusal (404 for an object without one) is no list.
            do {
                let answer = try await exchange.send(get(extra.path, query: [], grant: grant), access: &grant, what: "\(resource.id) required fields")
                requests += answer.sent
                required = Set((answer.body?.value(at: extra.pointer)?.arrayValue ?? []).compactMap(\.stringValue))
            } catch where !["INVALID_CREDENTIAL", "RATE_LIMIT_EXCEEDED", "CANCELLED", "PROVIDER_ERROR"].contains(error.code) {
                requests += 1
            }
        }
        var fields: [RemoteField] = []
        var seen: Set<String> = []
        for item in items {
            if let filter = spec.filter, !(item.value(at: filter.pointer)?.arrayValue ?? []).contains(.string(filter.contains)) { continue }
            guard var field = spec.field.field(from: item, types: spec.types), seen.insert(field.name).inserted else { continue }
            if required.contains(field.name) { field.required = true }
            fields.append(field)
        }
        return .fields(fields, lastModified: newLastModified, requests: requests)
    }

    private func get(_ path: String, query: [(String, String)], grant: AccessGrant) -> HTTPRequestValue {
        var url = RequestBuilder.baseURL(connector, grant) + path
        if !query.isEmpty { url += (path.contains("?") ? "&" : "?") + query.map { "\($0.0)=\(RemotePuller.encode($0.1))" }.joined(separator: "&") }
        let headers = RequestBuilder.headers(connector, grant, hasBody: false).map { HTTPHeaderField($0.name, $0.value) }
        return HTTPRequestValue(method: "GET", url: url, headers: headers.filter { $0.name != "Content-Type" })
    }
}

extension MetadataFieldSpec {
    /// The field one description of the metadata answer describes; nil when it has no name.
    func field(from item: JSONValue, types: [String: RemoteField.Kind]) -> RemoteField? {
        guard let name = text(item.value(at: self.name)), !name.isEmpty else { return nil }
        let label = text(item.value(at: self.label)) ?? name
        let rawType = text(item.value(at: type)) ?? "string"
        let options: [RemoteField.Option] = (self.options.flatMap { item.value(at: $0)?.arrayValue } ?? []).compactMap { option in
            if let active = optionActive, option.value(at: active) == .bool(false) { return nil }
            guard let value = option.value(at: optionValue), !value.isNull else { return nil }
            return RemoteField.Option(value: value, label: text(option.value(at: optionLabel)) ?? text(value) ?? "")
        }
        let kind = types[rawType] ?? (options.isEmpty ? .string : .enumeration)
        let length = self.length.flatMap { item.value(at: $0)?.intValue }.flatMap { $0 > 0 ? $0 : nil }
        return RemoteField(name: name, label: label, kind: kind, rawType: rawType, options: options,
                           restrictedOptions: restrictedOptions?.holds(in: item) ?? true,
                           required: required?.holds(in: item) ?? false, readOnly: readOnly?.holds(in: item) ?? false,
                           readOnlyOnUpdate: readOnlyOnUpdate?.holds(in: item) ?? false, custom: custom?.holds(in: item) ?? false,
                           length: length, unique: unique?.holds(in: item) ?? false)
    }

    private func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: return s
        case .number(let n)?: return JSONWriter.format(number: n)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }
}
