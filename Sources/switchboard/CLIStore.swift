import Dispatch
import Foundation
import SwitchboardCore

/// The store, tenants and credentials the tenants/auth commands work on, from the environment.
struct CLIStore {
    let environment: [String: String]
    let store: SwitchboardStore
    let tenants: TenantStore

    /// Opens `$SWITCHBOARD_HOME` (or the XDG data folder); failures are one-line CLI errors.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.environment = environment
        do {
            store = try SwitchboardStore.open(folder: DataFolder.resolve(environment: environment))
        } catch {
            throw CLIError(error.description)
        }
        tenants = TenantStore(store: store)
    }

    /// Over a store opened already (the console shares one pool between all its services).
    init(store: SwitchboardStore, environment: [String: String]) {
        self.environment = environment
        self.store = store
        tenants = TenantStore(store: store)
    }

    /// The credential store, with the master key from the environment or the key file.
    func credentials() throws -> CredentialStore {
        do {
            return CredentialStore(store: store, key: try MasterKey.load(folder: store.folder, environment: environment))
        } catch {
            throw CLIError(error.description)
        }
    }

    /// The tenant named `name`, or a one-line error.
    func tenant(_ name: String) throws -> Tenant {
        do { return try tenants.get(name) } catch { throw CLIError(error.description) }
    }
}

/// Runs async work from a synchronous command (the root command is synchronous) and returns its result.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingResult<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.set(.success(try await body())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try box.get()
}

/// The result slot `runBlocking` hands across threads (written once, read after the semaphore).
private final class BlockingResult<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ value: Result<T, any Error>) { lock.withLock { result = value } }
    func get() throws -> T { try lock.withLock { result! }.get() }
}

/// Writes a line to stdout unbuffered (so piped readers see URLs as they are printed).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to stderr.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// JSON text of a Foundation object, sorted keys.
func jsonText(_ object: Any) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
    return String(decoding: data, as: UTF8.self)
}

/// ISO 8601 in UTC.
func isoDate(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: date)
}

/// "in 59 min", "2 h ago".
func relative(_ date: Date, now: Date = Date()) -> String {
    let seconds = Int(date.timeIntervalSince(now))
    let magnitude = abs(seconds)
    let text: String
    if magnitude < 90 { text = "\(magnitude) s" } else if magnitude < 5400 { text = "\(magnitude / 60) min" } else if magnitude < 172_800 { text = "\(magnitude / 3600) h" } else { text = "\(magnitude / 86400) d" }
    return seconds >= 0 ? "in \(text)" : "\(text) ago"
}

/// Pads columns to their widest cell.
func table(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    var widths = Array(repeating: 0, count: first.count)
    for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
        row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            .joined(separator: "  ")
    }.joined(separator: "\n")
}

/// Runs `body` to its end; ctrl+c cancels its task (work in flight finishes, the rest stops).
func runCancellable<T: Sendable>(_ body: @escaping @Sendable () async -> T) throws -> T {
    try runBlocking {
        let task = Task { await body() }
        signal(SIGINT, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        interrupt.setEventHandler { task.cancel() }
        interrupt.resume()
        let value = await task.value
        interrupt.cancel()
        return value
    }
}
