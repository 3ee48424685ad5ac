import ConsoleKit
import Foundation
import SwitchboardCore

/// The OAuth walk-through for one tenant and connector, showing each step as it happens: the
/// listener, the whole authorization URL (`c` copies it), the countdown, and the result. `p`
/// accepts the final redirect URL pasted from a browser that cannot reach this machine. Under
/// `--sandbox`, `a` approves (and `d` denies) the sandbox's consent page from the console; pressed
/// before the page is ready, the answer is kept and sent as soon as it is.
public struct ConnectScreen: ConsoleScreen {
    public enum Phase: Sendable, Equatable { case starting, waiting, exchanging, connected, failed }

    public let connector: ConnectorManifest
    public let tenant: String
    public private(set) var phase: Phase = .starting
    public private(set) var steps: [String] = []
    public private(set) var url: String?
    public private(set) var deadline: Date?
    public private(set) var now: Date
    public private(set) var result: String?
    /// The text being pasted while in paste mode (through the app's prompt).
    public private(set) var pasteText = ""
    private var pasting = false
    let session: LoginSession
    /// Answers the sandbox's consent page (approve or deny); nil outside the sandbox.
    let consent: (@Sendable (String, Bool) async throws -> String)?
    /// The answer (`a` true, `d` false) given before the consent page was ready, sent when it is.
    public private(set) var pendingConsent: Bool?
    /// The answer sent from the console, if one was (the steps say so).
    public private(set) var consentSent: Bool?

    /// A screen following `session` for `tenant` and `connector`.
    public init(connector: ConnectorManifest, tenant: String, session: LoginSession, now: Date = Date(),
                consent: (@Sendable (String, Bool) async throws -> String)? = nil) {
        self.consent = consent
        self.connector = connector
        self.tenant = tenant
        self.session = session
        self.now = now
    }

    /// The effect that delivers the session's next event (re-armed after each one).
    public static func nextEvent(_ session: LoginSession) -> Effect<AppMsg> {
        Effect("connect.next") { await session.next().map { AppMsg.screenMessage($0) } }
    }

    public var breadcrumb: String { "Connect \(connector.name)" }
    public var connectorID: String? { connector.id }
    public var supportsFilter: Bool { pasting }
    public var filterText: String { pasting ? pasteText : "" }
    public var filterPrompt: String { "paste the final redirect URL" }
    public var hasUnsavedChanges: Bool { phase == .waiting || phase == .exchanging }

    /// Seconds left before the callback times out.
    public var remaining: Int? { deadline.map { max(0, Int($0.timeIntervalSince(now).rounded())) } }

    public func bindings() -> [Binding<AppModel>] {
        [
            Binding("connect.copy", keys: [.character("c")], title: "copy URL", group: "Connect",
                    disabledReason: { model in
                        guard let screen = model.top as? ConnectScreen, screen.url != nil else { return "no URL yet" }
                        return screen.phase == .connected ? "connected already: the URL is used" : nil
                    }),
            Binding("connect.paste", keys: [.character("p")], title: "paste redirect", group: "Connect",
                    disabledReason: { ($0.top as? ConnectScreen)?.phase == .waiting ? nil : "not waiting for a callback" }),
            Binding("connect.approve", keys: [.character("a")], title: "approve (sandbox)", group: "Connect",
                    disabledReason: { Self.consentDisabled($0) }),
            Binding("connect.deny", keys: [.character("d")], title: "deny (sandbox)", group: "Connect", showInBar: false,
                    disabledReason: { Self.consentDisabled($0) }),
            Binding("connect.cancel", keys: [.character("x")], title: "cancel", group: "Connect",
                    disabledReason: { ($0.top as? ConnectScreen)?.phase == .waiting ? nil : "not waiting" }),
            // Leaving the screen cancels a waiting login, so its listener closes now, not at the timeout.
            Binding("connect.back", keys: [.escape], title: "back", group: "Connect", showInBar: false),
        ]
    }

    /// Why `a` / `d` do nothing here, or nil when they answer the sandbox's consent (now, or as
    /// soon as the login has made its consent page, while it is starting).
    static func consentDisabled(_ model: AppModel) -> String? {
        guard let screen = model.top as? ConnectScreen else { return "not connecting" }
        if screen.consent == nil { return "only under --sandbox: open the URL in a browser to authorize" }
        if screen.consentSent != nil || screen.pendingConsent != nil { return "the consent is answered already" }
        switch screen.phase {
        case .starting, .waiting: return nil
        case .exchanging: return "the authorization was received already"
        case .connected: return "connected already"
        case .failed: return "the login has ended: :connect! \(screen.connector.id) starts another"
        }
    }

    /// The effect that answers the sandbox's consent at `url`.
    func answer(_ approve: Bool, url: String) -> Effect<AppMsg>? {
        guard let consent else { return nil }
        return Effect("connect.consent") {
            do {
                _ = try await consent(url, approve)
                return .flash(.info, approve ? "Approved in the sandbox; finishing the login…" : "Denied in the sandbox")
            } catch {
                return .flash(.error, "Could not answer the sandbox's consent: \(error)")
            }
        }
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        switch id {
        case "connect.approve", "connect.deny":
            let approve = id == "connect.approve"
            guard phase == .waiting, let url, let effect = answer(approve, url: url) else {
                // The login is still starting: the answer is sent once its consent page exists.
                pendingConsent = approve
                return .flash(.info, "\(approve ? "Approving" : "Denying") in the sandbox as soon as its consent page is ready…")
            }
            consentSent = approve
            return .effect(effect)
        case "connect.copy":
            guard let url else { return .none }
            return .copy(url, label: "authorization URL")
        case "connect.paste":
            pasting = true
            pasteText = ""
            // Opens the app's text prompt (the filter mode) with this screen's paste prompt.
            return .prompt
        case "connect.cancel":
            session.cancel()
            return .flash(.info, "Cancelling the login")
        case "connect.back":
            if phase == .starting || phase == .waiting { session.cancel() }
            return .pop
        default:
            return .none
        }
    }

    public mutating func setFilter(_ text: String) {
        guard pasting else { return }
        pasteText = text
        if text.isEmpty { pasting = false }
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard pasting else { return .none }
        let text = pasteText
        if let error = session.paste(text) {
            // A URL that is not a redirect keeps the prompt open with the text, and says why.
            if case .invalidPastedURL = error { return .flash(.error, error.description) }
            pasting = false
            pasteText = ""
            return .none  // the flow reports the failure itself
        }
        pasting = false
        pasteText = ""
        return .flash(.info, "Pasted redirect accepted")
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        guard let event = message as? LoginSession.Event else { return .none }
        self.now = now
        switch event {
        case .tick(let time):
            self.now = max(now, time)
        case .step(let step):
            apply(step)
        case .finished(let outcome):
            deadline = nil
            pendingConsent = nil
            switch outcome {
            case .success(let credential):
                phase = .connected
                settleSteps(done: true)
                result = "Connected \(connector.name) for \(tenant): credential \(credential.id), \(credential.tokenHint)"
                // The header's auth state is read again by the app after this message.
                return .none
            case .failure(let error):
                phase = .failed
                settleSteps(done: false)
                result = error.description
                return .flash(.error, "\(error.description) — :connect! \(connector.id) tries again")
            }
        }
        // An `a` / `d` pressed while starting is sent now that the consent page is there.
        if phase == .waiting, let approve = pendingConsent, let url, let effect = answer(approve, url: url) {
            pendingConsent = nil
            consentSent = approve
            return .effects([Self.nextEvent(session), effect])
        }
        return .effect(Self.nextEvent(session))
    }

    /// Marks the steps still in progress ("… Waiting", "… Exchanging") as done or failed, so
    /// nothing on screen still claims to wait once the login has ended.
    mutating func settleSteps(done: Bool) {
        steps = steps.map { step in
            guard step.hasPrefix("… ") else { return step }
            let rest = String(step.dropFirst(2))
            if !done { return "✗ " + rest + " — stopped" }
            if rest.hasPrefix("Waiting for the callback") { return "✓ Callback received" }
            if rest.hasPrefix("Exchanging the code") { return "✓ Exchanged the code" + rest.dropFirst("Exchanging the code".count) }
            return "✓ " + rest
        }
    }

    private mutating func apply(_ step: OAuthFlowEvent) {
        switch step {
        case .listening(let uri, _): steps.append("✓ Listening on \(uri)")
        case .listenerSkipped(let reason): steps.append("! No listener: \(reason)")
        case .authorizationURL(let u): url = u; steps.append("✓ Authorization URL ready (c copies it)")
        case .browserOpened: steps.append("✓ Opened the browser")
        case .browserNotOpened(let reason): steps.append("· Browser not opened (\(reason)): open the URL yourself")
        case .waiting(let d): deadline = d; phase = .waiting; steps.append("… Waiting for the callback (p to paste the redirect URL)")
        case .notice(let text): steps.append("! \(text)")
        case .callbackReceived(let via):
            phase = .exchanging
            // The wait is over: its line becomes what ended it.
            steps.removeAll { $0.hasPrefix("… Waiting for the callback") }
            // The console's `a` / `d` reach the listener as a browser would: say who answered.
            let from = consentSent.map { $0 ? "approved from the console" : "denied from the console" } ?? via
            steps.append("✓ Authorization received (\(from))")
        case .exchangingCode(let tokenURL): steps.append("… Exchanging the code at \(tokenURL)")
        case .stored(let c): settleSteps(done: true); steps.append("✓ Stored credential \(c.id); scopes \(c.scopes.joined(separator: " "))")
        case .existingCredential(let c): steps.append("· Existing credential \(c.id)")
        case .failed(let error): steps.append("✗ \(error.description)")
        }
    }

    /// What to do once connected, with the console's own keys.
    var nextStep: String {
        "Next: esc goes back; on \(connector.name)'s actions, enter shows a schema, m maps fields, p previews a request and ctrl+j sends it"
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        let text = theme.style(.text), muted = theme.style(.muted), title = theme.style(.title)
        var lines: [[Span]] = [[Span("Connect \(connector.name) for tenant \(tenant)", title)], []]
        // The result and the next step come first, so they are in view at 80×24 whatever the
        // steps and the URL take.
        if let result {
            lines.append([Span(result, phase == .connected ? theme.style(.success) : theme.style(.error))])
            lines.append([Span(phase == .connected ? nextStep : "Next: :connect! \(connector.id) tries again; esc goes back", muted)])
            lines.append([])
        }
        for step in steps {
            let style = step.hasPrefix("✗") ? theme.style(.error) : step.hasPrefix("!") ? theme.style(.warning) : step.hasPrefix("✓") ? theme.style(.success) : text
            lines.append([Span(step, style)])
        }
        if let url, phase != .connected {
            lines.append([])
            lines.append([Span("Open this URL to authorize:", muted)])
            lines.append([Span(url, text)])
        }
        if phase == .waiting, let remaining {
            lines.append([])
            lines.append([Span(String(format: "Time left: %d:%02d", remaining / 60, remaining % 60), theme.style(.warning))])
        }
        if !connector.authMethods.isEmpty, phase != .connected {
            lines.append([])
            lines.append([Span("Or with a token: " + connector.authMethods.map { ":connect \(connector.id) \($0.id) (\($0.name.lowercased()))" }
                .joined(separator: ", "), muted)])
        }
        _ = TextView().render(lines: TextView.wrap(lines, width: max(1, rect.width)), scroll: 0, in: rect, buffer: &buffer, theme: theme)
    }
}
