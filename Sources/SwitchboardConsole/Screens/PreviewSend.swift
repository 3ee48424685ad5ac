import ConsoleKit
import Foundation
import SwitchboardCore

/// Sending a previewed request: the phases of the Preview screen's send, and how its result is shown.
public enum PreviewSend {
    /// Where a Preview screen's send stands.
    public enum Phase: Sendable {
        case idle
        /// The confirmation dialog is open (for this tenant).
        case confirming(tenant: String)
        case sending(PushSession)
        case done(PushSession.Outcome)
    }

    /// The lines shown above the request for `phase`.
    static func lines(_ phase: Phase, connector: ConnectorManifest, tenant: String, theme: Theme) -> [[Span]] {
        let text = theme.style(.text)
        switch phase {
        case .idle, .confirming: return []
        case .sending(let session):
            return [[Span("… Sending to \(connector.name) (run \(session.run.id))", theme.style(.warning))]]
        case .done(let outcome):
            let (ok, summary) = describe(outcome, connector: connector, tenant: tenant)
            var lines: [[Span]] = [[Span(summary, theme.style(ok ? .success : .error))]]
            if let item = outcome.items.first {
                var facts: [String] = []
                if let status = item.httpStatus { facts.append("HTTP \(status)") }
                facts.append("\(item.attempts) attempt\(item.attempts == 1 ? "" : "s")")
                if item.durationMilliseconds > 0 { facts.append(String(format: "%.0f ms", item.durationMilliseconds)) }
                facts.append("run \(outcome.runID)")
                lines.append([Span("  " + facts.joined(separator: " · "), text)])
            }
            return lines
        }
    }

    /// Whether it worked, and one line saying what happened.
    static func describe(_ outcome: PushSession.Outcome, connector: ConnectorManifest, tenant: String) -> (Bool, String) {
        if case .failure(let stop) = outcome.result {
            return (false, "✖ Not sent: " + ConsoleAdvice.stop(stop, connector: connector.id, tenant: tenant, runID: outcome.runID))
        }
        guard let item = outcome.items.first else { return (false, "✖ The run has no item") }
        switch item.state {
        case .succeeded:
            let id = item.remoteID ?? "?"
            if item.errorCode == "CONFLICT" { return (true, "✓ Already in \(connector.name): linked to \(connector.name) id \(id)") }
            return (true, "✓ Sent: \(connector.name) id \(id)")
        case .skipped:
            return (true, "• Not sent (\(item.errorCode ?? "skipped")): \(item.errorMessage ?? "")")
        case .failed:
            let advice = ConsoleAdvice.item(code: item.errorCode, connector: connector.id).map { " — " + $0 } ?? ""
            return (false, "✖ Failed: \(item.errorCode ?? "ERROR")\(item.httpStatus.map { " (HTTP \($0))" } ?? ""): \(item.errorMessage ?? "")\(advice)")
        case .queued, .sending:
            return (false, "✖ Not finished: the run stopped — R on :history resumes run \(outcome.runID) (CLI: switchboard push --resume \(outcome.runID))")
        }
    }

    /// The flash line after a send.
    static func flash(_ outcome: PushSession.Outcome, connector: ConnectorManifest, tenant: String) -> ScreenOutcome {
        let (ok, summary) = describe(outcome, connector: connector, tenant: tenant)
        return .flash(ok ? .info : .error, summary)
    }
}
