import Foundation
import Testing
@testable import SwitchboardCore

/// Generated damage to valid manifests never crashes the loader, and every input ends as either a
/// manifest or a list of problems, never both and never neither.
@Suite("Manifest fuzzing")
struct ManifestFuzzTests {
    /// A deterministic SplitMix64 generator, so failures reproduce.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Every pointer to a value in `value`.
    static func pointers(_ value: JSONValue, _ at: JSONPointer = .root) -> [JSONPointer] {
        var out = [at]
        switch value {
        case .object(let o): for (k, v) in o { out += pointers(v, at.appending(k)) }
        case .array(let a): for (i, v) in a.enumerated() { out += pointers(v, at.appending(i)) }
        default: break
        }
        return out
    }

    static let replacements: [JSONValue] = [.null, true, 0, -1, 1e300, "", "x", "{bad}", "/", [], [1, "a"], [:], ["kind": "oauth2"]]

    static func mutate(_ doc: JSONValue, _ rng: inout SplitMix64, targets known: [JSONPointer]? = nil) -> String {
        let targets = known ?? pointers(doc)
        let target = targets[Int.random(in: 0..<targets.count, using: &rng)]
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: // delete a key or element
            return JSONWriter.compact(ManifestFixtures.set(nil, at: target.tokens[...], in: doc))
        case 1: // change a value's type
            let v = replacements[Int.random(in: 0..<replacements.count, using: &rng)]
            return JSONWriter.compact(ManifestFixtures.set(v, at: target.tokens[...], in: doc))
        case 2: // truncate the text
            let text = Array(JSONWriter.compact(doc).utf8)
            return String(decoding: text[0..<Int.random(in: 0...text.count, using: &rng)], as: UTF8.self)
        case 3: // corrupt one byte
            var text = Array(JSONWriter.compact(doc).utf8)
            if !text.isEmpty { text[Int.random(in: 0..<text.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            return String(decoding: text, as: UTF8.self)
        default: // rename a key
            guard let last = target.tokens.last, Int(last) == nil, let v = doc.value(at: target) else { return JSONWriter.compact(doc) }
            let removed = ManifestFixtures.set(nil, at: target.tokens[...], in: doc)
            let renamed = JSONPointer(tokens: target.tokens.dropLast() + [last + "_"])
            return JSONWriter.compact(ManifestFixtures.set(v, at: renamed.tokens[...], in: removed))
        }
    }

    @Test("800 seeded mutations of the built-ins and the fixture all end in a manifest or problems")
    func fuzz() throws {
        var documents = [ManifestFixtures.minimal]
        for url in ConnectorCatalog.builtInManifestFiles() {
            documents.append(try JSONParser.parse(try Data(contentsOf: url)))
        }
        let targets = documents.map { Self.pointers($0) }
        var rng = SplitMix64(state: 0x5EED_CA7A_1060)
        var rejected = 0
        for i in 0..<800 {
            let doc = documents[i % documents.count]
            var text = Self.mutate(doc, &rng, targets: targets[i % documents.count])
            if i % 7 == 0 { text = Self.mutate((try? JSONParser.parse(text)) ?? doc, &rng) }
            let r = ManifestValidator.validate(data: Data(text.utf8), file: "fuzz.json", source: .user(path: "fuzz.json"))
            #expect((r.manifest == nil) != r.problems.isEmpty, "input \(i): \(text.prefix(200))")
            if r.manifest == nil { rejected += 1 }
            #expect(r.problems.allSatisfy { $0.file == "fuzz.json" && !$0.message.isEmpty })
        }
        #expect(rejected > 250, "the mutations should break most documents")
    }
}
