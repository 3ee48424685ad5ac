import Foundation
import SwitchboardCore
import SwitchboardSandbox

extension GlobalOptions {
    /// `--platform`, else `SWITCHBOARD_PLATFORM`, else direct; anything else is a usage error.
    func platformKind(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PlatformKind {
        let env = environment["SWITCHBOARD_PLATFORM"].flatMap { $0.isEmpty ? nil : $0 }
        guard let text = platform ?? env else { return .direct }
        guard let kind = PlatformKind(name: text) else {
            throw CLIError("\(platform != nil ? "--platform" : "SWITCHBOARD_PLATFORM") \(text): expected direct or alloy", exitCode: 2)
        }
        return kind
    }
}

/// The Alloy side of a command: base URL, API key (`SWITCHBOARD_ALLOY_API_KEY`, else the stored
/// one, else the sandbox's demo key when the URL is a sandbox's), the account store and the platform.
struct AlloyContext {
    let baseURL: String
    let cli: CLIStore
    let account: AlloyAccountStore
    let platform: AlloyPlatform
    let catalog: ConnectorCatalog
    /// Where the key came from: "SWITCHBOARD_ALLOY_API_KEY", "stored", "sandbox demo key".
    let keySource: String

    /// The base URL: `--alloy-url`, `SWITCHBOARD_ALLOY_URL`, the sandbox's `/alloy` under
    /// `--sandbox-url`, else Alloy's production URL.
    static func baseURL(global: GlobalOptions, sandboxURL: String?, environment: [String: String]) throws -> String {
        let given = global.alloyURL ?? environment["SWITCHBOARD_ALLOY_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? sandboxURL.map { AlloyClient.normalize($0) + "/alloy" } ?? AlloyClient.defaultBaseURL
        guard let url = URL(string: given), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw CLIError("--alloy-url \(given) is not an http(s) URL (e.g. https://production.runalloy.com)", exitCode: 2)
        }
        return AlloyClient.normalize(given)
    }

    init(global: GlobalOptions, sandboxURL: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
         requireKey: Bool = true, cli: CLIStore? = nil) throws {
        baseURL = try Self.baseURL(global: global, sandboxURL: sandboxURL, environment: environment)
        self.cli = try cli ?? CLIStore(environment: environment)
        let key: MasterKey
        do { key = try MasterKey.load(folder: self.cli.store.folder, environment: environment) } catch { throw CLIError(error.description) }
        account = AlloyAccountStore(store: self.cli.store, key: key)
        var apiKey = environment["SWITCHBOARD_ALLOY_API_KEY"].flatMap { $0.isEmpty ? nil : $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var source = "SWITCHBOARD_ALLOY_API_KEY"
        if apiKey == nil {
            do { apiKey = try account.apiKey(baseURL: baseURL) } catch { throw CLIError(error.description) }
            source = "stored"
        }
        if apiKey == nil, sandboxURL != nil {
            apiKey = SandboxServer.alloyAPIKey
            source = "sandbox demo key"
        }
        if apiKey == nil, requireKey { throw CLIError(AlloyError.noAPIKey.description) }
        keySource = apiKey == nil ? "none" : source
        platform = AlloyPlatform(client: AlloyClient(baseURL: baseURL, apiKey: apiKey ?? ""), account: account)
        catalog = global.loadCatalog().catalog
    }

    /// Runs an Alloy call from a synchronous command; its error becomes a one-line CLI error.
    func call<T: Sendable>(_ body: @escaping @Sendable (AlloyPlatform) async throws(AlloyError) -> T) throws -> T {
        let platform = self.platform
        return try runBlocking {
            do throws(AlloyError) { return try await body(platform) } catch { throw CLIError(error.description) }
        }
    }
}

extension AlloyContext {
    /// The built-in manifest behind an Alloy connector (typed as an Alloy or a manifest id).
    func localManifest(_ typed: String) -> ConnectorManifest? {
        AlloyConnectorID.manifestID(forAlloy: AlloyConnectorID.resolve(typed)).flatMap { catalog.connector(id: $0) }
    }

    /// What a preview or push of `action` sends through Alloy. The mapping is `mappingFile` (a
    /// mapping document for the built-in connector), else the tenant's newest, else the defaults.
    func target(connector: String, action: String, tenant: Tenant?, mappingFile: String?, requireCredential: Bool) throws -> PushTarget {
        let local = localManifest(connector)
        var mapping: FieldMapping?
        if let mappingFile {
            guard let local else { throw CLIError("--mapping needs a built-in connector behind \(connector); Alloy's \(connector) has none") }
            mapping = try MappingFile.load(mappingFile, connector: local.id, action: action)
        } else if let tenant, let local {
            mapping = try storeCall { try MappingStore(store: cli.store).effective(tenantID: tenant.id, connector: local, actionID: action) }
        }
        let catalog = self.catalog, frozen = mapping
        return try call { p throws(AlloyError) in
            try await p.pushTarget(tenant: tenant, connector: connector, action: action, catalog: catalog, localMapping: frozen, requireCredential: requireCredential)
        }
    }
}

extension GlobalOptions {
    /// The catalog the catalog commands show: the manifests, or under `--platform alloy` Alloy's
    /// CRM connectors as gateway manifests (ids `alloy:<id>`).
    func platformCatalog() throws -> ConnectorCatalog {
        guard try platformKind() == .alloy else { return loadCatalogReportingProblems() }
        let environment = ProcessInfo.processInfo.environment
        let sandbox = environment["SWITCHBOARD_SANDBOX_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let alloy = try AlloyContext(global: self, sandboxURL: sandbox, environment: environment)
        let local = alloy.catalog
        return try alloy.call { p throws(AlloyError) in try await p.gatewayCatalog(local: local) }
    }

    /// The catalog id for what a user typed: as is directly; under Alloy `hubspot`, `salesforce`
    /// or `salesforceCRM` become `alloy:hubspot`, `alloy:salesforceCRM`.
    func platformConnectorID(_ typed: String) throws -> String {
        guard try platformKind() == .alloy, AlloyGateway.alloyID(fromGateway: typed) == nil else { return typed }
        return AlloyGateway.gatewayID(AlloyConnectorID.resolve(typed))
    }
}
