import Foundation
import Testing
@testable import SwitchboardCore

/// Schemas compiled on first use (the built-in manifests'): they validate as compiled ones do, and
/// one that does not compile refuses every value instead of letting it through.
@Suite("Schemas compiled on first use")
struct DeferredSchemaTests {
    @Test("a deferred schema validates like a compiled one")
    func sameAnswers() throws {
        let document: JSONValue = ["type": "object", "required": ["email"], "properties": ["email": ["type": "string", "format": "email"]]]
        let now = try JSONSchema(compiling: document)
        let later = JSONSchema(compilingLater: document)
        for value: JSONValue in [["email": "a@b.example"], ["email": "nope"], [:], 3] {
            #expect(later.validate(value) == now.validate(value), "\(JSONWriter.compact(value))")
        }
    }

    @Test("a deferred schema that does not compile refuses every value, saying so")
    func brokenRefuses() {
        let later = JSONSchema(compilingLater: ["type": "nope"])
        let violations = later.validate(["anything": true])
        #expect(!later.isValid([:]) && violations.first?.reason.contains("does not compile") == true, "\(violations)")
    }
}
