/// The stores of a workspace's database, each over the one connection pool: tenants, mappings,
/// the push journal and record links, local records, sync state, the conflict queue and the
/// tenants' CRM schemas.
public struct WorkspaceStores: Sendable {
    public let store: SwitchboardStore
    public let tenants: TenantStore
    public let mappings: MappingStore
    public let journal: PushJournal
    public let records: LocalRecordStore
    public let sync: SyncStore
    public let conflicts: ConflictQueue
    public let schemas: TenantSchemaStore

    public init(store: SwitchboardStore) {
        self.store = store
        tenants = TenantStore(store: store)
        mappings = MappingStore(store: store)
        journal = PushJournal(store: store)
        records = LocalRecordStore(store: store)
        sync = SyncStore(store: store)
        conflicts = ConflictQueue(store: store)
        schemas = TenantSchemaStore(store: store)
    }
}
