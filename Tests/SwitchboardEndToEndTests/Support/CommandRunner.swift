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
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inFile.path, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv: [UnsafeMutablePointer<CChar>?] = ([binary.path] + arguments).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, binary.path, &actions, nil, argv, envp)
    guard spawned == 0 else { throw TmuxError(message: "cannot start \(binary.path): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let stdout = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
    return CommandResult(status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, stdout: stdout, stderr: stderr)
}

/// The binary, or a thrown error that says how to build it.
func requireBinary() throws -> URL {
    guard let binary = switchboardBinary() else { throw TmuxError(message: "build the switchboard binary first (swift build)") }
    return binary
}
