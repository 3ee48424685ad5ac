import Foundation

/// `switchboard-bench [NAME...]`: prints the figures the issues ask for. Run it in release mode
/// (`swift run -c release switchboard-bench`); with no names it runs every benchmark.
let benchmarks: [(name: String, run: () async throws -> Void)] = [
    ("render", RenderBenchmark.run),
    ("catalog", CatalogBenchmark.run),
    ("schema", SchemaBenchmark.run),
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
