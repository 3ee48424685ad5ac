import Foundation
import SwitchboardCore

/// The countdown line on stderr while `auth login` waits (only when stderr is a terminal).
final class Countdown: @unchecked Sendable {
    private let lock = NSLock()
    private var timer: DispatchSourceTimer?
    private var shown = false
    private let enabled = isatty(2) == 1

    func start(until deadline: Date) {
        guard enabled else { return }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: 1)
        timer.setEventHandler { [weak self] in
            let left = max(0, Int(deadline.timeIntervalSinceNow.rounded()))
            self?.draw(String(format: "\r  %d:%02d left (Ctrl-C to cancel) ", left / 60, left % 60))
        }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    private func draw(_ text: String) {
        lock.withLock {
            shown = true
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// Erases the countdown line before other output.
    func clear() {
        lock.withLock {
            if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            shown = false
        }
    }

    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
        }
        clear()
    }
}

/// Reads pasted redirect URLs from stdin (`auth login --paste`) and hands them to the flow.
enum PasteReader {
    static func start(session: LoginSession) {
        Thread.detachNewThread {
            while let line = readLine(strippingNewline: true) {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let error = session.paste(text) else { return }
                if case .invalidPastedURL = error {
                    warn("switchboard: \(error.description); paste it again")
                    continue
                }
                return
            }
        }
    }
}

/// A connection walk-through on the terminal (`auth login`, `alloy connect`): the existing
/// connection checked first, then each step printed as it happens, a countdown while waiting,
/// pasted URLs taken with `--paste`, and the credential's facts at the end.
enum LoginTerminal {
    static func connect(workspace: Workspace, connector id: String, tenant: Tenant, force: Bool, reuse: Bool, options: ConnectOptions) async throws {
        let name = workspace.catalog.connector(id: id)?.name ?? id
        if !force, let existing = try await workspace.existingConnection(tenant: tenant, connector: id) {
            if existing.keepsWithoutAsking {
                say("Tenant \(tenant.name) already has \(existing.summary); kept it (--force connects again)")
                return
            }
            say("Tenant \(tenant.name) already has a valid \(name) \(existing.summary).")
            if reuse || !AuthCommand.confirm("Log in again anyway? [y/N] ") {
                say("Kept the existing credential (use --force to log in again).")
                return
            }
        }
        let session = try workspace.connect(tenant: tenant, connector: id, options: options)
        let countdown = Countdown()
        if options.paste { PasteReader.start(session: session) }
        var outcome: Result<Credential, AuthError>?
        while let event = await session.next() {
            switch event {
            case .tick: break
            case .finished(let result): outcome = result
            case .step(let step):
                countdown.clear()
                switch step {
                case .waiting(let deadline):
                    say(options.paste ? "Waiting for the callback, or paste the final redirect URL here and press Enter." : "Waiting for the callback…")
                    countdown.start(until: deadline)
                case .existingCredential, .stored: break
                default: say(step.line)
                }
            }
        }
        countdown.stop()
        let credential: Credential
        switch outcome {
        case .success(let c)?: credential = c
        case .failure(let error)?: throw CLIError(String(describing: error))
        case nil: throw CLIError("the connection ended without an answer")
        }
        say("Connected \(credential.metadata["connected"] ?? name) for tenant \(tenant.name)")
        say("  credential \(credential.id)")
        say("  scopes     \(credential.scopes.isEmpty ? "-" : credential.scopes.joined(separator: " "))")
        say("  expires    \(AuthCommand.expiry(credential))")
        say("  token      \(credential.tokenHint)")
        for (key, value) in credential.metadata.sorted(by: { $0.key < $1.key }) where ["instance_url", "api_domain"].contains(key) {
            say("  \(key.padding(toLength: 10, withPad: " ", startingAt: 0)) \(value)")
        }
        // Read on connect (by the workspace's session): the account's own fields.
        if let schemaConnector = try? workspace.manifest(id), !workspace.metadataResources(schemaConnector).isEmpty {
            let read = (try? workspace.tenantSchemas(tenant: tenant, connector: schemaConnector.id)) ?? [:]
            if read.isEmpty {
                warn("warning: the account's fields could not be read; `switchboard schema refresh \(schemaConnector.id) --tenant \(tenant.name)` tries again")
            } else {
                let custom = read.values.map(\.customFields.count).reduce(0, +)
                say("  schema     \(read.count) objects read, \(custom) custom field\(custom == 1 ? "" : "s")")
            }
        }
    }
}
