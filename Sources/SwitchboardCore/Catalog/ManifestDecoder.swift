import Foundation

/// Turns manifest text or a parsed document into a `ConnectorManifest`, collecting every problem
/// (syntax, unknown keys, missing keys, types, references between sections) instead of stopping at the first.
public enum ManifestDecoder {
    /// Parses `data` as JSON; a syntax error becomes one problem at the root with line and column.
    public static func parse(_ data: Data, file: String) -> Result<JSONValue, ManifestProblem> {
        do throws(JSONSyntaxError) {
            return .success(try JSONParser.parse(data))
        } catch {
            return .failure(ManifestProblem(file: file, pointer: .root, message: "malformed JSON: \(error.description)"))
        }
    }

    /// Decodes and validates a parsed manifest document.
    public static func decode(_ document: JSONValue, file: String, source: ManifestSource,
                              overridesBuiltIn: Bool = false) -> (manifest: ConnectorManifest?, problems: [ManifestProblem]) {
        let r = ManifestReader(file: file, deferSchemas: source == .builtIn && !overridesBuiltIn)
        let manifest = decode(document, source: source, overridesBuiltIn: overridesBuiltIn, r)
        return (r.problems.isEmpty ? manifest : nil, r.problems)
    }

    // MARK: - Sections

    private static func decode(_ document: JSONValue, source: ManifestSource, overridesBuiltIn: Bool, _ r: ManifestReader) -> ConnectorManifest? {
        guard let o = r.object(document, at: .root, keys: ConnectorManifest.keys) else { return nil }
        let id = o.identifier("id", pattern: "^[a-z0-9][a-z0-9-]*$", rule: "use lowercase letters, digits and '-'")
        let name = o.string("name")
        let icon = o.string("iconText")
        if let icon, icon.count > 3 { r.report(o.at("iconText"), "must be 1 to 3 characters, found \(icon.count)") }
        let categories = o.strings("categories") ?? []
        if o.value("categories")?.arrayValue?.isEmpty == true {
            r.report(o.at("categories"), "list at least one category")
        }
        for (i, c) in categories.enumerated() where !ConnectorCategory.known.contains(c) {
            r.report(o.at("categories").appending(i), "unknown category \"\(c)\"; expected one of \(ConnectorCategory.known.joined(separator: ", "))")
        }
        let auth = AuthSpec.decode(o.value("auth"), at: o.at("auth"), r)
        let api = APISpec.decode(o.value("api"), at: o.at("api"), r)
        let rateLimits = RateLimitSpec.decode(o.value("rateLimits"), at: o.at("rateLimits"), r)
        let batch = BatchSpec.decode(o.value("batch"), at: o.at("batch"), r)
        let resources = decodeResources(o, r)
        let actions = resources.flatMap(\.actions)
        // Ids written in the file, valid or not: a reference to an action that failed to decode is
        // not reported again (its own problems already are), nor are references when resources is broken.
        let writtenIds = Set((o.value("resources")?.arrayValue ?? []).flatMap { ($0["actions"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } })
        let referencesCheckable = o.value("resources")?.arrayValue != nil
        let refs = ActionReferences(actions: actions, writtenIds: writtenIds, checkable: referencesCheckable)
        for resource in resources.enumerated() {
            for (j, action) in resource.element.actions.enumerated() {
                if let max = action.batch?.maxRecords, let limit = batch?.maxRecords, max > limit {
                    r.report(o.at("resources").appending(resource.offset).appending("actions").appending(j).appending("batch").appending("maxRecords"),
                             "\(max) exceeds the connector's batch.maxRecords \(limit)")
                }
            }
        }
        let syncObjects = decodeSyncObjects(o, refs, r)
        let mappings = decodeMappings(o, refs, r)
        var errors: [ErrorMappingSpec] = []
        for (i, item) in (r.array(o.value("errors"), at: o.at("errors")) ?? []).enumerated() {
            if let rule = ErrorMappingSpec.decode(item, at: o.at("errors").appending(i), r) { errors.append(rule) }
        }
        let duplicateSearch = decodeDuplicateSearch(o, refs, r)
        var authMethods: [TokenAuthSpec] = []
        for (i, item) in (r.array(o.value("authMethods"), at: o.at("authMethods")) ?? []).enumerated() {
            guard let method = TokenAuthSpec.decode(item, at: o.at("authMethods").appending(i), r) else { continue }
            if authMethods.contains(where: { $0.id == method.id }) {
                r.report(o.at("authMethods").appending(i).appending("id"), "duplicate method id \"\(method.id)\"")
            } else {
                authMethods.append(method)
            }
        }
        var pipelines: [PipelineSpec] = []
        for (i, item) in (r.array(o.value("pipelines"), at: o.at("pipelines")) ?? []).enumerated() {
            guard let spec = PipelineSpec.decode(item, at: o.at("pipelines").appending(i), r) else { continue }
            if pipelines.contains(where: { $0.object == spec.object }) {
                r.report(o.at("pipelines").appending(i).appending("object"), "duplicate pipelines for \(spec.object.rawValue)")
            } else {
                pipelines.append(spec)
            }
        }
        guard let id, let name, let icon, let auth, let api, let rateLimits else { return nil }
        var manifest = ConnectorManifest(
            id: id, name: name, iconText: icon, description: o.string("description", allowEmpty: true) ?? "", categories: categories,
            auth: auth, api: api, rateLimits: rateLimits, batch: batch, resources: resources, syncObjects: syncObjects,
            defaultMappings: mappings, errors: errors, source: source, overridesBuiltIn: overridesBuiltIn, document: document)
        manifest.duplicateSearch = duplicateSearch
        manifest.authMethods = authMethods
        manifest.pipelines = pipelines
        return manifest
    }

    private static func decodeDuplicateSearch(_ o: ObjectReader, _ refs: ActionReferences, _ r: ManifestReader) -> [DuplicateSearchSpec] {
        var out: [DuplicateSearchSpec] = []
        for (i, item) in (r.array(o.value("duplicateSearch"), at: o.at("duplicateSearch")) ?? []).enumerated() {
            let p = o.at("duplicateSearch").appending(i)
            guard let spec = DuplicateSearchSpec.decode(item, at: p, r), let action = refs.resolve(spec.actionId, at: p.appending("action"), r) else { continue }
            if action.operation != .list && action.operation != .search {
                r.report(p.appending("action"), "action \"\(action.id)\" is a \(action.operation.rawValue) action; a duplicate search needs a list or search action")
            }
            if action.method == "GET" {
                for (key, location) in [("values", spec.values), ("since", spec.since?.location), ("paging", spec.paging?.request)] {
                    guard case .body? = location else { continue }
                    let at = key == "paging" ? p.appending(key).appending("request") : p.appending(key)
                    r.report(at.appending("in"), "action \"\(action.id)\" is a GET request and has no body")
                }
            }
            out.append(spec)
        }
        return out
    }

    private static func decodeResources(_ o: ObjectReader, _ r: ManifestReader) -> [ResourceSpec] {
        var resources: [ResourceSpec] = []
        var resourceIds: [String: JSONPointer] = [:]
        var actionIds: [String: JSONPointer] = [:]
        let items = r.array(o.value("resources"), at: o.at("resources")) ?? []
        if o.has("resources") && items.isEmpty && o.value("resources")?.arrayValue != nil {
            r.report(o.at("resources"), "list at least one resource")
        }
        for (i, item) in items.enumerated() {
            let rp = o.at("resources").appending(i)
            guard let ro = r.object(item, at: rp, keys: ResourceSpec.keys) else { continue }
            let id = ro.identifier("id", pattern: "^[A-Za-z][A-Za-z0-9_-]*$", rule: "use letters, digits, '_' and '-'")
            if let id {
                if let first = resourceIds[id] {
                    r.report(ro.at("id"), "duplicate resource id \"\(id)\" (first at \(first.displayString))")
                } else {
                    resourceIds[id] = rp
                }
            }
            let name = ro.string("name")
            let object = ro.enumeration("object", UniversalObject.self, what: "object")
            var actions: [ActionSpec] = []
            for (j, actionValue) in (r.array(ro.value("actions"), at: ro.at("actions")) ?? []).enumerated() {
                let ap = ro.at("actions").appending(j)
                guard let action = ActionSpec.decode(actionValue, at: ap, r) else { continue }
                if let first = actionIds[action.id] {
                    r.report(ap.appending("id"), "duplicate action id \"\(action.id)\" (first at \(first.displayString))")
                    continue
                }
                actionIds[action.id] = ap
                actions.append(action)
            }
            let metadata = MetadataSpec.decode(ro.value("metadata"), at: ro.at("metadata"), r)
            if ro.has("metadata"), object == nil { r.report(ro.at("object"), "missing (a resource with metadata names its object)") }
            guard let id, let name else { continue }
            resources.append(ResourceSpec(id: id, name: name, description: ro.string("description", allowEmpty: true) ?? "",
                                          object: object, actions: actions, metadata: metadata))
        }
        return resources
    }

    /// Resolves action ids named by sync objects and mappings.
    private struct ActionReferences {
        var actions: [ActionSpec]
        var writtenIds: Set<String>
        var checkable: Bool

        /// The action with `id`; reports it missing unless it exists in the file but did not decode.
        func resolve(_ id: String, at p: JSONPointer, _ r: ManifestReader) -> ActionSpec? {
            if let action = actions.first(where: { $0.id == id }) { return action }
            if checkable && !writtenIds.contains(id) { r.report(p, "no action \"\(id)\" in this connector") }
            return nil
        }
    }

    private static func decodeSyncObjects(_ o: ObjectReader, _ refs: ActionReferences, _ r: ManifestReader) -> [SyncObjectSpec] {
        var out: [SyncObjectSpec] = []
        for (i, item) in (r.array(o.value("syncObjects"), at: o.at("syncObjects")) ?? []).enumerated() {
            let p = o.at("syncObjects").appending(i)
            guard let sync = SyncObjectSpec.decode(item, at: p, r) else { continue }
            if out.contains(where: { $0.object == sync.object }) {
                r.report(p.appending("object"), "duplicate sync object \"\(sync.object.rawValue)\"")
                continue
            }
            guard let action = refs.resolve(sync.actionId, at: p.appending("action"), r) else { continue }
            if action.operation != .list && action.operation != .search {
                r.report(p.appending("action"), "action \"\(action.id)\" is a \(action.operation.rawValue) action; sync needs a list or search action")
            }
            if sync.requestTemplate != nil && (action.method == "GET" || action.method == "DELETE") {
                r.report(p.appending("requestTemplate"), "action \"\(action.id)\" is a \(action.method) request and has no body")
            }
            if case .body? = sync.updatedSince.location, action.method == "GET" {
                r.report(p.appending("updatedSince").appending("in"), "action \"\(action.id)\" is a GET request and has no body")
            }
            out.append(sync)
        }
        return out
    }

    private static func decodeMappings(_ o: ObjectReader, _ refs: ActionReferences, _ r: ManifestReader) -> [DefaultMappingSpec] {
        var out: [DefaultMappingSpec] = []
        for (i, item) in (r.array(o.value("defaultMappings"), at: o.at("defaultMappings")) ?? []).enumerated() {
            let p = o.at("defaultMappings").appending(i)
            guard var mapping = DefaultMappingSpec.decode(item, at: p, r) else { continue }
            guard let action = refs.resolve(mapping.actionId, at: p.appending("action"), r) else { continue }
            if action.isBatch { r.report(p.appending("action"), "default mappings target single-record actions; \"\(action.id)\" is a batch action") }
            if let schema = action.requestSchema, !SchemaTargetResolver.declares(schema.document, mapping.target) {
                r.report(p.appending("target"), "\(mapping.target.displayString) is not declared in the request schema of \"\(action.id)\"")
            }
            // A target ending in `-` appends to an array, so several rules may share it.
            if mapping.target.tokens.last != "-", out.contains(where: { $0.actionId == mapping.actionId && $0.target == mapping.target }) {
                r.report(p.appending("target"), "\"\(action.id)\" already has a mapping to \(mapping.target.displayString)")
            }
            if let object = action.object { mapping.object = object }
            out.append(mapping)
        }
        return out
    }
}
