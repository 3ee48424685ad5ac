import Foundation

/// Measures wall-clock time with the monotonic clock and reports medians of repeated runs.
enum Stopwatch {
    /// Seconds `body` took.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The median of `runs` timings of `body`, after one warm-up run.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        _ = try seconds(body)
        var samples: [Double] = []
        for _ in 0..<runs { samples.append(try seconds(body)) }
        samples.sort()
        return samples[samples.count / 2]
    }
}

extension Stopwatch {
    /// Seconds an async `body` took.
    static func secondsAsync(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
