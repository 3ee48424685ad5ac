import Foundation

/// Mapping work that needs the tenant: proposals into the account's own fields, and the check of a
/// mapping against the account's schema (validity and drift).
extension Workspace {
    /// What `mapping check` found.
    public struct MappingReview: Sendable {
        /// Problems of the document itself (targets the tenant's schema does not declare, bad transforms).
        public var problems: [String]
        /// Rules whose target field changed or disappeared in the account.
        public var drift: [SchemaDrift]
        /// When the tenant's schema was read; nil when never (only the manifest was checked).
        public var schemaReadAt: Date?
        public var isClean: Bool { problems.isEmpty && drift.isEmpty }
    }

    /// The proposals for an action: the manifest's defaults and universal fields by name (against
    /// the tenant's schema when there is one), then the sample records' fields matched to the
    /// account's own fields by name or label, with lookups for picklists.
    public func proposeMapping(connector: String, action: String, tenant: Tenant?, samples: [UniversalRecord]) throws(WorkspaceError) -> [AutoMapper.Proposal] {
        let (manifest, _) = try requireAction(connector, action)
        let merged = tenantManifest(manifest, tenant: tenant)
        guard let spec = merged.action(id: action)?.action else { return [] }
        var proposals = AutoMapper.propose(connector: merged, action: spec)
        if let tenant, let resource = manifest.resources.first(where: { $0.actions.contains { $0.id == action } }),
           let write = resource.metadata?.write, let schema = tenantSchema(tenant: tenant, manifest: manifest, resource: resource) {
            proposals += TenantAutoMapper.propose(samples: samples, schema: schema, write: write, operation: spec.operation,
                                                  existing: proposals.map(\.rule))
            if let object = resource.object, let pipelines = manifest.pipelineSpec(for: object) {
                Self.addStageLookup(&proposals, stageField: write.target.appending(pipelines.stageField), pipelines: schema.pipelines, samples: samples)
            }
        }
        return proposals
    }

    /// Puts a lookup from the tenant's stage labels to their ids first on the stage rule, when the
    /// sample records name stages by label (`Renewed` → `renewed`, `Kick-off` → `6`); labels that two
    /// pipelines share are left out (the id says which).
    static func addStageLookup(_ proposals: inout [AutoMapper.Proposal], stageField: JSONPointer, pipelines: [TenantPipeline], samples: [UniversalRecord]) {
        guard !pipelines.isEmpty, let i = proposals.firstIndex(where: { $0.rule.target == stageField }),
              !proposals[i].rule.transforms.contains(where: { $0.name == "lookup" }), let source = proposals[i].rule.source.fieldNames.first else { return }
        let stages = ValueChoices(stageTarget: stageField, pipelineTarget: nil, pipelines: pipelines)
        let values = samples.compactMap { $0.value(source) }.compactMap { $0.stringValue ?? $0.numberValue.map { JSONWriter.format(number: $0) } }
        guard let lookup = TenantAutoMapper.lookup(for: ValueChoices(target: stageField, choices: stages.unambiguous), values: values) else { return }
        proposals[i].rule.transforms.insert(lookup, at: 0)
    }

    /// The values the fields of an action's body take in the tenant's account: each picklist's
    /// options and, where the object has pipelines, the stages of the tenant's pipelines (labelled
    /// with their pipeline). Empty when the tenant's schema was never read.
    public func valueChoices(connector: String, action: String, tenant: Tenant) -> [ValueChoices] {
        guard let manifest = try? self.manifest(connector),
              let resource = manifest.resources.first(where: { $0.actions.contains { $0.id == action } }),
              let write = resource.metadata?.write, let schema = tenantSchema(tenant: tenant, manifest: manifest, resource: resource) else { return [] }
        var out: [ValueChoices] = []
        var stageTarget: JSONPointer?
        if let object = resource.object, let spec = manifest.pipelineSpec(for: object), !schema.pipelines.isEmpty {
            let target = write.target.appending(spec.stageField)
            stageTarget = target
            out.append(ValueChoices(stageTarget: target, pipelineTarget: spec.pipelineField.map { write.target.appending($0) }, pipelines: schema.pipelines))
        }
        for field in schema.fields where !field.options.isEmpty && !field.readOnly && field.kind != .multiEnumeration {
            let target = (field.custom ? (write.customTarget ?? write.target) : write.target).appending(field.name)
            if target != stageTarget { out.append(ValueChoices(target: target, field: field)) }
        }
        return out
    }

    /// Problems of a mapping's targets against the action's own schema, whatever the tenant: a
    /// place the body cannot hold (inside a string, an unknown member of a closed object) or an
    /// array index past the limit. Empty when every target is a place the request may carry.
    public func targetProblems(_ mapping: FieldMapping) throws(WorkspaceError) -> [String] {
        let (_, spec) = try requireAction(mapping.connectorId, mapping.actionId)
        guard let schema = spec.requestSchema?.document else { return [] }
        return mapping.rules.compactMap { rule in SchemaTargetResolver.problem(schema, rule.target).map { "\(rule.target.displayString): \($0)".terminalSafe } }
    }

    /// `mapping set FILE`: the document at `path` saved as the tenant's newest version once it
    /// passes the checks `mapping check` makes (JSON, rules, every target a place the action's body
    /// can hold); on any problem nothing is saved and every problem is named with the file.
    public func setMapping(file path: String, connector: String, action: String, tenant: Tenant,
                           note: String) throws(WorkspaceError) -> (version: Int, mapping: FieldMapping) {
        let mapping = try MappingDocument.load(path, connector: connector, action: action)
        let problems = try targetProblems(mapping)
        if !problems.isEmpty {
            throw WorkspaceError(problems.map { "\(path): \($0)" }.joined(separator: "\n") + "\nnothing saved", namesPlace: true)
        }
        return (try saveMapping(mapping, tenant: tenant, note: note.isEmpty ? "set from \(path)" : note), mapping)
    }

    /// Checks a mapping for a tenant: against the account's merged schema (targets it does not
    /// declare, read-only targets) and for drift since it was saved (`saved`: the fields it remembered).
    public func reviewMapping(_ mapping: FieldMapping, tenant: Tenant, saved: [String: RemoteField]) throws(WorkspaceError) -> MappingReview {
        let (manifest, _) = try requireAction(mapping.connectorId, mapping.actionId)
        let merged = tenantManifest(manifest, tenant: tenant)
        var problems = try targetProblems(mapping).filter { $0.contains("array index") }
        if let spec = merged.action(id: mapping.actionId)?.action, let schema = spec.requestSchema {
            for rule in mapping.rules where !SchemaTargetResolver.declares(schema.document, rule.target) {
                problems.append("\(rule.target.displayString): not a field of \(tenant.name)'s \(manifest.name) account")
            }
            for rule in mapping.rules {
                guard let path = SchemaMerger.schemaPath(in: schema.document, body: rule.target.tokens),
                      let reason = schema.document.value(at: JSONPointer(tokens: path))?["x-refuse"]?.stringValue else { continue }
                problems.append("\(rule.target.displayString): \(reason)")
            }
        }
        let found = drift(of: mapping, tenant: tenant, saved: saved)
        let driftTargets = Set(found.map(\.target))
        return MappingReview(problems: problems.filter { p in !driftTargets.contains { p.hasPrefix($0.displayString + ":") } }, drift: found,
                             schemaReadAt: schemaReadAt(tenant: tenant, connector: mapping.connectorId, action: mapping.actionId))
    }
}
