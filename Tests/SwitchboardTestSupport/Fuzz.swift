import Foundation
import SwitchboardCore

/// A reproducible random source for the fuzz suites (SplitMix64): the same seed gives the same
/// inputs on every machine, so a failure in CI is a failure at the desk.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// How much a fuzz suite tries: `SWITCHBOARD_FUZZ_SEED` (default 20261203) and
/// `SWITCHBOARD_FUZZ_ITERATIONS` (a multiplier, default 1) let a person run it longer or with
/// another seed; CI runs the defaults.
public enum FuzzBudget {
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SWITCHBOARD_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_203
    }
    /// `base` inputs, times the multiplier.
    public static func iterations(_ base: Int) -> Int {
        base * max(1, ProcessInfo.processInfo.environment["SWITCHBOARD_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 1)
    }
    /// The seed for one kind of input (each kind its own stream, so adding a kind changes no other).
    public static func generator(_ kind: String) -> SeededGenerator {
        SeededGenerator(seed: seed ^ kind.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 })
    }
}

/// Makes hostile inputs from good ones: byte-level damage (flips, cuts, control bytes, repeats)
/// and, for JSON, structural damage (a value of the wrong type, a key removed, a huge number or
/// string, deep nesting), the shapes the hardening issue names.
public struct Mutator {
    public var random: SeededGenerator
    public init(_ random: SeededGenerator) { self.random = random }

    /// Values that have broken parsers and checkers before.
    static let hostileStrings: [String] = [
        "", " ", "\u{0}", "\u{1B}]52;c;aGk=\u{07}", "\u{1B}[2J", "a\r\nb", "\t", "\u{FEFF}", "\u{202E}evil", "é", "𝄞",
        String(repeating: "x", count: 70_000), "{contactId}", "/properties/firstname/99999999999", "../../etc/passwd",
        "http://169.254.169.254/latest", "https://127.0.0.1:1/", "NaN", "-0", "1e309", "99999999999999999999", "null",
        "${HOME}", "%00", "\\u0000", "\u{7F}", String(repeating: "[", count: 300),
    ]
    static let hostileNumbers: [Double] = [0, -1, 1e308, -1e308, 99_999_999_999, 2_147_483_648, 0.5, Double(Int64.max), 4_294_967_296]

    public mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    public mutating func pick<T>(_ items: [T]) -> T { items[int(0..<items.count)] }

    /// `bytes` damaged in 1 to 4 places.
    public mutating func bytes(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        for _ in 0..<int(1..<5) {
            let at = out.isEmpty ? 0 : int(0..<out.count)
            switch int(0..<7) {
            case 0 where !out.isEmpty: out[at] ^= UInt8(1 << int(0..<8))  // flip a bit
            case 1: out = Array(out.prefix(at))  // truncated
            case 2: out.insert(pick([0x00, 0x1B, 0x07, 0x0D, 0x0A, 0x22, 0x5C, 0x2C, 0xFF, 0xC3]), at: at)  // a control or structural byte
            case 3 where !out.isEmpty:  // a slice repeated (duplicated keys, columns, lines)
                let end = min(out.count, at + int(1..<64))
                out.insert(contentsOf: out[at..<end], at: at)
            case 4: out.insert(contentsOf: Array(pick(Self.hostileStrings).utf8), at: at)
            case 5 where !out.isEmpty: out.remove(at: at)
            default: out.insert(contentsOf: Array(String(repeating: pick(["[", "{\"a\":", "\"", ","]), count: int(1..<400)).utf8), at: at)
            }
        }
        return out
    }

    /// `value` with 1 to 3 structural changes somewhere in its tree.
    public mutating func json(_ value: JSONValue) -> JSONValue {
        var out = value
        for _ in 0..<int(1..<4) { out = mutateSomewhere(out, depth: 0) }
        return out
    }

    private mutating func mutateSomewhere(_ value: JSONValue, depth: Int) -> JSONValue {
        switch value {
        case .object(var object) where !object.isEmpty && chance(0.8) && depth < 40:
            let keys = object.keys
            let key = keys[int(0..<keys.count)]
            if chance(0.15) { object[key] = nil; return .object(object) }
            object[key] = mutateSomewhere(object[key] ?? .null, depth: depth + 1)
            return .object(object)
        case .array(var items) where !items.isEmpty && chance(0.8) && depth < 40:
            let at = int(0..<items.count)
            if chance(0.1) { items.append(contentsOf: Array(repeating: items[at], count: int(1..<50))); return .array(items) }
            items[at] = mutateSomewhere(items[at], depth: depth + 1)
            return .array(items)
        default:
            return replacement(for: value)
        }
    }

    private mutating func replacement(for value: JSONValue) -> JSONValue {
        switch int(0..<9) {
        case 0: return .null
        case 1: return .string(pick(Self.hostileStrings))
        case 2: return .number(pick(Self.hostileNumbers))
        case 3: return .bool(chance(0.5))
        case 4: return .array([value, value])
        case 5: return .object(JSONObject([("unexpected", value)]))
        case 6:  // nested past any sane depth
            var deep = value
            for _ in 0..<int(1..<300) { deep = .array([deep]) }
            return deep
        case 7: return .string((value.stringValue ?? "") + pick(Self.hostileStrings))
        default: return .array([])
        }
    }
}

/// Samples the process's resident memory while a fuzz suite runs, so an input that makes the
/// code allocate far past its size is caught even when the process survives it.
public final class PeakMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var running = true
    public let start: Int

    public init() {
        start = Self.resident()
        peak = start
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                let now = Self.resident()
                lock.withLock { peak = max(peak, now) }
                usleep(5_000)
            }
        }
    }

    /// Stops sampling; the highest resident size seen above the start, in bytes.
    public func stop() -> Int {
        lock.withLock { running = false; peak = max(peak, Self.resident()) }
        return lock.withLock { peak - start }
    }

    /// The resident set size now (Linux `/proc/self/statm`), in bytes; 0 where unreadable.
    public static func resident() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// One kind's figures: inputs tried, how many were refused with a message, the slowest input.
public struct FuzzTally: CustomStringConvertible, Sendable {
    public var kind: String
    public var tried = 0
    public var refused = 0
    public var slowest: Double = 0
    public var total: Double = 0
    public init(kind: String) { self.kind = kind }

    /// Times one input; returns whether it was refused.
    public mutating func run(_ body: () throws -> Bool) rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        let refusedNow = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        tried += 1
        if refusedNow { refused += 1 }
        slowest = max(slowest, seconds)
        total += seconds
    }

    /// Times one async input; returns whether it was refused.
    public mutating func runAsync(_ body: () async throws -> Bool) async rethrows {
        let start = DispatchTime.now().uptimeNanoseconds
        let refusedNow = try await body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        tried += 1
        if refusedNow { refused += 1 }
        slowest = max(slowest, seconds)
        total += seconds
    }

    /// Ends the kind: prints its figures (and how much memory grew) and returns what broke its
    /// bounds: an input slower than `perInput` seconds, growth past `memoryBound` bytes, or, with
    /// `bothOutcomes`, mutations that were all refused or all taken (the inputs reach neither side).
    public func finish(_ memory: PeakMemory, perInput: Double, memoryBound: Int, bothOutcomes: Bool = true) -> [String] {
        let grown = memory.stop()
        print(self, String(format: "· memory grew %.0f MB", Double(grown) / 1_048_576))
        var broken: [String] = []
        if slowest >= perInput { broken.append("an input took \(slowest) s (bound \(perInput) s)") }
        if grown >= memoryBound { broken.append("memory grew \(grown >> 20) MB (bound \(memoryBound >> 20) MB)") }
        if bothOutcomes, refused == 0 || refused == tried { broken.append("every input had one outcome: \(self)") }
        return broken
    }

    public var description: String {
        String(format: "fuzz %@: %d inputs, %d refused with a message, %.2f s in all, slowest %.3f s", kind, tried, refused, total, slowest)
    }
}
