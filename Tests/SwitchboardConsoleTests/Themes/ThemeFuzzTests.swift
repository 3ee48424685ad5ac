import ConsoleKit
import Foundation
import SwitchboardTestSupport
import Testing
@testable import SwitchboardConsole

/// Issue 18's fuzz suite, themes: the shipped theme files damaged (bytes, huge numbers, control
/// characters, repeated keys, deep `inherits` chains) through the loader `--theme` uses. Each
/// loads or is refused naming the file, within a time bound, with its message printable; a theme
/// that loads renders a screen.
@Suite("Fuzz: theme files")
struct ThemeFuzzTests {
    @Test("mutated themes: loaded and usable, or refused with the file named and no control characters")
    func themes() throws {
        let folder = repositoryThemes
        let seeds = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }.sorted()
            .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
        #expect(seeds.count >= 4)
        let loader = ThemeLoader(searchDirectories: [folder])
        var mutator = Mutator(FuzzBudget.generator("themes"))
        let memory = PeakMemory()
        var tally = FuzzTally(kind: "themes")
        for i in 0..<FuzzBudget.iterations(150) {
            let text = String(decoding: mutator.bytes(Array(mutator.pick(seeds).utf8)), as: UTF8.self)
            let file = "/tmp/fuzz-theme-\(i).toml"
            tally.run {
                do throws(ThemeError) {
                    let theme = try loader.parse(text, file: file)
                    // A theme that loads can draw: every role resolves to a style.
                    var buffer = ScreenBuffer(size: Size(width: 40, height: 3))
                    #expect(buffer.write("fuzz", x: 0, y: 0, style: theme.style(.title)) == 4)
                    return false
                } catch {
                    #expect(error.description.hasPrefix(file), "input \(i): \(error.description)")
                    #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) },
                            "input \(i): control characters in \(error.description.debugDescription)")
                    return true
                }
            }
        }
        let broken = tally.finish(memory, perInput: 5, memoryBound: 512 << 20)
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test("the inputs the fuzz suite found: a DEL in a table name and a [[[ header were assertion failures in the TOML parser; now each is a line-numbered error")
    func foundByFuzzing() {
        let loader = ThemeLoader(searchDirectories: [repositoryThemes])
        for (text, line, words) in [("name = \"x\"\n[\u{7F}styles]\n", 2, "U+007F"), ("name = \"x\"\n\n[[[[roles]\n", 3, "table header")] {
            do throws(ThemeError) {
                _ = try loader.parse(text, file: "bad.toml")
                Issue.record("loaded: \(text.debugDescription)")
            } catch {
                #expect(error.line == line && error.description.contains(words), "\(error.description)")
            }
        }
    }
}
