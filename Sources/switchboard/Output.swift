import ArgumentParser
import Foundation
import SwitchboardCore

/// A user-facing failure: one line on stderr, exit code 1 (2 for usage), never a stack trace.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32
    init(_ message: String, prefixed: Bool = true, exitCode: Int32 = 1) {
        self.message = prefixed ? "switchboard: " + message : message
        self.exitCode = exitCode
    }

    /// The command line's form of an application-layer error.
    init(_ error: WorkspaceError) {
        self.init(error.message, prefixed: !error.namesPlace, exitCode: error.isUsage ? 2 : 1)
    }

    var description: String { message }
}

/// Writes a line to stdout unbuffered (so piped readers see URLs as they are printed).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to stderr.
func warn(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `value` with every object's keys in alphabetical order (the order these commands' JSON had).
func sortedKeys(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let o): return .object(JSONObject(o.keys.sorted().map { ($0, sortedKeys(o[$0] ?? .null)) }))
    case .array(let a): return .array(a.map(sortedKeys))
    default: return value
    }
}

/// ISO 8601 in UTC.
func isoDate(_ date: Date) -> String { RelativeTime.iso(date) }

/// Runs a store call, turning its error into a one-line CLI error.
func storeCall<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as CLIError { throw error } catch let error as WorkspaceError { throw CLIError(error) } catch {
        throw CLIError(String(describing: error))
    }
}

/// Left-aligned columns for the CLI's human-readable lists (`--json` gives the machine form).
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String { self.rows([header] + rows) }

    /// Rows with no header; control characters in cells are shown as escapes.
    static func rows(_ given: [[String]]) -> String {
        let all = given.map { $0.map(\.terminalSafe) }
        var widths = Array(repeating: 0, count: all.map(\.count).max() ?? 0)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

/// Runs `body` to its end; ctrl+c cancels its task (work in flight finishes, the rest stops).
func runInterruptible<T: Sendable>(_ body: @escaping @Sendable () async -> T) async -> T {
    let task = Task { await body() }
    signal(SIGINT, SIG_IGN)
    let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    interrupt.setEventHandler { task.cancel() }
    interrupt.resume()
    let value = await task.value
    interrupt.cancel()
    signal(SIGINT, SIG_DFL)
    return value
}
