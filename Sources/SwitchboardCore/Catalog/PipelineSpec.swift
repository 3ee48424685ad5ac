/// How to read a connector's pipelines and their stages for one object (deals, tickets), and
/// where a record names its pipeline and stage, so that a stage the tenant's chosen pipeline
/// does not have is refused before anything is sent.
///
/// Keys: `object`, `path` (GET), `pipelinesPointer` (the list in the answer; `""` is the whole
/// body), `idPointer`, `labelPointer` (in each pipeline), `stageField` (the stage's member in the
/// write target, e.g. `dealstage`) required. Stages come either inside each pipeline
/// (`stagesPointer`) or from their own list (`stagesPath`, `stagesListPointer`, and
/// `stagePipelinePointer`: the pipeline id in each stage); `stageIdPointer` and
/// `stageLabelPointer` (default `/id`, `/label`). Optional `pipelineField` (the pipeline's member;
/// without it every stage of every pipeline is allowed) and `defaultPipeline` (the pipeline a
/// record without one lands in; default the first).
public struct PipelineSpec: Sendable, Equatable {
    public var object: UniversalObject
    public var path: String
    public var pipelinesPointer: JSONPointer
    public var idPointer: JSONPointer
    public var labelPointer: JSONPointer
    public var stagesPointer: JSONPointer?
    public var stagesPath: String?
    public var stagesListPointer: JSONPointer?
    public var stagePipelinePointer: JSONPointer?
    public var stageIdPointer: JSONPointer
    public var stageLabelPointer: JSONPointer
    public var pipelineField: String?
    public var stageField: String
    public var defaultPipeline: String?

    static let keys = ManifestKeys(
        required: ["object", "path", "pipelinesPointer", "idPointer", "labelPointer", "stageField"],
        optional: ["stagesPointer", "stagesPath", "stagesListPointer", "stagePipelinePointer", "stageIdPointer", "stageLabelPointer",
                   "pipelineField", "defaultPipeline"])

    static func decode(_ value: JSONValue, at p: JSONPointer, _ r: ManifestReader) -> PipelineSpec? {
        guard let o = r.object(value, at: p, keys: keys) else { return nil }
        let object = o.enumeration("object", UniversalObject.self, what: "object")
        let path = o.string("path")
        if let path, !path.hasPrefix("/") { r.report(o.at("path"), "must start with /") }
        let pipelines = o.jsonPointer("pipelinesPointer"), id = o.jsonPointer("idPointer"), label = o.jsonPointer("labelPointer")
        let stageField = o.string("stageField")
        let inside = o.has("stagesPointer") ? o.jsonPointer("stagesPointer") : nil
        let stagesPath = o.string("stagesPath")
        if inside == nil && stagesPath == nil { r.report(o.at("stagesPointer"), "missing: give stagesPointer (stages inside each pipeline) or stagesPath") }
        if stagesPath != nil && (!o.has("stagesListPointer") || !o.has("stagePipelinePointer")) {
            r.report(o.at("stagesPath"), "a separate stage list needs stagesListPointer and stagePipelinePointer")
        }
        func pointer(_ key: String, _ fallback: String) -> JSONPointer {
            o.has(key) ? o.jsonPointer(key) ?? JSONPointer(tokens: [fallback]) : JSONPointer(tokens: [fallback])
        }
        guard let object, let path, let pipelines, let id, let label, let stageField else { return nil }
        return PipelineSpec(object: object, path: path, pipelinesPointer: pipelines, idPointer: id, labelPointer: label, stagesPointer: inside,
                            stagesPath: stagesPath, stagesListPointer: o.has("stagesListPointer") ? o.jsonPointer("stagesListPointer") : nil,
                            stagePipelinePointer: o.has("stagePipelinePointer") ? o.jsonPointer("stagePipelinePointer") : nil,
                            stageIdPointer: pointer("stageIdPointer", "id"), stageLabelPointer: pointer("stageLabelPointer", "label"),
                            pipelineField: o.string("pipelineField"), stageField: stageField, defaultPipeline: o.string("defaultPipeline"))
    }
}
