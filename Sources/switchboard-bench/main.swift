import Foundation
import SwitchboardSandbox

/// `switchboard-bench [NAME...]`: prints the figures the issues ask for. Run it in release mode
/// (`swift run -c release switchboard-bench`); with no names it runs every benchmark.
let benchmarks: [(name: String, run: () async throws -> Void)] = [
    ("render", RenderBenchmark.run),
    ("keys", KeysBenchmark.run),
    ("catalog", CatalogBenchmark.run),
    ("schema", SchemaBenchmark.run),
    ("map", MapBenchmark.run),
    ("long-line", LongLineBenchmark.run),
    ("tenant-schema", TenantSchemaBenchmark.run),
    ("push", PushBenchmark.run),
    ("sync", SyncBenchmark.run),
    ("sandbox", {
        let rate = try await SandboxBenchmark.singleCreates()
        print(String(format: "sandbox: single HubSpot contact creates, rate limit off, 16 connections: %.0f requests/s (goal >= 5,000)", rate))
    }),
]

let requested = Array(CommandLine.arguments.dropFirst())
let unknown = requested.filter { name in !benchmarks.contains { $0.name == name } }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("switchboard-bench: unknown benchmark \(unknown.joined(separator: ", ")); known: \(benchmarks.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
#if DEBUG
print("note: a debug build; run `swift run -c release switchboard-bench` for real figures")
#endif
for benchmark in benchmarks where requested.isEmpty || requested.contains(benchmark.name) {
    do {
        try await benchmark.run()
    } catch {
        FileHandle.standardError.write(Data("switchboard-bench: \(benchmark.name) failed: \(error)\n".utf8))
        exit(1)
    }
}
