import ConsoleKit
import Foundation
import SwitchboardConsole
import SwitchboardCore

/// Issue 24's figure: key to repaint on a 100,000-run History (goal: p95 < 50 ms).
///
/// A scripted key sequence — a filter typed letter by letter, moves, pages, sorts and their
/// reversal, the filter cleared — is replayed through the console's own `update` and `view`,
/// and each key is timed from its arrival to the diffed frame (what the ncurses backend would
/// draw). The same script on an empty History, in the same process, is the baseline: the ratio
/// says what the 100,000 rows cost over the console's fixed work.
enum KeysBenchmark {
    static let rows = 100_000

    static func run() throws {
        let catalog = ConnectorCatalog.load(userDirectories: []).catalog
        let script = self.script()
        for size in [Size(width: 200, height: 60), Size(width: 80, height: 24)] {
            let baseline = replay(script, runs: [], catalog: catalog, size: size, rounds: 5)
            let full = replay(script, runs: runs(rows), catalog: catalog, size: size, rounds: 5)
            let (p50, p95, worst) = percentiles(full.samples)
            let (b50, b95, _) = percentiles(baseline.samples)
            print(String(format: "keys: History of %@ runs at %dx%d, %d keys (filter, move, page, sort, reverse, clear) x 5: "
                         + "key to repaint p50 %.2f ms, p95 %.2f ms, max %.2f ms (goal p95 < 50 ms); "
                         + "empty History in the same process p50 %.3f ms, p95 %.3f ms: p95 ratio %.0fx",
                         rows.formatted(), size.width, size.height, script.count, p50 * 1000, p95 * 1000, worst * 1000,
                         b50 * 1000, b95 * 1000, p95 / max(b95, 1e-9)))
            let slowest = full.byKey.sorted { $0.value > $1.value }.prefix(3)
                .map { String(format: "%@ %.1f ms", $0.key, $0.value * 1000) }.joined(separator: ", ")
            print("keys: slowest keys (median over rounds): \(slowest)")
        }
    }

    /// The keys a person presses on a long History.
    static func script() -> [Key] {
        var keys: [Key] = [.character("/")]
        keys += "finished".map { .character($0) }
        keys.append(.enter)
        keys += Array(repeating: .character("j"), count: 20)
        keys += Array(repeating: .pageDown, count: 5)
        keys += [.character("G"), .character("g"), .pageDown]
        keys += [.character("s"), .character("s"), .character("S"), .pageDown, .character("j")]
        keys += [.escape]  // clears the filter
        keys += Array(repeating: .pageDown, count: 5)
        keys += [.character("s"), .character("S"), .character("G"), .character("k")]
        return keys
    }

    static func runs(_ count: Int) -> [ConsoleData.RunSummary] {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let statuses: [PushRun.Status] = [.finished, .finished, .finished, .interrupted, .stopped]
        let actions = ["createContact", "batchCreateContacts", "createCompany", "createDeal"]
        let connectors = ["hubspot", "salesforce", "pipedrive", "copper", "zoho-crm"]
        return (0..<count).map { i in
            var tally = PushTally()
            tally.succeeded = 100 - i % 7
            tally.failed = i % 7
            let at = start.addingTimeInterval(-Double(i) * 60)
            return ConsoleData.RunSummary(run: PushRun(id: String(format: "20270115-%06d-%04x", i, i % 65_536), tenantID: 1,
                                                       connectorID: connectors[i % connectors.count], actionID: actions[i % actions.count],
                                                       object: .contact, source: "/imports/batch-\(i).csv", status: statuses[i % statuses.count],
                                                       total: 100, startedAt: at, finishedAt: at.addingTimeInterval(Double(i % 90))),
                                          tally: tally)
        }
    }

    /// Replays `script` `rounds` times; every key's time from arrival to the diffed frame.
    static func replay(_ script: [Key], runs: [ConsoleData.RunSummary], catalog: ConnectorCatalog, size: Size, rounds: Int)
        -> (samples: [Double], byKey: [String: Double]) {
        let app = SwitchboardApp(dependencies: Dependencies(loadTheme: { _ throws(ThemeError) in Theme.builtInDefault }, availableThemes: { [] }))
        var model = AppModel(catalog: catalog, context: SessionContext(tenant: "acme"), size: size)
        model.screens.append(HistoryScreen(tenant: "acme", runs: runs, catalog: catalog, items: { _ in [] }))
        var previous = ScreenBuffer(size: size)
        _ = app.view(model, into: &previous)
        var samples: [Double] = []
        var perKey: [String: [Double]] = [:]
        for _ in 0..<rounds {
            for key in script {
                let seconds = Stopwatch.seconds {
                    _ = app.update(&model, .input(.key(key)))
                    var frame = ScreenBuffer(size: size)
                    _ = app.view(model, into: &frame)
                    _ = BufferDiff.runs(from: previous, to: frame)
                    previous = frame
                }
                samples.append(seconds)
                perKey[key.description, default: []].append(seconds)
            }
        }
        precondition(model.top is HistoryScreen && !app.isFinished(model), "the script stays on History")
        return (samples, perKey.mapValues { percentiles($0).p50 })
    }

    static func percentiles(_ samples: [Double]) -> (p50: Double, p95: Double, max: Double) {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return (0, 0, 0) }
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded(.up)))] }
        return (at(0.5), at(0.95), sorted[sorted.count - 1])
    }
}
