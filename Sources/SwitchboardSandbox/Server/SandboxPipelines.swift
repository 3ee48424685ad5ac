import Foundation
import SwitchboardCore

/// The pipelines and stages every sandbox account has, per CRM and object: the default sales
/// pipeline and a second one (renewals, onboarding), so that a stage of the wrong pipeline can be
/// tried and refused as the CRM would.
enum SandboxPipelines {
    struct Pipeline: Sendable {
        var id: String
        var label: String
        var stages: [(id: String, label: String)]
    }

    /// HubSpot deals: `default` (Sales Pipeline) and `renewals`.
    static let hubspotDeals = [
        Pipeline(id: "default", label: "Sales Pipeline", stages: [
            ("appointmentscheduled", "Appointment Scheduled"), ("qualifiedtobuy", "Qualified To Buy"), ("presentationscheduled", "Presentation Scheduled"),
            ("decisionmakerboughtin", "Decision Maker Bought-In"), ("contractsent", "Contract Sent"), ("closedwon", "Closed Won"), ("closedlost", "Closed Lost"),
        ]),
        Pipeline(id: "renewals", label: "Renewals", stages: [
            ("renewal_due", "Renewal due"), ("renewal_negotiation", "Negotiation"), ("renewed", "Renewed"), ("churned", "Churned"),
        ]),
    ]
    /// HubSpot tickets: `0` (Support Pipeline) and `onboarding`.
    static let hubspotTickets = [
        Pipeline(id: "0", label: "Support Pipeline", stages: [("1", "New"), ("2", "Waiting on contact"), ("3", "Waiting on us"), ("4", "Closed")]),
        Pipeline(id: "onboarding", label: "Onboarding", stages: [("onboarding_open", "Open"), ("onboarding_live", "Live")]),
    ]
    /// HubSpot leads: the one lead pipeline, with HubSpot's stage ids.
    static let hubspotLeads = [
        Pipeline(id: "lead-pipeline-id", label: "Lead pipeline", stages: [
            ("new-stage-id", "New"), ("attempting-stage-id", "Attempting"), ("connected-stage-id", "Connected"),
            ("qualified-stage-id", "Qualified"), ("unqualified-stage-id", "Disqualified"),
        ]),
    ]
    /// Pipedrive and Copper deals: pipeline 1 (Sales, stages 1–5) and 2 (Onboarding, stages 6–8).
    static let numbered = [
        Pipeline(id: "1", label: "Sales", stages: [("1", "Qualified"), ("2", "Contact made"), ("3", "Proposal made"), ("4", "Negotiations started"), ("5", "Won")]),
        Pipeline(id: "2", label: "Onboarding", stages: [("6", "Kick-off"), ("7", "Import"), ("8", "Live")]),
    ]

    /// The pipeline holding `stage`, if any.
    static func pipeline(of stage: String, in pipelines: [Pipeline]) -> Pipeline? {
        pipelines.first { $0.stages.contains { $0.id == stage } }
    }

    /// Why a stage does not fit (an unknown stage, or one of another pipeline); nil when it fits.
    /// A missing pipeline is `fallback`'s (the default), or the stage's own when there is none.
    static func problem(stage: String, pipeline: String?, in pipelines: [Pipeline], fallback: String?) -> String? {
        guard let owner = self.pipeline(of: stage, in: pipelines) else { return "\(stage) is not a stage of any pipeline" }
        if let chosen = pipeline ?? fallback, chosen != owner.id {
            guard pipelines.contains(where: { $0.id == chosen }) else { return "\(chosen) is not a pipeline" }
            return "\(stage) is not a stage of pipeline \(chosen)"
        }
        return nil
    }
}
