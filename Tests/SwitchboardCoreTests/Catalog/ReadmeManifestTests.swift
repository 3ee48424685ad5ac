import Foundation
import Testing
@testable import SwitchboardCore

/// The README's full manifest example is what a new connector author copies: it must pass
/// `connectors validate` (issue 18, finding 11: it did not).
@Suite("The README's manifest example")
struct ReadmeManifestTests {
    @Test("the example manifest in the README validates with no problem")
    func example() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        let example = try #require(blocks.first { $0.contains(#""id": "examplecrm""#) }, "a ```json block with the examplecrm manifest")
        let result = ManifestValidator.validate(data: Data(example.utf8), file: "README.md", source: .user(path: "README.md"))
        #expect(result.problems.isEmpty, "\(result.problems.map(\.description))")
        #expect(result.manifest?.allActions.map(\.id) == ["createContact"])
    }
}
