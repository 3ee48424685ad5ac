import ConsoleKit
import Foundation
import SwitchboardCore

/// The exact request a push of a record would send: request line, headers (token masked), the
/// mapped body in colour, and the schema validation results with JSON Pointer paths.
/// `ctrl+j` (then `y`) sends exactly this request through the push engine (see `PreviewSend`).
/// `C` copies it as curl with the token redacted; `T` asks, then copies it with the tenant's live
/// token (read through the core when confirmed, never drawn).
public struct PreviewScreen: ConsoleScreen {
    /// The request as curl with the live token (or why not), delivered to the screen.
    struct LiveCurl: Sendable {
        var result: Result<String, ConsoleData.Failure>
    }

    public let connector: ConnectorManifest
    public let action: ActionSpec
    /// The record as the tenant has it (what a send pushes).
    public let record: UniversalRecord
    /// Why a push would hold the record back: an associated record it names is not in the CRM yet.
    public let waiting: String?
    /// The mapping the body was built with.
    public let mapping: FieldMapping
    /// Where the mapping comes from, e.g. "demo's version 2" or "the connector's defaults".
    public let mappingOrigin: String
    /// Whether the app should build it with the selected tenant's mapping when it opens (false for
    /// previews of an explicit mapping, such as the editor's).
    public var followsTenant: Bool
    public private(set) var scroll = 0
    let preview: Result<PreparedRequest, RequestBuilder.Failure>
    /// The send in progress or done.
    public var send = PreviewSend.Phase.idle
    /// The tenant whose credential a send would use, when it has one (shown in place of the token).
    public var tokenOwner: String?
    /// A line above the request saying why it is this action (a pushed record previews its update).
    public var note: String?
    /// The tenant the last send was for (its advice names the tenant's next step).
    public var sendTenant = ""
    /// The record the body is built from (associated records' CRM ids in place).
    let shownRecord: UniversalRecord
    /// Reads the request as curl with the tenant's live token, set by the app when the selected
    /// tenant has a credential for the connector; nil: `T` is not offered.
    public var liveCurl: (@Sendable () async throws -> String)?
    /// Whether the question "copy with the live token?" is open.
    public private(set) var confirmingToken = false

    /// `resolved` is the record with its associated records' CRM ids in place of local ids (the
    /// body is built from it), why it would wait, and its own CRM id (the URL's first path
    /// parameter, as a push fills it); without it the record's own values are shown.
    public init(connector: ConnectorManifest, action: ActionSpec, record: UniversalRecord, mapping: FieldMapping? = nil,
                mappingOrigin: String = "the connector's defaults", followsTenant: Bool = true,
                resolved: ResolvedRecord? = nil) {
        self.followsTenant = followsTenant
        self.connector = connector
        self.action = action
        self.record = record
        self.waiting = resolved?.waiting
        let shown = resolved?.record ?? record
        shownRecord = shown
        let mapping = mapping ?? .defaults(connector, actionId: action.id)
        self.mapping = mapping
        self.mappingOrigin = mappingOrigin
        var pathValues = Dictionary(uniqueKeysWithValues: action.pathParameters.map { ($0, "{\($0)}") })
        if let linked = resolved?.linkedID, let first = action.pathParameters.first { pathValues[first] = linked }
        unresolvedPathParameters = action.pathParameters.filter { pathValues[$0] == "{\($0)}" }
        linkedID = resolved?.linkedID
        preview = Result { () throws(RequestBuilder.Failure) -> PreparedRequest in
            try RequestBuilder.build(record: shown, mapping: mapping, action: action,
                                            connector: connector, access: .notConnected, pathValues: pathValues)
        }
    }

    /// The request, when it could be built and is valid (only then may it be sent).
    public var sendableRequest: PreparedRequest? {
        guard case .success(let p) = preview, p.isValid, unresolvedPathParameters.isEmpty, waiting == nil else { return nil }
        return p
    }

    /// Path parameters the URL shows as `{name}`: the first is filled from the record's link
    /// when the tenant pushed it before; a request with any left is not valid here.
    public let unresolvedPathParameters: [String]
    /// The record's CRM id when the tenant pushed it before.
    public let linkedID: String?

    public var breadcrumb: String { "Preview" }
    public var isModal: Bool {
        if confirmingToken { return true }
        if case .confirming = send { return true }
        return false
    }
    public var connectorID: String? { connector.id }

    public func bindings() -> [Binding<AppModel>] {
        if confirmingToken {
            return [
                Binding("preview.tokenConfirm", keys: [.character("y")], title: "copy with the token", group: "Copy"),
                Binding("preview.tokenCancel", keys: [.character("n"), .escape, .enter], title: "cancel", group: "Copy"),
            ]
        }
        if case .confirming = send {
            return [
                Binding("preview.confirm", keys: [.character("y")], title: "send", group: "Send"),
                Binding("preview.cancelSend", keys: [.character("n"), .escape], title: "cancel", group: "Send"),
            ]
        }
        var history: [Binding<AppModel>] = []
        if case .done(let outcome) = send {
            history.append(Binding("preview.history", keys: [.character("h")], title: "open run \(outcome.runID) in History", group: "Send"))
        }
        return history + [
            Binding("preview.up", keys: [.up, .character("k")], title: "scroll up", group: "Preview", showInBar: false),
            Binding("preview.down", keys: [.down, .character("j")], title: "scroll down", group: "Preview", showInBar: false),
            Binding("preview.pageDown", keys: [.pageDown, .character(" ")], title: "page down", group: "Preview", showInBar: false),
            Binding("preview.pageUp", keys: [.pageUp], title: "page up", group: "Preview", showInBar: false),
            Binding("preview.copy", keys: [.character("y")], title: "copy request", group: "Preview"),
            Binding("preview.curl", keys: [.character("C")], title: "copy as curl", group: "Preview",
                    disabledReason: { model in
                        guard let top = model.top as? PreviewScreen, case .success = top.preview else { return "the request could not be built" }
                        return nil
                    }),
            Binding("preview.curlToken", keys: [.character("T")], title: "copy as curl with the token", group: "Preview", showInBar: false,
                    disabledReason: { model in
                        guard let top = model.top as? PreviewScreen, case .success = top.preview else { return "the request could not be built" }
                        return top.liveCurl == nil ? "select a tenant with a credential for \(top.connector.name) first (:tenants, :connect \(top.connector.id))" : nil
                    }),
            // A terminal sends ctrl+j as a line feed, which arrives as Enter.
            Binding("preview.send", keys: [.ctrl("j"), .enter], title: "send", group: "Preview",
                    disabledReason: { model in
                        guard let top = model.top as? PreviewScreen else { return nil }
                        if case .sending = top.send { return "a send is in progress" }
                        return top.sendableRequest == nil ? "the request is not valid: fix the mapping or the record" : nil
                    }),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        switch id {
        case "preview.up": scroll = max(0, scroll - 1)
        case "preview.down": scroll += 1
        case "preview.pageDown": scroll += max(1, pageSize - 2)
        case "preview.pageUp": scroll = max(0, scroll - max(1, pageSize - 2))
        case "preview.copy":
            if case .success(let p) = preview { return .copy(p.displayText, label: "request (token masked)") }
        case "preview.curl":
            if case .success(let p) = preview { return .copy(p.curl(), label: "request as curl (token redacted)") }
        case "preview.curlToken":
            if liveCurl != nil { confirmingToken = true }
        case "preview.tokenCancel":
            confirmingToken = false
            return .flash(.info, "Not copied")
        case "preview.tokenConfirm":
            confirmingToken = false
            guard let liveCurl else { return .none }
            return .effect(Effect("preview.liveCurl") {
                do { return .screenMessage(LiveCurl(result: .success(try await liveCurl()))) } catch {
                    return .screenMessage(LiveCurl(result: .failure(ConsoleData.Failure(String(describing: error)))))
                }
            })
        case "preview.send":
            return .effect(.send(.command("send")))
        case "preview.confirm":
            return .effect(.send(.command("send!")))
        case "preview.history":
            if case .done(let outcome) = send { return .command("history \(outcome.runID)") }
        case "preview.cancelSend":
            send = .idle
            return .flash(.info, "Not sent")
        default: break
        }
        return .none
    }

    public mutating func mouse(_ action: MouseAction, row: Int, pageSize: Int) -> ScreenOutcome {
        switch action {
        case .wheelUp: scroll = max(0, scroll - 3)
        case .wheelDown: scroll += 3
        case .click: break
        }
        return .none
    }

    /// Every line of the preview, styled.
    func lines(theme: Theme) -> [[Span]] {
        let text = theme.style(.text), muted = theme.style(.muted), title = theme.style(.title)
        var lines: [[Span]] = [[Span("Sample record \(record.id ?? "") (\(record.object.rawValue)) → \(connector.name) \(action.id) · mapping: \(mappingOrigin)", muted)]]
        if let note { lines.append([Span("ℹ " + note, theme.style(.warning))]) }
        lines += PreviewSend.lines(send, connector: connector, tenant: sendTenant, theme: theme)
        lines.append([])
        switch preview {
        case .failure(let failure):
            lines.append([Span("✖ " + failure.message, theme.style(.error))])
        case .success(let p):
            let unresolved = unresolvedPathParameters
            if p.isValid, unresolved.isEmpty, waiting == nil {
                lines.append([Span("✓ valid against the \(action.id) schema", theme.style(.success))])
            } else {
                let count = p.mappingIssues.count + p.violations.count + unresolved.count + (waiting == nil ? 0 : 1)
                lines.append([Span("✖ \(count) problem(s) — this request would not be sent", theme.style(.error))])
                if let waiting {
                    lines.append([Span("  waits", theme.style(.warning)), Span("  " + waiting + " (push that record first; its CRM id goes here)", text)])
                }
                for name in unresolved {
                    let why = name == action.pathParameters.first
                        ? "this record is not linked to a \(connector.name) record yet: push it with a create action first (or :bulk FILE), then its id goes here"
                        : "unresolved path parameter: nothing fills it from the record"
                    lines.append([Span("  {\(name)}", theme.style(.warning)), Span("  " + why, text)])
                }
                for issue in p.mappingIssues { lines.append([Span("  " + issue.target.description, theme.style(.warning)), Span("  " + issue.message, text)]) }
                for v in p.violations { lines.append([Span("  " + v.description, theme.style(.warning))]) }
            }
            lines.append([])
            lines.append([Span(p.method + " ", title), Span(p.url, text)])
            for h in p.displayHeaders {
                let placeholder = AccessGrant.notConnected.accessToken
                let value = tokenOwner.map { h.value.replacingOccurrences(of: placeholder, with: "<\($0)'s token, added when sent>") } ?? h.value
                lines.append([Span(h.name + ": ", muted), Span(value, text)])
            }
            lines.append([])
            if let body = p.body { lines += JSONSpans.lines(body, theme: theme) } else { lines.append([Span("(no body)", muted)]) }
        }
        return lines
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let inner = Rect(x: rect.x + 1, y: rect.y, width: max(0, rect.width - 2), height: rect.height)
        let all = lines(theme: theme)
        let top = min(scroll, max(0, all.count - rect.height))
        for (i, line) in all.dropFirst(top).prefix(rect.height).enumerated() {
            buffer.write(spans: line, x: inner.x, y: inner.y + i, width: inner.width, fill: theme.style(.text))
        }
        if confirmingToken {
            Dialog(title: "Copy with the live token?",
                   message: "The curl command goes to the clipboard with \(tokenOwner ?? "the tenant")'s real \(connector.name) token — a working credential; "
                       + "it is not shown here. y copies it, n copies it not.",
                   choices: [("y", "copy with the token"), ("n", "cancel")]).render(in: rect, buffer: &buffer, theme: theme)
        }
        if case .confirming(let tenant) = send, let p = sendableRequest {
            Dialog(title: "Send to \(connector.name)?",
                   message: "\(p.method) \(p.url) for tenant \(tenant), with the body shown. The CRM record id is kept as a record link.",
                   choices: [("y", "send"), ("n", "cancel")]).render(in: rect, buffer: &buffer, theme: theme)
        }
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        if let live = message as? LiveCurl {
            switch live.result {
            case .success(let curl): return .copy(curl, label: "request as curl with \(tokenOwner ?? "the tenant")'s live token")
            case .failure(let failure): return .flash(.error, "Not copied: \(failure.description)")
            }
        }
        guard let message = message as? PushSession.Message, case .sending(let session) = send, ObjectIdentifier(session) == message.session else { return .none }
        switch message.event {
        case .progress: return .effect(session.nextEvent())
        case .finished(let outcome):
            send = .done(outcome)
            return PreviewSend.flash(outcome, connector: connector, tenant: sendTenant)
        }
    }
}
