/// Which way a mapping rule carries values: to the CRM (push), from it (pull), or both.
public enum MappingDirection: String, Sendable, Equatable, CaseIterable {
    case push, pull, both
}

/// A default field mapping: the request-body place `target` of action `actionId` gets the value of
/// universal field `sources` (several only with `join`) after `transforms`, applied in order.
///
/// Keys: `action`, `target` (JSON Pointer into the request body, e.g. `/properties/email`) required;
/// exactly one of `source` (a universal field name) or `sources` (several, for `join`); `transforms`
/// (strings, see `TransformSpec`), `direction` (default `both`; rules with a one-way transform such
/// as `join` should say `push`).
public struct DefaultMappingSpec: Sendable, Equatable {
    public var actionId: String
    public var object: UniversalObject
    public var target: JSONPointer
    public var sources: [UniversalField]
    public var transforms: [TransformSpec]
    public var direction: MappingDirection

    /// The single source field (the first when several are joined).
    public var source: UniversalField { sources[0] }

    static let keys = ManifestKeys(required: ["action", "target"], optional: ["source", "sources", "transforms", "direction"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> DefaultMappingSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let action = o.string("action")
        let target = o.jsonPointer("target")
        if let target, target.tokens.isEmpty { r.report(o.at("target"), "must name a place inside the body, not the whole body") }
        var sources: [UniversalField] = []
        var sourcesOK = true
        switch (o.has("source"), o.has("sources")) {
        case (true, true):
            r.report(o.at("sources"), "give either source or sources, not both"); sourcesOK = false
        case (false, false):
            r.report(o.at("source"), "missing"); sourcesOK = false
        case (true, false):
            if let s = o.string("source") { sourcesOK = appendField(s, at: o.at("source"), to: &sources, r) } else { sourcesOK = false }
        case (false, true):
            let names = o.strings("sources") ?? []
            if names.count < 2 { r.report(o.at("sources"), "list at least two fields (use source for one)"); sourcesOK = false }
            for (i, s) in names.enumerated() where !appendField(s, at: o.at("sources").appending(i), to: &sources, r) { sourcesOK = false }
        }
        var transforms: [TransformSpec] = []
        for (i, text) in (o.strings("transforms") ?? []).enumerated() {
            switch TransformSpec.parse(text) {
            case .success(let t): transforms.append(t)
            case .failure(let e): r.report(o.at("transforms").appending(i), e.message)
            }
        }
        if sources.count > 1, transforms.first?.name != "join" {
            r.report(o.at("sources"), "several sources need \"join\" as the first transform")
        }
        let direction = o.enumeration("direction", MappingDirection.self, what: "direction") ?? .both
        guard let action, let target, !target.tokens.isEmpty, sourcesOK, !sources.isEmpty else { return nil }
        return DefaultMappingSpec(actionId: action, object: sources[0].object, target: target, sources: sources,
                                  transforms: transforms, direction: direction)
    }

    private static func appendField(_ name: String, at p: JSONPointer, to list: inout [UniversalField], _ r: ManifestReader) -> Bool {
        guard let field = UniversalField(rawValue: name) else {
            var message = "unknown universal field \"\(name)\""
            if let close = ManifestReader.closest(to: name, in: UniversalField.names) { message += " (did you mean \"\(close)\"?)" }
            r.report(p, message)
            return false
        }
        list.append(field)
        return true
    }
}
