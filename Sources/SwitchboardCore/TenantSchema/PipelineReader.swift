import Foundation

/// Reads the tenant's pipelines and their stages of one object as the manifest's `PipelineSpec`
/// says: one request (two where the stages have their own list, as Pipedrive's do), through the
/// rate limiter and the read retries.
public struct PipelineReader: Sendable {
    public let connector: ConnectorManifest
    public let spec: PipelineSpec
    let exchange: ReadExchange

    public init(connector: ConnectorManifest, spec: PipelineSpec, transport: any HTTPTransport, access: any PushAccessProvider,
                limiter: RateLimiter, retry: RetryPolicy = RetryPolicy()) {
        self.connector = connector
        self.spec = spec
        exchange = ReadExchange(connector: connector, transport: transport, access: access, limiter: limiter, retry: retry)
    }

    /// The pipelines in the CRM's order, and the requests it took.
    public func read() async throws(CRMReadError) -> (pipelines: [TenantPipeline], requests: Int) {
        var grant: AccessGrant
        do { grant = try await exchange.access.access() } catch { throw CRMReadError(code: "INVALID_CREDENTIAL", message: error.message) }
        let answer = try await exchange.send(get(spec.path, grant), access: &grant, what: "\(spec.object.plural) pipelines")
        var requests = answer.sent
        guard let list = answer.body.flatMap({ $0.value(at: spec.pipelinesPointer) })?.arrayValue else {
            throw CRMReadError(code: "PROVIDER_ERROR", message: "\(connector.name)'s pipelines answer has no list at \(spec.pipelinesPointer.displayString)")
        }
        var separate: [String: [TenantPipeline.Stage]] = [:]
        if let path = spec.stagesPath, let listPointer = spec.stagesListPointer, let owner = spec.stagePipelinePointer {
            let stages = try await exchange.send(get(path, grant), access: &grant, what: "\(spec.object.plural) stages")
            requests += stages.sent
            for item in stages.body.flatMap({ $0.value(at: listPointer) })?.arrayValue ?? [] {
                guard let pipeline = item.value(at: owner).flatMap(RemotePuller.text), let stage = self.stage(item) else { continue }
                separate[pipeline, default: []].append(stage)
            }
        }
        let pipelines: [TenantPipeline] = list.compactMap { item in
            guard let id = item.value(at: spec.idPointer).flatMap(RemotePuller.text) else { return nil }
            let label = item.value(at: spec.labelPointer).flatMap(RemotePuller.text) ?? id
            let stages = spec.stagesPointer.map { (item.value(at: $0)?.arrayValue ?? []).compactMap(stage) } ?? separate[id] ?? []
            return TenantPipeline(id: id, label: label, stages: stages)
        }
        return (pipelines, requests)
    }

    private func stage(_ item: JSONValue) -> TenantPipeline.Stage? {
        guard let id = item.value(at: spec.stageIdPointer).flatMap(RemotePuller.text) else { return nil }
        return TenantPipeline.Stage(id: id, label: item.value(at: spec.stageLabelPointer).flatMap(RemotePuller.text) ?? id)
    }

    private func get(_ path: String, _ grant: AccessGrant) -> HTTPRequestValue {
        let headers = RequestBuilder.headers(connector, grant, hasBody: false).map { HTTPHeaderField($0.name, $0.value) }
        return HTTPRequestValue(method: "GET", url: RequestBuilder.baseURL(connector, grant) + path, headers: headers.filter { $0.name != "Content-Type" })
    }
}
