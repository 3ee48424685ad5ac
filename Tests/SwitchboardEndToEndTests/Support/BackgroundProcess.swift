import Foundation

/// A `switchboard` process running in the background (a sandbox server, a login waiting for its
/// callback), its output captured in a file; killed and reaped on `stop()`.
final class BackgroundProcess {
    let pid: pid_t
    let output: URL

    init(_ arguments: [String], environment: [String: String]) throws {
        let binary = try requireBinary()
        output = FileManager.default.temporaryDirectory.appendingPathComponent("sbbg-\(UUID().uuidString.prefix(8)).out")
        let pid = try spawn([binary.path] + arguments, environment: environment, stdout: output.path)
        self.pid = pid
    }

    /// What it printed so far.
    var text: String { (try? String(contentsOf: output, encoding: .utf8)) ?? "" }

    /// Waits (bounded) until the output matches `pattern`; returns the first match.
    func waitFor(_ pattern: String, timeout: TimeInterval = 15) async -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let range = text.range(of: pattern, options: .regularExpression) { return String(text[range]) }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return nil
    }

    /// Waits for the process to end by itself; its exit status, or nil after `timeout`.
    func wait(timeout: TimeInterval = 15) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1 }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return nil
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        _ = waitpid(pid, &status, WNOHANG)
        try? FileManager.default.removeItem(at: output)
    }
}
