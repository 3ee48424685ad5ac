/// One of the tenant's pipelines as the CRM answered it: its id, label and stages in order.
public struct TenantPipeline: Sendable, Equatable {
    /// One stage: the id a record sends and the label people see.
    public struct Stage: Sendable, Equatable {
        public var id: String
        public var label: String

        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    public var id: String
    public var label: String
    public var stages: [Stage]

    public init(id: String, label: String, stages: [Stage]) {
        self.id = id
        self.label = label
        self.stages = stages
    }

    /// `{"id", "label", "stages": [{"id", "label"}]}`, as stored with the tenant's schema.
    public var json: JSONValue {
        ["id": .string(id), "label": .string(label), "stages": .array(stages.map { ["id": .string($0.id), "label": .string($0.label)] })]
    }

    public init?(json: JSONValue) {
        guard let id = json["id"]?.stringValue else { return nil }
        self.init(id: id, label: json["label"]?.stringValue ?? id,
                  stages: (json["stages"]?.arrayValue ?? []).compactMap { s in s["id"]?.stringValue.map { Stage(id: $0, label: s["label"]?.stringValue ?? $0) } })
    }
}
