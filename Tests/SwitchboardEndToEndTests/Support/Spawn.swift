import Foundation

/// Starts `argv[0]` with `posix_spawn`: stdin from `stdin`, stdout to `stdout`, stderr to `stderr`
/// (or merged into stdout when nil), no blocked signals and default handlers (the test runner's
/// threads block signals, and a child must start as from a login shell). Foundation's `Process`
/// is not used: it can miss the exit of a client whose forked daemon lives on (tmux).
func spawn(_ argv: [String], environment: [String: String]? = nil, stdin: String = "/dev/null",
           stdout: String, stderr: String? = nil) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    if let stderr {
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    } else {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let args: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { args.forEach { free($0) } }
    var pid: pid_t = 0
    let result: Int32
    if let environment {
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        result = posix_spawn(&pid, argv[0], &actions, &attributes, args, envp)
    } else {
        result = posix_spawn(&pid, argv[0], &actions, &attributes, args, environ)
    }
    guard result == 0 else { throw TmuxError(message: "cannot start \(argv[0]): \(String(cString: strerror(result)))") }
    return pid
}

/// Waits for `pid` and returns its exit status (-1 when killed by a signal).
func reap(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}
