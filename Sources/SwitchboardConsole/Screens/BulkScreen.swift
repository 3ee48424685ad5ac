import ConsoleKit
import Foundation
import SwitchboardCore

/// A bulk push of a records file: the summary first (to create, already linked, invalid with the
/// reasons), then, once confirmed, the push through the batch action with a progress bar (done /
/// total, rate, ETA, errors); Esc or ctrl+c cancels after the request in flight, keeping what is done.
public struct BulkScreen: ConsoleScreen {
    /// Starts the push of the sendable records.
    public typealias Starter = @Sendable (PushPlan) throws -> PushSession

    /// Where the bulk push stands.
    public enum Phase: Sendable {
        case summary
        case confirming
        case sending(PushSession, PushProgress?)
        case cancelling(PushSession, PushProgress?)
        case done(PushSession.Outcome)
    }

    /// Where each record of the file is ("line 7"), as the unreadable ones are said: every
    /// invalid record is numbered one way. Empty: "record N" (its place among those read).
    public var places: [String] = []
    public let connector: ConnectorManifest
    public let action: ActionSpec
    public let tenant: String
    public let file: String
    public let plan: PushPlan
    public let mappingOrigin: String
    public private(set) var phase = Phase.summary
    let start: Starter
    var scroll = 0

    public init(connector: ConnectorManifest, action: ActionSpec, tenant: String, file: String, plan: PushPlan, mappingOrigin: String,
                start: @escaping Starter) {
        self.connector = connector
        self.action = action
        self.tenant = tenant
        self.file = file
        self.plan = plan
        self.mappingOrigin = mappingOrigin
        self.start = start
    }

    public var breadcrumb: String { "Bulk \(action.id)" }
    public var connectorID: String? { connector.id }
    public var isModal: Bool { if case .confirming = phase { true } else { false } }
    public var hasUnsavedChanges: Bool {
        switch phase {
        case .sending, .cancelling: return true
        default: return false
        }
    }

    /// The batch action the executor will use, if the connector has one.
    var batchAction: ActionSpec? {
        guard action.operation == .create, let object = action.object else { return nil }
        return connector.actions(for: object, .create).first { $0.isBatch }
    }

    public func bindings() -> [Binding<AppModel>] {
        switch phase {
        case .confirming:
            return [Binding("bulk.confirm", keys: [.character("y")], title: "push", group: "Bulk"),
                    Binding("bulk.cancelConfirm", keys: [.character("n"), .escape], title: "cancel", group: "Bulk")]
        case .sending:
            return [Binding("bulk.cancel", keys: [.escape, .ctrl("c")], title: "cancel push", group: "Bulk")]
        case .cancelling:
            return [Binding("bulk.wait", keys: [.escape, .ctrl("c")], title: "cancelling…", group: "Bulk")]
        case .summary, .done:
            var list: [Binding<AppModel>] = [
                Binding("bulk.up", keys: [.up, .character("k")], title: "scroll up", group: "Bulk", showInBar: false),
                Binding("bulk.down", keys: [.down, .character("j")], title: "scroll down", group: "Bulk", showInBar: false),
            ]
            if case .done(let outcome) = phase {
                list.append(Binding("bulk.history", keys: [.character("h")], title: "open run \(outcome.runID) in History", group: "Bulk"))
            }
            if case .summary = phase {
                list.append(Binding("bulk.send", keys: [.ctrl("j"), .enter], title: "push", group: "Bulk",
                                    disabledReason: { model in ((model.top as? BulkScreen)?.plan.sendable.isEmpty ?? false) ? "no valid record to push" : nil }))
            }
            return list
        }
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        switch id {
        case "bulk.up": scroll = max(0, scroll - 1)
        case "bulk.down": scroll += 1
        case "bulk.send":
            guard !plan.sendable.isEmpty else { return .flash(.warning, "No valid record to push") }
            phase = .confirming
        case "bulk.cancelConfirm":
            phase = .summary
            return .flash(.info, "Nothing pushed")
        case "bulk.confirm":
            do {
                let session = try start(plan)
                phase = .sending(session, nil)
                return .effect(session.nextEvent())
            } catch {
                phase = .summary
                return .flash(.error, "Not pushed: \(error)")
            }
        case "bulk.history":
            guard case .done(let outcome) = phase else { return .none }
            return .command("history \(outcome.runID)")
        case "bulk.cancel":
            guard case .sending(let session, let progress) = phase else { return .none }
            session.cancel()
            phase = .cancelling(session, progress)
            return .flash(.warning, "Cancelling after the request in flight; what is done stays done")
        default: break
        }
        return .none
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        guard let message = message as? PushSession.Message else { return .none }
        let session: PushSession
        let cancelling: Bool
        switch phase {
        case .sending(let s, _): session = s; cancelling = false
        case .cancelling(let s, _): session = s; cancelling = true
        default: return .none
        }
        guard ObjectIdentifier(session) == message.session else { return .none }
        switch message.event {
        case .progress(let p):
            phase = cancelling ? .cancelling(session, p) : .sending(session, p)
            return .effect(session.nextEvent())
        case .finished(let outcome):
            phase = .done(outcome)
            let tally = PushTally.of(outcome.items)
            switch outcome.result {
            case .success: return .flash(tally.failed == 0 ? .info : .warning, "Bulk push \(outcome.runID) finished: \(tally)")
            case .failure(let stop):
                return .flash(stop == .cancelled ? .warning : .error,
                              "Bulk push \(outcome.runID) \(ConsoleAdvice.word(stop)) (\(tally)): " + ConsoleAdvice.stop(stop, connector: connector.id, tenant: tenant, runID: outcome.runID))
            }
        }
    }

    /// The progress bar line: `[████░░░░] 340/1000 · 85.2 records/s · ETA 0:08 · 2 errors`.
    static func progressLine(_ p: PushProgress?, total: Int, width: Int) -> String {
        progressLine(done: p?.tally.done ?? 0, failed: p?.tally.failed ?? 0, elapsed: p?.elapsed ?? 0, total: total, width: width)
    }

    /// The progress bar line for `done` of `total` records after `elapsed` seconds, `failed` of them failed.
    public static func progressLine(done: Int, failed: Int, elapsed: TimeInterval, total: Int, width: Int) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var facts = ["\(done)/\(total)"]
        facts.append(rate > 0 ? String(format: "%.1f records/s", rate) : "– records/s")
        if rate > 0, done < total {
            let eta = Int((Double(total - done) / rate).rounded(.up))
            facts.append(String(format: "ETA %d:%02d", eta / 60, eta % 60))
        }
        facts.append("\(failed) error\(failed == 1 ? "" : "s")")
        let text = " " + facts.joined(separator: " · ")
        let barWidth = max(10, min(40, width - CharacterWidth.of(text) - 2))
        let filled = total == 0 ? barWidth : min(barWidth, barWidth * done / total)
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + "]" + text
    }

    func lines(theme: Theme, width: Int) -> [[Span]] {
        let text = theme.style(.text), muted = theme.style(.muted)
        var lines: [[Span]] = [
            [Span("Bulk push of \(file) → \(connector.name) \(action.id)" + (batchAction.map { " (batches through \($0.id))" } ?? "") + " for \(tenant)", theme.style(.title))],
            [Span("Mapping: \(mappingOrigin)", muted)],
            [],
        ]
        let linkedWord = action.operation == .create ? "already pushed (linked; skipped, not created twice)" : "linked (updated)"
        lines.append([Span("\(plan.total) record\(plan.total == 1 ? "" : "s"): ", text), Span("\(plan.toCreate) to \(action.operation == .create ? "create" : action.operation.rawValue)", theme.style(.success)),
                      Span(" · \(plan.linked) \(linkedWord) · ", text), Span("\(plan.invalidCount) invalid (skipped, not sent)", plan.invalidCount == 0 ? muted : theme.style(.error))])
        lines.append([])
        switch phase {
        case .summary:
            // A create skips the linked records, so the count is what will be sent.
            lines.append([Span(plan.toSend == 0 ? "Nothing to push." : "Press ctrl+j to push \(plan.toSend) record\(plan.toSend == 1 ? "" : "s").", muted)])
        case .confirming:
            lines.append([Span("Push \(plan.toSend) record\(plan.toSend == 1 ? "" : "s") to \(connector.name) for \(tenant)? y pushes, n cancels", theme.style(.warning))])
        case .sending(_, let p):
            lines.append([Span(Self.progressLine(p, total: plan.sendable.count, width: width), text)])
            lines.append([Span("Esc or ctrl+c cancels after the request in flight; what is done stays done", muted)])
        case .cancelling(_, let p):
            lines.append([Span(Self.progressLine(p, total: plan.sendable.count, width: width), text)])
            lines.append([Span("Cancelling…", theme.style(.warning))])
        case .done(let outcome):
            let tally = PushTally.of(outcome.items)
            let finished: Bool, ending: String
            switch outcome.result {
            case .success: (finished, ending) = (true, "✓ Finished")
            case .failure(let stop): (finished, ending) = (false, "✖ " + ConsoleAdvice.word(stop).capitalizedFirst)
            }
            lines.append([Span(ending + " run \(outcome.runID): \(tally)", theme.style(finished && tally.failed == 0 ? .success : .error)),
                          Span(" — h opens it in History", muted)])
            if case .failure(let stop) = outcome.result { lines.append([Span(ConsoleAdvice.stop(stop, connector: connector.id, tenant: tenant, runID: outcome.runID), muted)]) }
            let failed = outcome.items.filter { $0.state == .failed }
            for item in failed.prefix(20) {
                lines.append([Span("  ✗ \(item.localID): ", theme.style(.error)), Span("\(item.errorCode ?? "ERROR") \(item.errorMessage ?? "")", text)])
            }
            if failed.count > 20 { lines.append([Span("  … and \(failed.count - 20) more (:history shows them all)", muted)]) }
        }
        if plan.invalidCount > 0 {
            lines.append([])
            lines.append([Span("Invalid records (not sent):", theme.style(.warning))])
            for problem in plan.unreadable { lines.append([Span("  " + problem, theme.style(.error))]) }
            for invalid in plan.invalid {
                let place = places.indices.contains(invalid.position - 1) ? places[invalid.position - 1] : "record \(invalid.position)"
                lines.append([Span("  \(place)\(invalid.key.map { " (\($0))" } ?? ""): ", theme.style(.error)), Span(invalid.problems.joined(separator: "; "), text)])
            }
        }
        return lines
    }

    /// `lines` wrapped to `width`; a line's continuation is indented two more than the line.
    static func wrap(_ lines: [[Span]], width: Int) -> [[Span]] {
        lines.flatMap { line -> [[Span]] in
            let plain = line.map(\.text).joined()
            guard CharacterWidth.of(plain) > width, width > 12 else { return [line] }
            let indent = plain.prefix { $0 == " " }.count
            var rest = line
            if indent > 0, var first = rest.first {
                first.text = String(first.text.drop { $0 == " " })
                rest[0] = first
            }
            let pad = Span(String(repeating: " ", count: indent), line.first?.style ?? .plain)
            let more = Span(String(repeating: " ", count: indent + 2), line.first?.style ?? .plain)
            return TextView.wrap([rest], width: width - indent - 2).enumerated().map { i, piece in [i == 0 ? pad : more] + piece }
        }
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let inner = Rect(x: rect.x + 1, y: rect.y, width: max(0, rect.width - 2), height: rect.height)
        // Wrapped, so a long reason or error is read whole at 80 columns (j / k scroll).
        let all = Self.wrap(lines(theme: theme, width: inner.width), width: inner.width)
        let top = min(scroll, max(0, all.count - rect.height))
        for (i, line) in all.dropFirst(top).prefix(rect.height).enumerated() {
            buffer.write(spans: line, x: inner.x, y: inner.y + i, width: inner.width, fill: theme.style(.text))
        }
    }
}

extension PushTally {
    /// The tally of `items`.
    static func of(_ items: [PushItem]) -> PushTally {
        var t = PushTally()
        for item in items {
            switch item.state {
            case .queued: t.queued += 1
            case .sending: t.sending += 1
            case .succeeded: t.succeeded += 1
            case .failed: t.failed += 1
            case .skipped: t.skipped += 1
            }
        }
        return t
    }
}
