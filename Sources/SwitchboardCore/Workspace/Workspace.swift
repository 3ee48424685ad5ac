import Foundation

/// The application layer: one data folder opened once — its store, master key, connector catalog
/// and platform — and the work both front ends do over it: tenants and credentials, mappings, push
/// plans and runs, sync passes and conflict resolution. The command line's commands and the
/// console's services are thin callers of a workspace; neither keys, plans or wires anything.
///
/// The store and the key are opened when first needed (listing the catalog needs neither), once,
/// and shared by every caller in the process (one SQLite pool per file).
public final class Workspace: Sendable {
    public let configuration: WorkspaceConfiguration
    /// The connectors as the manifests describe them (built-ins, the user's, `--connectors-dir`, overrides).
    public let catalog: ConnectorCatalog
    /// Manifests that could not be read (the valid ones stay usable).
    /// Problems of manifests in the folders given on purpose (`--connectors-dir`): each of their
    /// files must load, so these stop a command rather than warn.
    public var requiredCatalogProblems: [ManifestProblem] {
        let folders = configuration.connectorDirectories.map { $0.path.hasSuffix("/") ? $0.path : $0.path + "/" }
        return catalogProblems.filter { p in folders.contains { p.file.hasPrefix($0) } }
    }

    public let catalogProblems: [ManifestProblem]
    private let storesSlot: OnceSlot<WorkspaceStores>
    private let keySlot: OnceSlot<MasterKey>
    private let providerSlot = OnceSlot<CredentialProvider>()
    private let platformSlots = PlatformSlots()

    /// A workspace over `configuration`: reads the catalog now, the store and key when first needed.
    public init(_ configuration: WorkspaceConfiguration) {
        self.configuration = configuration
        let load = ConnectorCatalog.load(userDirectories: Self.manifestDirectories(configuration))
        catalog = load.catalog
        catalogProblems = load.problems
        storesSlot = OnceSlot()
        keySlot = OnceSlot()
    }

    /// A workspace over a store and key opened already (tests, and a front end that opened them).
    public init(_ configuration: WorkspaceConfiguration, catalog: ConnectorCatalog, store: SwitchboardStore, key: MasterKey) {
        self.configuration = configuration
        self.catalog = catalog
        catalogProblems = []
        storesSlot = OnceSlot(WorkspaceStores(store: store))
        keySlot = OnceSlot(key)
    }

    /// Where manifests are read from, in order (later ones override earlier ones).
    static func manifestDirectories(_ c: WorkspaceConfiguration) -> [URL] {
        (c.readsUserManifests ? ConnectorCatalog.defaultUserDirectories(environment: c.environment) : [])
            + c.connectorDirectories + (c.overrides?.manifestDirectories ?? [])
    }

    // MARK: - Store and key

    /// The stores over the data folder's database (opened, and migrated, on first use).
    public func stores() throws(WorkspaceError) -> WorkspaceStores {
        let folder = configuration.folder
        return try storesSlot.get { () throws(WorkspaceError) -> WorkspaceStores in
            do throws(StoreError) { return WorkspaceStores(store: try SwitchboardStore.open(folder: folder)) } catch { throw WorkspaceError(error.description) }
        }
    }

    /// The master key that encrypts credentials at rest.
    public func masterKey() throws(WorkspaceError) -> MasterKey {
        let folder = configuration.folder, environment = configuration.environment
        let store = try stores().store
        return try keySlot.get { () throws(WorkspaceError) -> MasterKey in
            try KeyCheck.verifiedKey(folder: folder, environment: environment, store: store)
        }
    }

    /// The encrypted credential store.
    public func credentials() throws(WorkspaceError) -> CredentialStore {
        CredentialStore(store: try stores().store, key: try masterKey())
    }

    /// Hands out valid tokens, refreshing once per credential however many callers need it (one per workspace).
    public func credentialProvider() throws(WorkspaceError) -> CredentialProvider {
        let tenants = try stores().tenants, credentials = try credentials()
        let catalog = self.catalog, apps = appCredentialResolver, transport = configuration.transport
        return providerSlot.get { CredentialProvider(catalog: catalog, tenants: tenants, credentials: credentials, appCredentials: apps, transport: transport) }
    }

    /// Where a connector's OAuth app comes from: the overrides' (the sandbox's clients), else the
    /// environment and apps.json.
    public var appCredentialResolver: @Sendable (String) throws(AuthError) -> AppCredentials {
        if let apps = configuration.overrides?.appCredentials { return apps }
        let environment = configuration.environment
        return { id throws(AuthError) in try AppCredentials.resolve(connectorID: id, environment: environment) }
    }

    /// The OAuth app for a connector, or what to set.
    public func appCredentials(_ connectorID: String) throws(WorkspaceError) -> AppCredentials {
        do { return try appCredentialResolver(connectorID) } catch { throw WorkspaceError(error.description) }
    }

    // MARK: - Lookups

    /// The tenant named `name`, or a one-line error.
    public func tenant(_ name: String) throws(WorkspaceError) -> Tenant {
        let tenants = try stores().tenants
        do { return try tenants.get(name) } catch { throw WorkspaceError(error.description) }
    }

    /// The tenant with id `id`, or a one-line error naming `what` it was looked up for.
    public func tenant(id: Int64, for what: String) throws(WorkspaceError) -> Tenant {
        let tenants = try stores().tenants
        guard let found = try workspaceCall({ try tenants.list() }).first(where: { $0.id == id }) else {
            throw WorkspaceError("\(what)'s tenant no longer exists")
        }
        return found
    }

    /// The manifest `id` (direct), or a one-line error.
    public func manifest(_ id: String) throws(WorkspaceError) -> ConnectorManifest {
        guard let manifest = catalog.connector(id: id) else { throw WorkspaceError(AuthError.unknownConnector(id).description) }
        return manifest
    }

    // MARK: - Platforms

    /// The platform the configuration chose.
    public func platform() throws(WorkspaceError) -> any ConnectorPlatform {
        try platform(configuration.platform)
    }

    /// The platform of `kind` (made once).
    public func platform(_ kind: PlatformKind) throws(WorkspaceError) -> any ConnectorPlatform {
        try platformSlots.get(kind) { () throws(WorkspaceError) -> any ConnectorPlatform in try PlatformFactory.make(kind, in: self) }
    }

    /// The platform a journalled connector id belongs to (a run through Alloy resumes through Alloy).
    public func platform(servingConnectorID id: String) throws(WorkspaceError) -> any ConnectorPlatform {
        try platform(PlatformFactory.kind(servingConnectorID: id))
    }

    /// The catalog the front ends show: the manifests, or the platform's connectors as manifests.
    public func platformCatalog(tenant: Tenant? = nil) async throws(WorkspaceError) -> ConnectorCatalog {
        let platform = try platform()
        do { return try await platform.catalog(local: catalog, tenant: tenant) } catch { throw WorkspaceError(error.description) }
    }

    /// The catalog id for what a user typed, on the chosen platform.
    public func catalogID(_ typed: String) throws(WorkspaceError) -> String {
        try platform().catalogID(forTyped: typed)
    }
}

/// The platforms a workspace has made, one per kind.
private final class PlatformSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var made: [PlatformKind: any ConnectorPlatform] = [:]

    func get(_ kind: PlatformKind, _ make: () throws(WorkspaceError) -> any ConnectorPlatform) throws(WorkspaceError) -> any ConnectorPlatform {
        if let found = lock.withLock({ made[kind] }) { return found }
        let fresh = try make()
        return lock.withLock {
            if let found = made[kind] { return found }
            made[kind] = fresh
            return fresh
        }
    }
}
