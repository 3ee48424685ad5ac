import SwitchboardCore

/// The console's own next step for a push that stopped or a record that failed: the keys and
/// commands of this console first, the command line's form second.
enum ConsoleAdvice {
    /// Why a run stopped, and what to do in the console.
    static func stop(_ stop: PushStop, connector: String, tenant: String, runID: String) -> String {
        switch stop {
        case .invalidCredential(let message):
            return "INVALID_CREDENTIAL: \(message) — :connect! \(connector) logs in again, then R on :history resumes run \(runID)"
                + " (CLI: switchboard auth login \(connector) --tenant \(tenant) --force; switchboard push --resume \(runID))"
        case .cancelled:
            return "cancelled — R on :history resumes run \(runID) (CLI: switchboard push --resume \(runID))"
        case .store(let error):
            return error.description
        case .quotaExhausted(let message):
            return "DAILY_QUOTA: \(message) — R on :history resumes run \(runID) once it resets (CLI: switchboard push --resume \(runID))"
        }
    }

    /// The one word for how a run ended without finishing, as History's Status column says it:
    /// `interrupted` when it was cancelled (esc, ctrl+c, a crash), `stopped` when the CRM or the
    /// store stopped it (a refused credential).
    static func word(_ stop: PushStop) -> String { stop == .cancelled ? "interrupted" : "stopped" }

    /// The next step for a record that failed with `code`, or nil when the message says it all.
    static func item(code: String?, connector: String) -> String? {
        switch code {
        case "INVALID_CREDENTIAL": return ":connect! \(connector) logs in again"
        case "RATE_LIMITED": return "wait, then R on :history resumes the run"
        default: return nil
        }
    }
}
