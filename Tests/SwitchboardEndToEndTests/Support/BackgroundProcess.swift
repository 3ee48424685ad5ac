import Foundation

/// A `switchboard` process running in the background (a sandbox server, a login waiting for its
/// callback), its output captured in a file; killed and reaped on `stop()`.
final class BackgroundProcess {
    let pid: pid_t
    let output: URL

    init(_ arguments: [String], environment: [String: String]) throws {
        let binary = try requireBinary()
        output = FileManager.default.temporaryDirectory.appendingPathComponent("sbbg-\(UUID().uuidString.prefix(8)).out")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary.path] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw TmuxError(message: "cannot start \(binary.path): \(String(cString: strerror(spawned)))") }
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
