import ConsoleKit
import Foundation
import SwitchboardCore

/// Connecting a tenant with one of a connector's token methods (a HubSpot private app's token, a
/// Pipedrive API token, a Copper API key with its user's email): each plain value, then the token
/// (typed or pasted, shown as dots), then the token is tried against the CRM and stored.
///
/// The prompt for the first value is open when the screen opens (`opensPrompt`), so a token typed
/// or pasted straight away goes into it, never to the screen's keys; until the token is stored,
/// `esc` and `q` ask before leaving.
public struct TokenConnectScreen: ConsoleScreen {
    /// Tries and stores a token; the one-line result, or an error with its message.
    public typealias Connect = @Sendable (_ token: String, _ inputs: [String: String]) async throws -> String

    public let connector: ConnectorManifest
    public let method: TokenAuthSpec
    public let tenant: String
    /// The plain values given so far, by input id.
    public private(set) var values: [String: String] = [:]
    /// Dots for the token once given (never the token itself).
    public private(set) var tokenHint: String?
    public private(set) var result: (ok: Bool, text: String)?
    public private(set) var working = false
    private var entering = true
    private var draft = ""
    private let connect: Connect

    public init(connector: ConnectorManifest, method: TokenAuthSpec, tenant: String, connect: @escaping Connect) {
        self.connector = connector
        self.method = method
        self.tenant = tenant
        self.connect = connect
    }

    /// The input asked next; nil when only the token is left.
    var nextInput: TokenAuthSpec.Input? { method.inputs.first { values[$0.id] == nil } }

    public var breadcrumb: String { "Connect \(connector.name) (\(method.id))" }
    public var connectorID: String? { connector.id }
    public var supportsFilter: Bool { entering }
    public var filterText: String { "" }
    public var isTextEntry: Bool { entering }
    public var isSecretEntry: Bool { entering && nextInput == nil }
    public var filterPrompt: String { nextInput?.label ?? "\(method.name) (pasted, not shown)" }
    /// Unfinished until the token is stored: leaving then asks (a value typed would be lost).
    public var hasUnsavedChanges: Bool { result?.ok != true }
    /// The screen opens with its prompt open.
    public var opensPrompt: Bool { true }

    public func bindings() -> [Binding<AppModel>] {
        [
            Binding("token.enter", keys: [.enter, .character("i")], title: "enter the next value", group: "Connect",
                    disabledReason: { model in
                        guard let s = model.top as? TokenConnectScreen else { return nil }
                        return s.working ? "trying the token" : (s.result?.ok == true ? "connected" : nil)
                    }),
            Binding("token.back", keys: [.escape], title: "back", group: "Connect", showInBar: false),
        ]
    }

    public mutating func perform(_ id: String, key: Key, pageSize: Int) -> ScreenOutcome {
        switch id {
        case "token.enter":
            guard !working, result?.ok != true else { return .none }
            entering = true
            draft = ""
            return .prompt
        case "token.back":
            return .pop
        default:
            return .none
        }
    }

    public mutating func setFilter(_ text: String) {
        guard entering else { return }
        draft = text
    }

    public mutating func confirmFilter() -> ScreenOutcome {
        guard entering else { return .none }
        let text = draft.trimmingCharacters(in: .whitespaces)
        if let input = nextInput, !text.isEmpty, let problem = TokenAuthSpec.problem(input, text) {
            // A refused value keeps the prompt open with the text.
            return .flash(.error, problem + "; edit it, or esc to cancel")
        }
        entering = false
        draft = ""
        guard !text.isEmpty else { return .flash(.warning, "Nothing entered") }
        if let input = nextInput {
            values[input.id] = text
            entering = true
            return .prompt
        }
        tokenHint = "••••" + String(text.suffix(4))
        working = true
        result = nil
        let connect = self.connect, inputs = values
        return .effect(Effect("token.connect") {
            do { return .screenMessage(Outcome(ok: true, text: try await connect(text, inputs))) } catch {
                return .screenMessage(Outcome(ok: false, text: "\(error)"))
            }
        })
    }

    /// The result of trying the token.
    struct Outcome: Sendable {
        var ok: Bool
        var text: String
    }

    public mutating func receive(_ message: any Sendable, now: Date) -> ScreenOutcome {
        guard let outcome = message as? Outcome else { return .none }
        working = false
        result = (outcome.ok, outcome.text)
        if !outcome.ok { tokenHint = nil }
        return .flash(outcome.ok ? .info : .error, outcome.text)
    }

    public func render(in rect: Rect, buffer: inout ScreenBuffer, theme: Theme) {
        buffer.fill(rect, style: theme.style(.text))
        let x = rect.x + 1, w = max(0, rect.width - 2)
        var y = rect.y
        func line(_ text: String, _ style: Style) {
            guard y < rect.maxY else { return }
            buffer.write(text, x: x, y: y, width: w, style: style)
            y += 1
        }
        line("Connect \(connector.name) for tenant \(tenant) with a \(method.name.lowercased())", theme.style(.title))
        if let how = method.instructions { line(how, theme.style(.muted)) }
        line("", theme.style(.text))
        for input in method.inputs {
            line("\(values[input.id] == nil ? "·" : "✓") \(input.label): \(values[input.id] ?? "—")", theme.style(values[input.id] == nil ? .muted : .success))
        }
        line("\(tokenHint == nil ? "·" : "✓") \(method.name): \(tokenHint ?? "—")", theme.style(tokenHint == nil ? .muted : .success))
        line("", theme.style(.text))
        if working {
            line("… Trying the token against \(connector.name)", theme.style(.text))
        } else if let result {
            line((result.ok ? "✓ " : "✖ ") + result.text, theme.style(result.ok ? .success : .error))
        } else {
            let what = nextInput.map { "the \($0.label.lowercased())" } ?? "the token"
            line(entering ? "Type or paste \(what) in the prompt below; Enter confirms, esc cancels. The token is tried before it is stored"
                          : "Enter (or i) enters \(what); it is tried before it is stored", theme.style(.muted))
        }
    }
}
