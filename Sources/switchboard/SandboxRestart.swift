import SwitchboardCore

/// What a restart of the embedded sandbox (`--sandbox`) means for the credentials stored beside it.
///
/// The sandbox keeps its records (`crm.sqlite`) but not its tokens: a restarted sandbox has
/// forgotten every token it issued, as a CRM forgets a revoked app's. So at start the console
/// marks every credential of the sandbox's data folder as needing a new login — the header and
/// the catalog say "needs re-auth" at once, and `:connect` logs in again instead of keeping a
/// token the sandbox would refuse with INVALID_CREDENTIAL on the first send.
enum SandboxRestart {
    /// Marks the workspace's valid credentials as needing a new login; returns how many.
    static func expireCredentials(_ workspace: Workspace) -> Int {
        guard let store = try? workspace.credentials(), let all = try? store.list() else { return 0 }
        var count = 0
        for credential in all where credential.status == .valid {
            if (try? store.markNeedsReauth(credential)) != nil { count += 1 }
        }
        return count
    }

    /// The start-up flash line for `count` expired credentials (nil for none).
    static func notice(_ count: Int) -> String? {
        guard count > 0 else { return nil }
        return "The sandbox restarted and forgot its tokens: \(count) credential\(count == 1 ? "" : "s") marked needs re-auth; :connect ID logs in again"
    }
}
