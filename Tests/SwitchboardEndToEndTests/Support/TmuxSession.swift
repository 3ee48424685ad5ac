import Foundation
import Testing

/// The built `switchboard` binary, next to the test bundle or in the package's `.build/debug`.
func switchboardBinary() -> URL? {
    var candidates: [URL] = []
    if let override = ProcessInfo.processInfo.environment["SWITCHBOARD_BINARY"] { candidates.append(URL(fileURLWithPath: override)) }
    candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("switchboard"))
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug/switchboard"))
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
}

/// Runs a command and returns its exit status and output.
///
/// Output goes through a temporary file, not a pipe: a command that leaves a daemon behind (the
/// tmux server) would otherwise hold the pipe open and the read would never end. The child is
/// started with `posix_spawn` and reaped with `waitpid`, because Foundation's `Process` can miss
/// the exit of a client whose forked daemon lives on, and then waits forever.
@discardableResult
func shell(_ arguments: [String]) -> (status: Int32, output: String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("sbtest-\(UUID()).out")
    defer { try? FileManager.default.removeItem(at: file) }
    let pid: pid_t
    do { pid = try spawn(["/usr/bin/env"] + arguments, stdout: file.path) } catch { return (-1, "\(error)") }
    let status = reap(pid)
    return (status, (try? String(contentsOf: file, encoding: .utf8)) ?? "")
}

/// A private tmux server (own socket) running one command in a pane of a fixed size.
/// The server is killed when the session is closed, so no process outlives the test.
final class TmuxSession {
    let socket = "sbtest-\(UUID().uuidString.prefix(8))"
    let width: Int
    let height: Int

    /// A private data folder for the console under test (`SWITCHBOARD_HOME`), removed on close,
    /// so a test never reads or writes the user's real tenants and credentials.
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("sbtmux-home-\(UUID().uuidString.prefix(8))")

    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        self.width = width
        self.height = height
        var args = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height)]
        var environment = environment
        if environment["SWITCHBOARD_HOME"] == nil { environment["SWITCHBOARD_HOME"] = home.path }
        for (k, v) in environment { args += ["-e", "\(k)=\(v)"] }
        args.append(command)
        let result = shell(args)
        guard result.status == 0 else { throw TmuxError(message: "tmux failed to start: \(result.output)") }
        _ = shell(["tmux", "-L", socket, "set-option", "-g", "remain-on-exit", "on"])
    }

    /// Sends keys as tmux names them ("Escape", "Enter", "C-p") or literal text with `literal`.
    func send(_ keys: String..., literal: Bool = false) {
        shell(["tmux", "-L", socket, "send-keys", "-t", "0"] + (literal ? ["-l"] : []) + keys)
    }

    /// Pastes `text` as a terminal does: wrapped in bracketed-paste markers when the program
    /// asked for them (tmux's `paste-buffer -p`), all in one write.
    func paste(_ text: String) {
        shell(["tmux", "-L", socket, "set-buffer", "--", text])
        shell(["tmux", "-L", socket, "paste-buffer", "-p", "-t", "0"])
    }

    /// Resizes the window, as a person dragging the terminal's edge.
    func resize(width: Int, height: Int) {
        shell(["tmux", "-L", socket, "resize-window", "-t", "0", "-x", String(width), "-y", String(height)])
    }

    /// What a person sees in the pane now.
    func capture() -> String {
        shell(["tmux", "-L", socket, "capture-pane", "-p", "-t", "0"]).output
    }

    /// Waits (bounded, asynchronously) until the pane shows `text`; returns the last capture either way.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 15) async -> (found: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while Date() < deadline {
            if screen.contains(text) { return (true, screen) }
            // Sleep without holding a thread of the shared pool: other tests' effects need it.
            try? await Task.sleep(nanoseconds: 100_000_000)
            screen = capture()
        }
        return (screen.contains(text), screen)
    }

    /// Waits (bounded) until the pane no longer shows `text`.
    @discardableResult
    func waitForAbsence(_ text: String, timeout: TimeInterval = 10) async -> (gone: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while Date() < deadline {
            if !screen.contains(text) { return (true, screen) }
            // Sleep without holding a thread of the shared pool: other tests' effects need it.
            try? await Task.sleep(nanoseconds: 100_000_000)
            screen = capture()
        }
        return (!screen.contains(text), screen)
    }

    func close() {
        shell(["tmux", "-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: home)
    }

    deinit { close() }
}

struct TmuxError: Error { var message: String }

/// Whether tmux is installed (CI installs it; a machine without it skips these tests loudly).
let tmuxAvailable = shell(["tmux", "-V"]).status == 0
