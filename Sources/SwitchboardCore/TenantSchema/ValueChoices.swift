/// The values one field of a write body takes in the tenant's account, with the labels people use:
/// a picklist's options, or the stages of the tenant's pipelines. The mapping editor offers them
/// (pick one as the constant, or turn labels into values with a `lookup` transform).
public struct ValueChoices: Sendable, Equatable {
    /// One value the field takes.
    public struct Choice: Sendable, Equatable {
        /// What the request sends (`closedwon`, `6`, `gold`).
        public var value: JSONValue
        /// What people call it (`Closed Won`).
        public var label: String
        /// For a stage: the id and label of its pipeline.
        public var pipeline: (id: String, label: String)?

        public init(value: JSONValue, label: String, pipeline: (id: String, label: String)? = nil) {
            self.value = value
            self.label = label
            self.pipeline = pipeline
        }

        public static func == (a: Choice, b: Choice) -> Bool {
            a.value == b.value && a.label == b.label && a.pipeline?.id == b.pipeline?.id && a.pipeline?.label == b.pipeline?.label
        }

        /// `Sales Pipeline › Closed Won` for a stage, the label otherwise.
        public var displayLabel: String { pipeline.map { "\($0.label) › \(label)" } ?? label }
        /// The value as text (`closedwon`, `12`).
        public var valueText: String { value.stringValue ?? JSONWriter.compact(value) }
    }

    /// Where in the body the values go (`/properties/dealstage`).
    public var target: JSONPointer
    public var choices: [Choice]
    /// For stages: where the body names the pipeline (`/properties/pipeline`), set with a chosen stage.
    public var pipelineTarget: JSONPointer?

    public init(target: JSONPointer, choices: [Choice], pipelineTarget: JSONPointer? = nil) {
        self.target = target
        self.choices = choices
        self.pipelineTarget = pipelineTarget
    }

    /// The picklist options of a field of the account.
    public init(target: JSONPointer, field: RemoteField) {
        self.init(target: target, choices: field.options.map { Choice(value: $0.value, label: $0.label) })
    }

    /// The stages of the tenant's pipelines, in pipeline order.
    public init(stageTarget: JSONPointer, pipelineTarget: JSONPointer?, pipelines: [TenantPipeline]) {
        self.init(target: stageTarget, choices: pipelines.flatMap { p in
            p.stages.map { Choice(value: .string($0.id), label: $0.label, pipeline: (p.id, p.label)) }
        }, pipelineTarget: pipelineTarget)
    }

    /// The labels that name one value only (a label two pipelines share is left out: the id says which).
    public var unambiguous: [Choice] {
        var count: [String: Int] = [:]
        for c in choices { count[c.label.lowercased(), default: 0] += 1 }
        return choices.filter { count[$0.label.lowercased()] == 1 }
    }

    /// The `lookup` transform from every unambiguous label to its value, or nil when none can be
    /// written (labels or values with `:`, `=` or `|`, which the transform's syntax uses).
    public var lookup: TransformSpec? {
        let entries = unambiguous.filter { !($0.valueText + $0.label).contains(where: { ":=|".contains($0) }) }.map { "\($0.label)=\($0.valueText)" }
        guard !entries.isEmpty else { return nil }
        return try? TransformSpec.parse("lookup:" + entries.joined(separator: ":")).get()
    }
}
