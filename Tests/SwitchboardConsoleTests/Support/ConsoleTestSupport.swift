import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore
import Testing

/// The repository's `themes/` folder, found from this file's location.
let repositoryThemes = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("themes")

/// A fixed clock, so flash expiry is deterministic.
let testNow = Date(timeIntervalSince1970: 1_800_000_000)

/// A console wired to the built-in catalog and the repository's themes, at the given size.
func makeConsole(size: Size = Size(width: 80, height: 24), sandbox: Bool = true,
                 catalog: ConnectorCatalog = ConnectorCatalog.load(userDirectories: []).catalog) -> ProgramHarness<SwitchboardApp> {
    let loader = ThemeLoader(searchDirectories: [repositoryThemes])
    let dependencies = Dependencies(loadTheme: { name throws(ThemeError) in try loader.load(name) },
                                    availableThemes: { loader.availableThemes() },
                                    now: { testNow })
    let model = AppModel(catalog: catalog, context: SessionContext(isSandbox: sandbox), size: size)
    return ProgramHarness(app: SwitchboardApp(dependencies: dependencies), model: model, size: size)
}

/// Compares `text` with `Snapshots/<name>.txt`; `RECORD_SNAPSHOTS=1` writes the file instead.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Snapshots").appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record("Missing snapshot \(name).txt; run with RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
        return
    }
    #expect(text + "\n" == expected, "snapshot \(name) differs; re-record with RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
}
