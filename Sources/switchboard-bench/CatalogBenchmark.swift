import Foundation
import SwitchboardCore

/// Issue 3's first figure: load and validate the whole built-in catalog.
enum CatalogBenchmark {
    static func run() throws {
        var count = 0
        let seconds = Stopwatch.median(runs: 20) {
            let load = ConnectorCatalog.load(userDirectories: [])
            precondition(load.problems.isEmpty, "the built-in catalog must be valid: \(load.problems)")
            count = load.catalog.connectors.count
        }
        print("catalog: load + validate the built-in catalog (\(count) connectors): " + String(format: "%.2f ms (median of 20)", seconds * 1000))
    }
}
