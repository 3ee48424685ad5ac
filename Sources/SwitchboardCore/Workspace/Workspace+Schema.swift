import Foundation

/// What one `schema refresh` read and found, object by object.
public struct SchemaRefreshReport: Sendable {
    /// One object's read.
    public struct ObjectRead: Sendable {
        public var object: UniversalObject
        public var resourceID: String
        public var schema: TenantObjectSchema
        /// Changes since the stored copy; nil on the first read.
        public var diff: SchemaDiff?
        /// The CRM said nothing changed (304); the stored copy was kept.
        public var notModified: Bool
    }

    public var connectorID: String
    public var tenant: String
    public var objects: [ObjectRead]
    public var requests: Int
    public var seconds: Double
}

/// A saved mapping's rule whose target the tenant's account no longer has as it was.
public struct SchemaDrift: Sendable, Equatable, CustomStringConvertible {
    public var target: JSONPointer
    public var field: String
    /// "no longer exists", "type string → number", "options +gold −bronze".
    public var what: String
    public var description: String { "\(target.displayString): \(field) \(what)" }
}

/// The tenant's own CRM schema: reading the metadata, storing it, merging it into the manifest's
/// action schemas, and noticing when it drifts under a saved mapping.
extension Workspace {
    /// How old a stored schema may be before a push or preview reads it again:
    /// `SWITCHBOARD_SCHEMA_MAX_AGE` (`90s`, `15m`, `24h`, `7d`), else a day.
    public var schemaMaxAge: TimeInterval {
        configuration.environment["SWITCHBOARD_SCHEMA_MAX_AGE"].flatMap(SyncSchedule.parseInterval) ?? 86_400
    }

    /// The objects of a catalog connector whose fields its CRM can describe.
    public func metadataResources(_ manifest: ConnectorManifest) -> [ResourceSpec] {
        manifest.resources.filter { $0.metadata != nil && $0.object != nil }
    }

    /// Reads the tenant's fields of every object of `connector` from the CRM, stores them, and
    /// says what changed since the last read.
    public func refreshSchema(tenant: Tenant, connector: String) async throws(WorkspaceError) -> SchemaRefreshReport {
        let manifest = try self.manifest(connector)
        let resources = metadataResources(manifest)
        guard !resources.isEmpty else { throw WorkspaceError("\(manifest.name) does not describe its fields (its manifest has no metadata section)") }
        let store = try stores().schemas
        guard credentialState(tenant: tenant.name, connector: manifest.id) != nil else {
            throw WorkspaceError("\(tenant.name) has no \(manifest.id) credential; run `switchboard auth login \(manifest.id) --tenant \(tenant.name)` first")
        }
        let access = try credentialAccess(tenant: tenant.name, connector: manifest.id)
        let limiter = RateLimiter.forConnector(manifest)
        let started = Date()
        var reads: [SchemaRefreshReport.ObjectRead] = []
        var requests = 0
        let stored = try workspaceCall { try store.all(tenantID: tenant.id, connectorID: manifest.id) }
        for resource in resources {
            guard let object = resource.object,
                  let reader = MetadataReader(connector: manifest, resource: resource, transport: configuration.transport, access: access,
                                              limiter: limiter, retry: configuration.retry) else { continue }
            // The object's first resource is stored under the object; further ones (HubSpot's notes beside its tasks) under their own id.
            let resourceKey = manifest.schemaResourceKey(resource)
            let previous = stored.schema(of: resource, in: manifest)
            let outcome: MetadataReader.Outcome
            do { outcome = try await reader.read(lastModified: previous?.lastModified) } catch {
                throw WorkspaceError("\(manifest.name) \(resource.id) metadata for \(tenant.name): \(error.message)")
            }
            // The pipelines and stages, where the CRM has them for the object (read every time: they have no Last-Modified).
            var pipelines: [TenantPipeline] = []
            if resourceKey == nil, let spec = manifest.pipelineSpec(for: object) {
                let reader = PipelineReader(connector: manifest, spec: spec, transport: configuration.transport, access: access,
                                            limiter: limiter, retry: configuration.retry)
                do {
                    let read = try await reader.read()
                    pipelines = read.pipelines
                    requests += read.requests
                } catch {
                    throw WorkspaceError("\(manifest.name) \(object.rawValue) pipelines for \(tenant.name): \(error.message)")
                }
            }
            switch outcome {
            case .notModified(let sent):
                requests += sent
                guard var schema = previous else { continue }
                schema.readAt = Date()
                schema.pipelines = pipelines
                try workspaceCall { try store.save(schema, tenantID: tenant.id) }
                reads.append(.init(object: object, resourceID: resource.id, schema: schema, diff: SchemaDiff(from: schema.fields, to: schema.fields), notModified: true))
            case .fields(let fields, let lastModified, let sent):
                requests += sent
                var schema = TenantObjectSchema(connectorID: manifest.id, object: object, fields: fields, readAt: Date(), lastModified: lastModified)
                schema.pipelines = pipelines
                schema.resourceID = resourceKey
                try workspaceCall { try store.save(schema, tenantID: tenant.id) }
                reads.append(.init(object: object, resourceID: resource.id, schema: schema,
                                   diff: previous.map { SchemaDiff(from: $0.fields, to: fields) }, notModified: false))
            }
        }
        return SchemaRefreshReport(connectorID: manifest.id, tenant: tenant.name, objects: reads, requests: requests,
                                   seconds: Date().timeIntervalSince(started))
    }

    /// The tenant's stored schema of one resource of a connector: the object's for its first
    /// resource, the resource's own for the others; nil when never read.
    public func tenantSchema(tenant: Tenant, manifest: ConnectorManifest, resource: ResourceSpec) -> TenantObjectSchema? {
        guard let store = try? stores().schemas, let all = try? store.all(tenantID: tenant.id, connectorID: manifest.id) else { return nil }
        return all.schema(of: resource, in: manifest)
    }

    /// The tenant's stored schemas of a catalog connector, by object (each object's first resource; empty when never read).
    public func tenantSchemas(tenant: Tenant, connector: String) throws(WorkspaceError) -> [UniversalObject: TenantObjectSchema] {
        let store = try stores().schemas
        return try workspaceCall { try store.schemas(tenantID: tenant.id, connectorID: connector) }
    }

    /// Reads the schema again when the stored one is missing or older than `schemaMaxAge` and the
    /// tenant is connected; a failed read keeps the stored copy (the caller still has one, or the
    /// manifest's). Returns why the read failed, if it did.
    @discardableResult
    public func refreshSchemaIfStale(tenant: Tenant, connector: String) async -> String? {
        guard let manifest = try? self.manifest(connector), !metadataResources(manifest).isEmpty,
              credentialState(tenant: tenant.name, connector: manifest.id) != nil,
              let stored = try? stores().schemas.all(tenantID: tenant.id, connectorID: manifest.id) else { return nil }
        let fresh = metadataResources(manifest).allSatisfy { resource in
            stored.schema(of: resource, in: manifest).map { Date().timeIntervalSince($0.readAt) < schemaMaxAge } ?? false
        }
        if fresh { return nil }
        do { _ = try await refreshSchema(tenant: tenant, connector: manifest.id) } catch { return error.message }
        return nil
    }

    /// A catalog manifest as the tenant's account has it: each action schema merged with the
    /// stored fields (as is when the tenant is nil or no schema was read).
    public func tenantManifest(_ manifest: ConnectorManifest, tenant: Tenant?) -> ConnectorManifest {
        guard let tenant, catalog.connector(id: manifest.id) != nil, let store = try? stores().schemas,
              let all = try? store.all(tenantID: tenant.id, connectorID: manifest.id), !all.isEmpty else { return manifest }
        return SchemaMerger.merge(manifest) { all.schema(of: $0, in: manifest) }
    }

    /// When the tenant's schema of an action's object was read; nil when never.
    public func schemaReadAt(tenant: Tenant?, connector: String, action: String) -> Date? {
        guard let tenant, let manifest = try? self.manifest(connector), let resource = manifest.action(id: action)?.resource else { return nil }
        return tenantSchema(tenant: tenant, manifest: manifest, resource: resource)?.readAt
    }

    /// The tenant's fields an action's rules target, by field name (what a saved mapping remembers).
    public func targetFields(of mapping: FieldMapping, tenant: Tenant) -> [String: RemoteField] {
        guard let (resource, schema) = objectSchema(connector: mapping.connectorId, action: mapping.actionId, tenant: tenant),
              let write = resource.metadata?.write else { return [:] }
        var out: [String: RemoteField] = [:]
        for rule in mapping.rules {
            if let name = Self.fieldName(rule.target, write: write), let field = schema.field(name) { out[field.name] = field }
        }
        return out
    }

    /// Saves a mapping as the tenant's newest version, remembering the fields it targets.
    @discardableResult
    public func saveMapping(_ mapping: FieldMapping, tenant: Tenant, note: String) throws(WorkspaceError) -> Int {
        let mappings = try stores().mappings
        let fields = targetFields(of: mapping, tenant: tenant)
        return try workspaceCall { try mappings.save(mapping, tenantID: tenant.id, note: note, targetFields: fields) }
    }

    /// The rules of `mapping` whose target field the tenant's account no longer has, or whose type
    /// or options changed since the mapping was saved (`saved`: the fields it remembered). Empty
    /// when no schema was read.
    public func drift(of mapping: FieldMapping, tenant: Tenant, saved: [String: RemoteField]) -> [SchemaDrift] {
        guard let (resource, schema) = objectSchema(connector: mapping.connectorId, action: mapping.actionId, tenant: tenant),
              let write = resource.metadata?.write else { return [] }
        var out: [SchemaDrift] = []
        let manifestSchema = (try? self.manifest(mapping.connectorId))?.action(id: mapping.actionId)?.action.requestSchema
        for rule in mapping.rules {
            guard let name = Self.fieldName(rule.target, write: write) else { continue }
            guard let now = schema.field(name) else {
                // A manifest property the account's metadata does not list is not drift unless it was seen before.
                let declared = manifestSchema.map { SchemaTargetResolver.declares($0.document, rule.target) } ?? false
                if saved[name] != nil || !declared { out.append(SchemaDrift(target: rule.target, field: name, what: "no longer exists in the account")) }
                continue
            }
            if let was = saved[name] {
                let what = SchemaDiff.changes(was, now).filter { !$0.hasPrefix("length") }
                if !what.isEmpty { out.append(SchemaDrift(target: rule.target, field: name, what: "changed since the mapping was saved: " + what.joined(separator: ", "))) }
            }
        }
        return out
    }

    /// The drift of the tenant's newest saved mapping of every action of a connector (the catalog's
    /// "schema changed" status); empty when none drifted.
    public func connectorDrift(tenant: Tenant, connector: String) -> [SchemaDrift] {
        guard let manifest = try? self.manifest(connector), !metadataResources(manifest).isEmpty,
              let mappings = try? stores().mappings,
              let schemas = try? tenantSchemas(tenant: tenant, connector: manifest.id), !schemas.isEmpty else { return [] }
        var out: [SchemaDrift] = []
        for action in manifest.allActions {
            guard let version = try? mappings.current(tenantID: tenant.id, connectorID: manifest.id, actionID: action.id) else { continue }
            out += drift(of: version.mapping, tenant: tenant, saved: version.targetFields)
        }
        return out
    }

    private func objectSchema(connector: String, action: String, tenant: Tenant) -> (ResourceSpec, TenantObjectSchema)? {
        guard let manifest = try? self.manifest(connector),
              let resource = manifest.resources.first(where: { $0.actions.contains { $0.id == action } }), resource.metadata != nil,
              let schema = tenantSchema(tenant: tenant, manifest: manifest, resource: resource) else { return nil }
        return (resource, schema)
    }

    /// The field a mapping target names: the member right under the write target or the custom target.
    static func fieldName(_ target: JSONPointer, write: MetadataWriteSpec) -> String? {
        for base in [write.customTarget, write.target].compactMap({ $0 }) {
            if target.tokens.count == base.tokens.count + 1, Array(target.tokens.prefix(base.tokens.count)) == base.tokens { return target.tokens.last }
        }
        return nil
    }
}
