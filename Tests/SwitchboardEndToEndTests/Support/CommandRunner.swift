import Foundation

/// The result of running the `switchboard` binary once.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built `switchboard` binary with `arguments`, stdin from `input` (or /dev/null), and
/// `environment` added to a minimal one (HOME and XDG folders point at a fresh temporary folder
/// unless given, so the user's real configuration never leaks into a test).
func runSwitchboard(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> CommandResult {
    let binary = try requireBinary()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sbcli-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outFile = folder.appendingPathComponent("out"), errFile = folder.appendingPathComponent("err"), inFile = folder.appendingPathComponent("in")
    try Data((input ?? "").utf8).write(to: inFile)
    var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "XDG_CONFIG_HOME": folder.appendingPathComponent("config").path,
               "XDG_DATA_HOME": folder.appendingPathComponent("data").path, "LANG": "C.UTF-8"]
    env.merge(environment) { _, new in new }
    let status = reap(try spawn([binary.path] + arguments, environment: env, stdin: inFile.path, stdout: outFile.path, stderr: errFile.path))
    let stdout = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    return CommandResult(status: status, stdout: stdout, stderr: stderr)
}

/// The binary, or a thrown error that says how to build it.
func requireBinary() throws -> URL {
    guard let binary = switchboardBinary() else { throw TmuxError(message: "build the switchboard binary first (swift build)") }
    return binary
}
