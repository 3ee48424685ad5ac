import Foundation
import SwitchboardCore
import SwitchboardTestSupport
import Testing

/// Issue 18, finding 1: a mapping target must be a place the request body can hold, with array
/// indexes within the array's limit — `mapping check` refused `/properties/firstname/99999999999`
/// only after a preview had tried to build it. Every built-in default mapping passes.
@Suite("Mapping targets within the body's bounds")
struct MappingTargetBoundsTests {
    static func mapping(_ targets: [String]) -> FieldMapping {
        FieldMapping(connectorId: "hubspot", actionId: "createContact",
                     rules: targets.map { MappingRule(target: JSONPointer(parsing: $0), source: .fields(["contact_email"])) })
    }

    @Test("a huge index, a place inside a string and a member of a closed object are refused; custom properties and association 0 pass")
    func bounds() async throws {
        try await TestWorkspace.with("sbbounds", connectHubSpot: false) { t in
            let problems = try t.workspace.targetProblems(Self.mapping([
                "/properties/firstname/99999999999", "/associations/5000/to/id", "/properties/firstname/x", "/nope",
                "/properties/my_custom_field", "/associations/0/to/id", "/associations/-",
            ]))
            #expect(problems.count == 4, "\(problems)")
            #expect(problems.contains("/properties/firstname/99999999999: array index 99999999999 is past the largest a mapping may write (999)"))
            #expect(problems.contains { $0.hasPrefix("/associations/5000/to/id: array index 5000") })
            #expect(problems.contains("/properties/firstname/x: not a place in the request body"))
            #expect(problems.contains("/nope: not a place in the request body"))
        }
    }

    @Test("every built-in connector's default mappings are within bounds")
    func defaults() async throws {
        try await TestWorkspace.with("sbbounds", connectHubSpot: false) { t in
            for manifest in t.catalog.connectors {
                for action in manifest.allActions where !manifest.defaultMappings(forAction: action.id).isEmpty {
                    let problems = try t.workspace.targetProblems(.defaults(manifest, actionId: action.id))
                    #expect(problems.isEmpty, "\(manifest.id) \(action.id): \(problems)")
                }
            }
        }
    }
}
